import {Store} from "@mail/core/common/store_service";
import {patch} from "@web/core/utils/patch";

import "@im_livechat/embed/common/store_service_patch";

patch(Store.prototype, {
    setup() {
        super.setup(...arguments);
        /**
         * From ``init_livechat``: false when the visitor can chat, else what the message
         * form needs: ``{reason, channel_id, title, text, topics: [{id, name}]}``.
         */
        this.livechat_iconic_form = false;
        /** From ``init_livechat``: the topics offered before the chat starts, ``[{id, name}]``. */
        this.livechat_iconic_topics = [];
    },
});

import {Thread} from "@mail/core/common/thread_model";
import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";

import "@im_livechat/embed/common/thread_model_patch";

patch(Thread.prototype, {
    setup() {
        super.setup(...arguments);
        /** From the server (and the bus): the visitor waits for a person, no reply yet. */
        this.livechat_iconic_queued = false;
        /** From the server (and the bus, as the queue moves): ``{position, wait_minutes}``
         * while the visitor waits in the queue, else false. */
        this.livechat_iconic_queue = false;
        /** From the server: the visitor already gave an e-mail in this session. */
        this.livechat_iconic_has_email = false;
        /** ``{reference, text}`` once the visitor sent the session as a message. */
        this.livechatIconicSent = null;
    },

    get composerDisabledText() {
        if (
            this.channel_type === "livechat" &&
            this.livechatIconicSent &&
            this.livechat_end_dt
        ) {
            return _t("Your message was sent: we will answer by e-mail.");
        }
        return super.composerDisabledText;
    },
});

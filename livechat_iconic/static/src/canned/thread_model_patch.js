import {Thread} from "@mail/core/common/thread_model";
import {patch} from "@web/core/utils/patch";

patch(Thread.prototype, {
    setup() {
        super.setup(...arguments);
        /** From the server (internal users): the visitor's name, as the board shows it. */
        this.livechat_visitor_name = undefined;
    },
});

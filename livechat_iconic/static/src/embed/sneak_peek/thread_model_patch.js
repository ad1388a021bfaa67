import {Thread} from "@mail/core/common/thread_model";
import {patch} from "@web/core/utils/patch";

patch(Thread.prototype, {
    setup() {
        super.setup(...arguments);
        /** From the server: the queue's sneak peek is on (the agents see the typing). */
        this.livechat_iconic_sneak_peek = false;
    },
});

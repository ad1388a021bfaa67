import {Thread} from "@mail/core/common/thread_model";
import {patch} from "@web/core/utils/patch";

patch(Thread.prototype, {
    setup() {
        super.setup(...arguments);
        /** From the server (internal users): only supervisors transfer this chat. */
        this.livechat_transfers_for_supervisors = undefined;
    },
});

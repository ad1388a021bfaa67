import { LivechatService } from "@im_livechat/embed/common/livechat_service";
import { patch } from "@web/core/utils/patch";

patch(LivechatService.prototype, {
    /** Tell the server which page brought the visitor to the website. */
    getSessionExtraParams(thread, options) {
        return {
            ...super.getSessionExtraParams(thread, options),
            livechat_referrer: document.referrer || undefined,
        };
    },
});

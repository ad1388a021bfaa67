import {LivechatButton} from "@im_livechat/embed/common/livechat_button";
import {patch} from "@web/core/utils/patch";

patch(LivechatButton.prototype, {
    /** The button makes way for the message form, as it does for a chat window. */
    get isShown() {
        return super.isShown && !this.livechatService.messageForm.isOpen;
    },
});

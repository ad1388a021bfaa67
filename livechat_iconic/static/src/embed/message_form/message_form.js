import {Component, useState} from "@odoo/owl";
import {useService} from "@web/core/utils/hooks";

import {confirmationParts, errorsAfterEdit} from "@livechat_iconic/embed/form_request";

/**
 * The message form the website widget offers instead of a chat when nobody can chat
 * (``store.livechat_iconic_form``): what is sent becomes a help-desk ticket, answered by
 * e-mail. Shown where the chat window would be; its state lives in the live chat service.
 */
export class MessageForm extends Component {
    static template = "livechat_iconic.MessageForm";
    static props = {};

    setup() {
        this.store = useService("mail.store");
        this.ui = useService("ui");
        /** @type {import("@im_livechat/embed/common/livechat_service").LivechatService} */
        this.livechatService = useService("im_livechat.livechat");
        this.form = useState(this.livechatService.messageForm);
    }

    /** @returns {Object|false} the server's description of the form */
    get info() {
        return this.store.livechat_iconic_form;
    }

    get isShown() {
        return Boolean(this.form.isOpen && this.info);
    }

    get showTopics() {
        return this.info.topics?.length > 1;
    }

    get confirmation() {
        return confirmationParts(this.form.sent);
    }

    get style() {
        if (this.ui.isSmall) {
            return "";
        }
        const hub = this.store.chatHub;
        return `right: ${hub.BUBBLE_START + hub.BUBBLE + hub.BUBBLE_OUTER * 2}px; left: auto;`;
    }

    get headerStyle() {
        const {title_color, header_background_color} = this.livechatService.options;
        return [
            title_color && `color: ${title_color};`,
            // As Odoo's chat window header: over the bg-100 class, which is !important
            header_background_color &&
                `background-color: ${header_background_color} !important;`,
        ]
            .filter(Boolean)
            .join(" ");
    }

    /** @param {String} field */
    onInput(field) {
        if (this.form.errors[field] || this.form.errors.general) {
            this.form.errors = errorsAfterEdit(this.form.errors, field);
        }
    }

    onSubmit() {
        this.livechatService.sendMessageForm();
    }

    onClose() {
        this.livechatService.closeMessageForm();
    }
}

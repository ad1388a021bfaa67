import {Component, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {useService} from "@web/core/utils/hooks";

import {
    checkForm,
    confirmationParts,
    errorsAfterEdit,
    newRequestKey,
    refusalErrors,
    sendForm,
} from "@livechat_iconic/embed/form_request";

const FIELDS = ["name", "email"];

/**
 * "Send as a message instead", in the chat window of a visitor waiting for a person: the
 * conversation so far becomes a help-desk ticket answered by e-mail, and the chat ends.
 */
export class SendAsMessage extends Component {
    static template = "livechat_iconic.SendAsMessage";
    static props = {thread: Object};

    setup() {
        this.store = useService("mail.store");
        // A signed-in customer is known: their name and e-mail are filled in
        const partner = this.store.self_partner;
        this.state = useState({
            isOpen: false,
            values: {name: partner?.name || "", email: partner?.email || ""},
            errors: {},
            sending: false,
        });
        this.requestKey = newRequestKey();
    }

    get thread() {
        return this.props.thread;
    }

    get isShown() {
        return Boolean(
            this.thread.livechatIconicSent || this.thread.livechat_iconic_queued
        );
    }

    get emailRequired() {
        return !this.thread.livechat_iconic_has_email;
    }

    get emailPlaceholder() {
        return this.emailRequired
            ? _t("E-mail (required)")
            : _t("E-mail (optional: we have yours)");
    }

    get confirmation() {
        return confirmationParts(this.thread.livechatIconicSent);
    }

    open() {
        this.state.isOpen = true;
    }

    cancel() {
        this.state.isOpen = false;
        this.state.errors = {};
    }

    /** @param {String} field */
    onInput(field) {
        if (this.state.errors[field] || this.state.errors.general) {
            this.state.errors = errorsAfterEdit(this.state.errors, field);
        }
    }

    async onSubmit() {
        const state = this.state;
        if (state.sending || this.thread.livechatIconicSent) {
            return;
        }
        state.errors = checkForm(state.values, {emailRequired: this.emailRequired});
        if (Object.keys(state.errors).length) {
            return;
        }
        const thread = this.thread;
        state.sending = true;
        try {
            const {result, error, field} = await sendForm(
                "/livechat_iconic/send_as_message",
                {
                    channel_id: thread.id,
                    email: state.values.email.trim(),
                    name: state.values.name.trim(),
                    request_key: this.requestKey,
                }
            );
            if (result) {
                thread.livechatIconicSent = result;
                // The server closed the session; show it closed without waiting for news
                if (!thread.livechat_end_dt) {
                    thread.livechat_end_dt = luxon.DateTime.now();
                }
            } else {
                state.errors = refusalErrors(field, error, FIELDS);
            }
        } finally {
            state.sending = false;
        }
    }
}

import {LivechatService} from "@im_livechat/embed/common/livechat_service";
import {reactive} from "@odoo/owl";
import {RPCError} from "@web/core/network/rpc";
import {patch} from "@web/core/utils/patch";

import {
    checkForm,
    newRequestKey,
    refusalErrors,
    sendForm,
} from "@livechat_iconic/embed/form_request";

/** The values of the message form, in the order of the form; the server's field names. */
export const MESSAGE_FORM_FIELDS = ["name", "email", "phone", "topic_id", "message"];

patch(LivechatService.prototype, {
    setup(env, services) {
        super.setup(env, services);
        /**
         * The message form offered instead of a chat (``store.livechat_iconic_form``): kept
         * here, not in the component, so that what the visitor typed survives closing the
         * form, and the answer of a request still arrives after it was closed.
         */
        this.messageForm = {
            isOpen: false,
            values: {name: "", email: "", phone: "", topic_id: "", message: ""},
            errors: {},
            sending: false,
            sent: null,
            requestKey: newRequestKey(),
        };
        /** The topic the visitor picked before the chat started (TopicPicker). */
        this.topicState = reactive({topicId: null});
        /**
         * The e-mail the visitor gives in the chat window (ContactEmail): typed before the
         * chat, it is given to the server once the chat started (``givenFor``: that
         * session's id); ``proven`` once the visitor typed the code e-mailed there.
         */
        this.contactState = reactive({
            email: "",
            givenFor: null,
            codeSentTo: "",
            proven: false,
        });
    },

    /** Tell the server which page brought the visitor to the website. */
    getSessionExtraParams(thread, options) {
        return {
            ...super.getSessionExtraParams(thread, options),
            livechat_referrer: document.referrer || undefined,
            livechat_iconic_topic_id: this.topicState.topicId || undefined,
        };
    },

    /**
     * A visitor who started chats too fast (the server's throttle, HTTP 429), or whom the
     * page's rule does not admit (a chat for signed-in customers, HTTP 403), is told so in
     * the server's words; no session starts.
     */
    async _createThread() {
        try {
            return await super._createThread(...arguments);
        } catch (error) {
            if (error instanceof RPCError && [403, 429].includes(error.code)) {
                this.notificationService.add(error.data?.message || error.message, {
                    type: "warning",
                });
                return;
            }
            throw error;
        }
    },

    /**
     * Nobody can chat (the queue is closed, or nobody is online and it does not queue
     * visitors): the button, the auto-popup and "New Session" open the message form
     * instead of starting a session.
     */
    async open() {
        if (this.store.livechat_iconic_form) {
            this.openMessageForm();
            return;
        }
        return super.open(...arguments);
    },

    openMessageForm() {
        const form = this.messageForm;
        if (form.sent) {
            // A new message: same sender, new text, new idempotency key
            Object.assign(form.values, {topic_id: "", message: ""});
            Object.assign(form, {sent: null, errors: {}, requestKey: newRequestKey()});
        }
        // A signed-in customer is known: their name and e-mail are filled in
        const partner = this.store.self_partner;
        if (partner) {
            form.values.name ||= partner.name || "";
            form.values.email ||= partner.email || "";
        }
        form.isOpen = true;
    },

    closeMessageForm() {
        this.messageForm.isOpen = false;
    },

    /**
     * Send the message form. On success ``messageForm.sent`` holds the server's
     * ``{reference, text}``; otherwise ``messageForm.errors`` holds the messages by field
     * (``general`` for the whole form) and the values stay as typed.
     */
    async sendMessageForm() {
        const form = this.messageForm;
        if (form.sending || form.sent) {
            return; // A second click while sending, or after: the first one counts
        }
        const info = this.store.livechat_iconic_form;
        form.errors = checkForm(form.values, {messageRequired: true});
        if (!info || Object.keys(form.errors).length) {
            return;
        }
        const values = form.values;
        form.sending = true;
        try {
            const {result, error, field} = await sendForm("/livechat_iconic/message", {
                channel_id: info.channel_id,
                name: values.name.trim(),
                email: values.email.trim(),
                phone: values.phone.trim(),
                topic_id: values.topic_id ? Number(values.topic_id) : null,
                message: values.message,
                request_key: form.requestKey,
            });
            if (result) {
                form.sent = result;
            } else {
                form.errors = refusalErrors(field, error, MESSAGE_FORM_FIELDS);
            }
        } finally {
            form.sending = false;
        }
    },
});

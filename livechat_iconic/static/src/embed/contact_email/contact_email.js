import {Component, useEffect, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {useService} from "@web/core/utils/hooks";

import {checkForm, sendForm} from "@livechat_iconic/embed/form_request";

const CONTACT_ROUTE = "/livechat_iconic/visitor_contact";
const CODE_REQUEST_ROUTE = "/livechat_iconic/email_proof/request";
const CODE_CHECK_ROUTE = "/livechat_iconic/email_proof/check";

/**
 * The queue's e-mail field (``store.livechat_iconic_ask_email``: "before" or "during"
 * the chat), for a visitor who is not signed in. The address given is a claim: the
 * agents see the contact it matches. The visitor may prove it with the code e-mailed
 * there (the transcript's proof, ``/livechat_iconic/email_proof/*``), and the chat then
 * belongs to that contact. Typed before the chat, the address is given once the first
 * message started it. The server judges the address and the code; its refusals show
 * under the input.
 */
export class ContactEmail extends Component {
    static template = "livechat_iconic.ContactEmail";
    static props = {thread: Object};

    setup() {
        this.store = useService("mail.store");
        this.contactState = useState(useService("im_livechat.livechat").contactState);
        this.state = useState({
            input: this.contactState.email,
            code: "",
            error: "",
            sending: false,
        });
        useEffect(
            () => {
                if (this.isGivenLater) {
                    this.give(this.contactState.email);
                }
            },
            () => [this.props.thread.id, this.props.thread.isTransient]
        );
    }

    get thread() {
        return this.props.thread;
    }

    get askEmail() {
        return this.store.livechat_iconic_ask_email;
    }

    get isShown() {
        const thread = this.thread;
        return Boolean(
            thread.channel_type === "livechat" &&
                this.askEmail &&
                !this.store.self_partner &&
                !thread.livechat_end_dt &&
                (this.askEmail === "before" || !thread.isTransient)
        );
    }

    /** The chat has started with an address typed before it: the server gets it now. */
    get isGivenLater() {
        return (
            !this.thread.isTransient &&
            Boolean(this.contactState.email) &&
            this.contactState.givenFor !== this.thread.id &&
            !this.state.sending
        );
    }

    /** The address given to the server for this chat, else "". */
    get givenEmail() {
        return this.contactState.givenFor === this.thread.id
            ? this.contactState.email
            : "";
    }

    /** Typed before the chat: kept until the first message starts it. */
    get keptEmail() {
        return this.thread.isTransient ? this.contactState.email : "";
    }

    get provenText() {
        return _t("Your e-mail %(email)s is confirmed.", {
            email: this.contactState.email,
        });
    }

    get givenText() {
        return _t("Your e-mail: %(email)s.", {email: this.givenEmail});
    }

    get keptText() {
        return _t("Your e-mail %(email)s will be given with your first message.", {
            email: this.keptEmail,
        });
    }

    get codeSentText() {
        return _t("We sent a code to %(email)s. Type it here to confirm the address.", {
            email: this.contactState.codeSentTo,
        });
    }

    /** @param {String} error */
    fail(error) {
        this.state.sending = false;
        this.state.error = error || "";
    }

    onInput() {
        this.state.error = "";
    }

    async onSubmitEmail() {
        if (this.state.sending) {
            return;
        }
        const email = (this.state.input || "").trim();
        const errors = checkForm({email});
        if (errors.email) {
            this.fail(errors.email);
            return;
        }
        this.contactState.proven = false;
        this.contactState.codeSentTo = "";
        this.contactState.email = email;
        this.contactState.givenFor = null;
        if (!this.thread.isTransient) {
            await this.give(email);
        }
    }

    /** Give ``email`` to the server for this chat (the agents see it as a claim). */
    async give(email) {
        this.state.sending = true;
        const threadId = this.thread.id;
        const {result, error} = await sendForm(CONTACT_ROUTE, {
            channel_id: threadId,
            email,
        });
        if (error) {
            // Not given: the visitor corrects it
            this.contactState.email = "";
            this.state.input = email;
            this.fail(error);
            return;
        }
        this.contactState.givenFor = threadId;
        this.contactState.proven = Boolean(result?.proven);
        this.state.sending = false;
    }

    onClickOtherAddress() {
        this.state.input = this.contactState.email;
        this.contactState.email = "";
        this.contactState.givenFor = null;
        this.contactState.codeSentTo = "";
        this.state.code = "";
        this.state.error = "";
    }

    /** E-mail a code to the address given, and show the code step. */
    async onClickSendCode() {
        if (this.state.sending) {
            return;
        }
        const email = this.givenEmail;
        this.state.sending = true;
        const {result, error} = await sendForm(CODE_REQUEST_ROUTE, {
            channel_id: this.thread.id,
            email,
            contact: true,
        });
        if (error) {
            this.fail(error);
        } else if (result?.proven) {
            this.contactState.proven = true;
            this.fail("");
        } else {
            this.contactState.codeSentTo = email;
            this.state.code = "";
            this.fail("");
        }
    }

    get isCodeButtonDisabled() {
        return this.state.sending || !(this.state.code || "").trim();
    }

    /** @param {KeyboardEvent} ev */
    onCodeKeydown(ev) {
        this.state.error = "";
        if (ev.key === "Enter" && !this.isCodeButtonDisabled) {
            this.onClickCheckCode();
        }
    }

    async onClickCheckCode() {
        this.state.sending = true;
        const {result, error} = await sendForm(CODE_CHECK_ROUTE, {
            channel_id: this.thread.id,
            email: this.contactState.codeSentTo,
            code: (this.state.code || "").trim(),
        });
        if (error) {
            this.fail(error);
        } else if (result?.ok) {
            this.contactState.proven = true;
            this.contactState.codeSentTo = "";
            this.fail("");
        } else {
            this.fail(result?.error);
        }
    }
}

import { TranscriptSender } from "@im_livechat/core/common/transcript_sender";
import { onWillUpdateProps, useEffect } from "@odoo/owl";
import { patch } from "@web/core/utils/patch";

import { checkForm, sendForm } from "@livechat_iconic/embed/form_request";

/**
 * "Receive a copy of this conversation", at the end of a chat, for a visitor who is not
 * signed in: Odoo's transcript sender is disabled for them and its route is for users only.
 * The visitor types an address (nothing is filled in: a guest has none) and our public
 * route queues Odoo's transcript mail; a refused address shows the server's message under
 * the input, with the address as typed. Signed-in visitors keep Odoo's behaviour.
 */
patch(TranscriptSender.prototype, {
    setup() {
        super.setup(...arguments);
        /** The server's (or the quick check's) message about the address, for a guest. */
        this.state.error = "";
        if (this.isGuest) {
            this.state.email = "";
        }
        onWillUpdateProps((nextProps) => {
            // another session: Odoo resets the address to its visitor's; a guest has none
            if (this.props.thread?.notEq(nextProps.thread)) {
                this.state.error = "";
                if (this.isGuest) {
                    this.state.email = "";
                }
            }
        });
        useEffect(
            () => {
                this.state.error = "";
            },
            () => [this.state.email]
        );
    },

    /** Not signed in: a guest of the website (the feedback panel shows only to the visitor). */
    get isGuest() {
        return !this.store.self_partner;
    },

    get isButtonDisabled() {
        if (!this.isGuest) {
            return super.isButtonDisabled;
        }
        // the server judges the address, so that the visitor is told what is wrong
        return (
            [this.STATUS.SENDING, this.STATUS.SENT].includes(this.state.status) ||
            !(this.state.email || "").trim()
        );
    },

    get isInputDisabled() {
        if (!this.isGuest) {
            return super.isInputDisabled;
        }
        return (
            this.state.status === this.STATUS.SENDING ||
            (this.props.disableOnSend && this.state.status === this.STATUS.SENT)
        );
    },

    async onClickSend() {
        if (!this.isGuest) {
            return super.onClickSend(...arguments);
        }
        if (this.state.status === this.STATUS.SENDING) {
            return;
        }
        const email = (this.state.email || "").trim();
        const errors = checkForm({ email });
        if (errors.email) {
            this.state.status = this.STATUS.FAILED;
            this.state.error = errors.email;
            return;
        }
        this.state.status = this.STATUS.SENDING;
        const { result, error } = await sendForm("/livechat_iconic/email_transcript", {
            channel_id: this.props.thread.id,
            email,
        });
        if (result) {
            this.state.status = this.STATUS.SENT;
        } else {
            this.state.status = this.STATUS.FAILED;
            this.state.error = error;
        }
    },
});

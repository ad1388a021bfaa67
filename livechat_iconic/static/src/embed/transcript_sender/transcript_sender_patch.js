import {TranscriptSender} from "@im_livechat/core/common/transcript_sender";
import {onWillUpdateProps, useEffect} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";

import {checkForm, sendForm} from "@livechat_iconic/embed/form_request";

const TRANSCRIPT_ROUTE = "/livechat_iconic/email_transcript";
const CODE_REQUEST_ROUTE = "/livechat_iconic/email_proof/request";
const CODE_CHECK_ROUTE = "/livechat_iconic/email_proof/check";

/**
 * "Receive a copy of this conversation", at the end of a chat.
 *
 * A visitor who is not signed in types an address (nothing is filled in: a guest has
 * none) and our public route sends the transcript only to an address the visitor holds:
 * for a new address, the server answers that a code is needed, the widget asks for one
 * (e-mailed to that address) and shows a field for it; once the code is right, the
 * transcript is sent. A refused address, code or request (too many) shows the server's
 * message under the input. A signed-in visitor keeps Odoo's behaviour (their own
 * address), with the server's message when it refuses.
 */
patch(TranscriptSender.prototype, {
    setup() {
        super.setup(...arguments);
        /** The server's (or the quick check's) message about the address or the code. */
        this.state.error = "";
        /** The address a code was sent to (the code step is shown), else "". */
        this.state.codeSentTo = "";
        this.state.code = "";
        this.state.codeExpired = false;
        if (this.isGuest) {
            this.state.email = "";
        }
        onWillUpdateProps((nextProps) => {
            // Another session: Odoo resets the address to its visitor's; a guest has none
            if (this.props.thread?.notEq(nextProps.thread)) {
                this.resetCodeStep();
                if (this.isGuest) {
                    this.state.email = "";
                }
            }
        });
        useEffect(
            () => {
                this.state.error = "";
            },
            () => [this.state.email, this.state.code]
        );
    },

    /** Not signed in: a guest of the website (the feedback panel shows only to the visitor). */
    get isGuest() {
        return !this.store.self_partner;
    },

    /** Signed in, but not staff: Odoo's route, with the server's refusals shown. */
    get isPortalUser() {
        return !this.isGuest && this.store.self_partner?.main_user_id?.share !== false;
    },

    get isButtonDisabled() {
        if (!this.isGuest) {
            return super.isButtonDisabled;
        }
        // The server judges the address, so that the visitor is told what is wrong
        return (
            [this.STATUS.SENDING, this.STATUS.SENT].includes(this.state.status) ||
            Boolean(this.state.codeSentTo) ||
            !(this.state.email || "").trim()
        );
    },

    get isInputDisabled() {
        if (!this.isGuest) {
            return super.isInputDisabled;
        }
        return (
            this.state.status === this.STATUS.SENDING ||
            Boolean(this.state.codeSentTo) ||
            (this.props.disableOnSend && this.state.status === this.STATUS.SENT)
        );
    },

    get codeSentText() {
        return _t(
            "We sent a code to %(email)s. Type it here to receive the conversation.",
            {
                email: this.state.codeSentTo,
            }
        );
    },

    resetCodeStep() {
        this.state.error = "";
        this.state.codeSentTo = "";
        this.state.code = "";
        this.state.codeExpired = false;
    },

    /** @param {String} error */
    fail(error) {
        this.state.status = this.STATUS.FAILED;
        this.state.error = error || "";
    },

    async onClickSend() {
        if (this.isPortalUser) {
            return this.sendAsPortalUser();
        }
        if (!this.isGuest) {
            return super.onClickSend(...arguments);
        }
        if (this.state.status === this.STATUS.SENDING) {
            return;
        }
        const email = (this.state.email || "").trim();
        const errors = checkForm({email});
        if (errors.email) {
            this.fail(errors.email);
            return;
        }
        this.state.status = this.STATUS.SENDING;
        await this.sendTranscript(email);
    },

    async sendAsPortalUser() {
        this.state.status = this.STATUS.SENDING;
        const {error} = await sendForm("/im_livechat/email_livechat_transcript", {
            channel_id: this.props.thread.id,
            email: this.state.email,
        });
        if (error) {
            this.fail(error);
        } else {
            this.state.status = this.STATUS.SENT;
        }
    },

    /** Send the transcript to ``email``; ask for a code first when the server says so. */
    async sendTranscript(email) {
        const {result, error} = await sendForm(TRANSCRIPT_ROUTE, {
            channel_id: this.props.thread.id,
            email,
        });
        if (error) {
            this.fail(error);
        } else if (result?.code_required) {
            await this.requestCode(email);
        } else {
            this.resetCodeStep();
            this.state.status = this.STATUS.SENT;
        }
    },

    /** E-mail a code to ``email`` and show the code step. */
    async requestCode(email) {
        this.state.status = this.STATUS.SENDING;
        const {result, error} = await sendForm(CODE_REQUEST_ROUTE, {
            channel_id: this.props.thread.id,
            email,
        });
        if (error) {
            this.fail(error);
        } else if (result?.proven) {
            await this.sendTranscript(email);
        } else {
            this.state.codeSentTo = email;
            this.state.code = "";
            this.state.codeExpired = false;
            this.state.status = this.STATUS.IDLE;
        }
    },

    async onClickNewCode() {
        if (this.state.status !== this.STATUS.SENDING && this.state.codeSentTo) {
            await this.requestCode(this.state.codeSentTo);
        }
    },

    onClickOtherAddress() {
        this.resetCodeStep();
        this.state.status = this.STATUS.IDLE;
    },

    /** @param {KeyboardEvent} ev */
    onCodeKeydown(ev) {
        if (ev.key === "Enter" && !this.isCodeButtonDisabled) {
            this.onClickCheckCode();
        }
    },

    get isCodeButtonDisabled() {
        return (
            this.state.status === this.STATUS.SENDING || !(this.state.code || "").trim()
        );
    },

    async onClickCheckCode() {
        const email = this.state.codeSentTo;
        this.state.status = this.STATUS.SENDING;
        const {result, error} = await sendForm(CODE_CHECK_ROUTE, {
            channel_id: this.props.thread.id,
            email,
            code: (this.state.code || "").trim(),
        });
        if (error) {
            this.fail(error);
        } else if (!result?.ok) {
            this.fail(result?.error);
            this.state.codeExpired =
                result?.reason !== "wrong" || !result?.attempts_left;
        } else {
            await this.sendTranscript(email);
        }
    },
});

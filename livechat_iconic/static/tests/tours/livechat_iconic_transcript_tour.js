import {registry} from "@web/core/registry";
import {
    openVisitorFrame,
    visitorWidget,
} from "@livechat_iconic/../tests/tours/visitor_frame";

/** Texts the Python driver (livechat_iconic/tests/test_transcript_tour.py) uses too. */
export const TRANSCRIPT_QUESTION = "Can I return the yellow paddle I bought last week?";
export const TRANSCRIPT_REPLY = "Of course, within thirty days with the receipt";
export const TRANSCRIPT_BAD_EMAIL = "nina@example..com";
export const TRANSCRIPT_EMAIL = "nina.transcript@example.com";
/** The code the driver makes the server send (the visitor reads it in their mailbox). */
export const TRANSCRIPT_CODE = "424242";
export const TRANSCRIPT_WRONG_CODE = "000000";

const FRAME_ID = "o_livechat_iconic_transcript_frame";
/** The visitor's website page, in the agent's browser but with none of the agent's cookies. */
const VISITOR = visitorWidget(FRAME_ID);
const CHAT = `${VISITOR} .o-mail-ChatWindow`;
const SENDER = `${CHAT} .o-livechat-TranscriptSender`;
const INPUT = `${SENDER} input`;
const SEND = `${SENDER} button[data-action=sendTranscript]`;
const CODE_STEP = `${SENDER} .o_livechat_iconic_transcript_code`;
const CODE_INPUT = `${CODE_STEP} input`;
const CHECK = `${CODE_STEP} button[data-action=checkCode]`;

/** @param {String} text */
function inQueue(text) {
    return `.o_kanban_group:has(.o_column_title:contains(In Queue)) .o_kanban_record:contains(${text})`;
}

/** Fail unless the transcript input holds ``expected``. */
function checkInput(expected) {
    const frame = document.getElementById(FRAME_ID);
    const root = frame.contentDocument.querySelector(".o-livechat-root").shadowRoot;
    const value = root.querySelector(".o-livechat-TranscriptSender input").value;
    if (value !== expected) {
        throw new Error(`The e-mail input holds "${value}" instead of "${expected}"`);
    }
}

/**
 * An anonymous visitor chats with an agent, closes the chat and asks for the transcript
 * by e-mail in Odoo's feedback panel: a refused address shows the server's message, with
 * the address as typed; a good one needs the code e-mailed there (a wrong code is
 * refused), then the transcript is sent. The agent's backend and, in a credentialless
 * iframe (its own empty cookie jar: a guest), the visitor's website page.
 */
registry.category("web_tour.tours").add("livechat_iconic_transcript", {
    url: "/odoo/livechat-waiting",
    steps: () => [
        {
            content: "The Customers Waiting board is loaded",
            trigger: ".o_livechat_iconic_board .o_kanban_renderer",
        },
        openVisitorFrame(FRAME_ID),
        {
            content: "The visitor opens the chat",
            trigger: `${VISITOR} .o-livechat-LivechatButton`,
            // The website and the widget load in the iframe first: slow on a loaded machine
            timeout: 30000,
            run: "click",
        },
        {
            trigger: `${CHAT} .o-mail-Composer-input`,
            run: `edit ${TRANSCRIPT_QUESTION}`,
        },
        {
            trigger: `${CHAT} .o-mail-Composer-input`,
            run: "press Enter",
        },
        {
            content: "The question is posted in a real (not transient) conversation",
            trigger: `${CHAT} .o-mail-Thread:not([data-transient]) .o-mail-Message:contains(${TRANSCRIPT_QUESTION})`,
        },
        {
            content: "The agent takes the chat from the board",
            trigger: `${inQueue(TRANSCRIPT_QUESTION)} button.o_livechat_iconic_take`,
            run: "click",
        },
        {
            trigger: `.o-mail-Discuss .o-mail-Thread .o-mail-Message:contains(${TRANSCRIPT_QUESTION})`,
        },
        {
            content: "The agent replies",
            trigger: ".o-mail-Discuss .o-mail-Composer-input",
            run: `edit ${TRANSCRIPT_REPLY}`,
        },
        {
            trigger: ".o-mail-Discuss .o-mail-Composer-input",
            run: "press Enter",
        },
        {
            content: "The visitor sees the reply",
            trigger: `${CHAT} .o-mail-Message:contains(${TRANSCRIPT_REPLY})`,
        },
        {
            content: "The visitor closes the chat window",
            trigger: `${CHAT} .o-mail-ChatWindow-header [title*=Close]`,
            run: "click",
        },
        {
            content: "The visitor confirms leaving the conversation",
            trigger: `${VISITOR} .o-livechat-CloseConfirmation-leave`,
            run: "click",
        },
        {
            content:
                "Odoo's feedback panel offers the transcript to the guest, nothing filled in",
            trigger: `${CHAT} label:contains(Receive a copy of this conversation) .o-livechat-TranscriptSender input:enabled`,
            run: () => checkInput(""),
        },
        {
            content: "Nothing typed: nothing to send",
            trigger: `${SEND}:disabled`,
        },
        {
            trigger: `${INPUT}:enabled`,
            run: `edit ${TRANSCRIPT_BAD_EMAIL}`,
        },
        {
            content: "Send: the address looks like one, the server refuses it",
            trigger: `${SEND}:enabled`,
            run: "click",
        },
        {
            content: "The server's message shows under the input",
            trigger: `${SENDER}:has(input.is-invalid:enabled) .o_livechat_iconic_transcript_error:contains(not valid)`,
            run: () => checkInput(TRANSCRIPT_BAD_EMAIL),
        },
        {
            content: "Not Odoo's generic failure, nor the sent message",
            trigger: `${SENDER}:not(:has(.form-text:contains(An error occurred))):not(:has(.form-text:contains(was sent)))`,
        },
        {
            content: "The visitor corrects the address",
            trigger: `${INPUT}:enabled`,
            run: `edit ${TRANSCRIPT_EMAIL}`,
        },
        {
            content: "Editing clears the error",
            trigger: `${SENDER}:not(:has(.o_livechat_iconic_transcript_error)):not(:has(input.is-invalid))`,
        },
        {
            trigger: `${SEND}:enabled`,
            run: "click",
        },
        {
            content:
                "A new address: the server e-mails a code there, the widget asks for it",
            trigger: `${CODE_STEP} .form-text:contains(We sent a code to ${TRANSCRIPT_EMAIL})`,
        },
        {
            content:
                "Nothing is sent yet; the address is kept while the code is asked for",
            trigger: `${SENDER}:has(input[type=email]:disabled):not(:has(.form-text:contains(was sent)))`,
            run: () => checkInput(TRANSCRIPT_EMAIL),
        },
        {
            trigger: `${CODE_INPUT}:enabled`,
            run: `edit ${TRANSCRIPT_WRONG_CODE}`,
        },
        {
            trigger: `${CHECK}:enabled`,
            run: "click",
        },
        {
            content: "A wrong code is refused, with the server's message",
            trigger: `${SENDER} .o_livechat_iconic_transcript_error:contains(not the right one)`,
        },
        {
            content: "The visitor types the code they received",
            trigger: `${CODE_INPUT}:enabled`,
            run: `edit ${TRANSCRIPT_CODE}`,
        },
        {
            trigger: `${CHECK}:enabled`,
            run: "click",
        },
        {
            content: "Odoo's sent state: the input and the button are disabled",
            trigger: `${SENDER}:not(:has(.o_livechat_iconic_transcript_code)):has(input:disabled):has(button[data-action=sendTranscript]:disabled) .form-text:contains(The conversation was sent.)`,
            run() {
                checkInput(TRANSCRIPT_EMAIL);
                document.getElementById(FRAME_ID).remove();
            },
        },
    ],
});

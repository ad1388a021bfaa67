import {registry} from "@web/core/registry";

/** Texts the Python driver (livechat_iconic/tests/test_message_form_tour.py) uses too. */
export const QUEUED_QUESTION = "Is the green kayak back in stock?";
export const QUEUED_EMAIL = "nina.queued@example.com";
export const QUEUED_NAME = "Nina Queued";

const WIDGET = ".o-livechat-root:shadow";
const CHAT = `${WIDGET} .o-mail-ChatWindow`;
const PANEL = `${CHAT} .o_livechat_iconic_send_as_message`;

/**
 * A visitor queued with nobody online writes, cannot wait, and sends the conversation as a
 * message instead: they get a reference number and the chat ends.
 */
registry.category("web_tour.tours").add("livechat_iconic_send_as_message", {
    url: "/",
    steps: () => [
        {
            content: "The chat button shows: the queue keeps visitors waiting",
            trigger: `${WIDGET} .o-livechat-LivechatButton`,
            // The website and the widget load first: slow on a loaded 2-core machine
            timeout: 30000,
            run: "click",
        },
        {
            content: "A chat window opens (no message form: the visitor may wait)",
            trigger: `${CHAT} .o-mail-Composer-input`,
            run: `edit ${QUEUED_QUESTION}`,
        },
        {
            trigger: `${CHAT} .o-mail-Composer-input`,
            run: "press Enter",
        },
        {
            content: "The question is posted in a real (not transient) conversation",
            trigger: `${CHAT} .o-mail-Thread:not([data-transient]) .o-mail-Message:contains(${QUEUED_QUESTION}):not(:has(.o-mail-Message-pendingProgress))`,
        },
        {
            content: "The visitor is queued and may send the conversation as a message",
            trigger: `${PANEL} .o_livechat_iconic_send_as_message_btn`,
            run: "click",
        },
        {
            content: "No e-mail given yet: it is asked for",
            trigger: `${PANEL} input[name=email][required]`,
            run: `edit ${QUEUED_EMAIL}`,
        },
        {
            trigger: `${PANEL} input[name=name]`,
            run: `edit ${QUEUED_NAME}`,
        },
        {
            content: "Send",
            trigger: `${PANEL} .o_livechat_iconic_form_send:enabled`,
            run: "click",
        },
        {
            content: "The visitor is told we answer by e-mail, with a reference number",
            trigger: `${PANEL} .o_livechat_iconic_sent:contains(We have your message)`,
            run() {
                const reference = this.anchor.querySelector(
                    ".o_livechat_iconic_reference"
                );
                if (!/\d/.test(reference?.textContent || "")) {
                    throw new Error(
                        `No reference number shown: "${reference?.textContent}"`
                    );
                }
            },
        },
        {
            content: "The chat has ended: the composer is closed and says why",
            trigger: `${CHAT}:not(:has(.o-mail-Composer-input)):contains(Your message was sent)`,
        },
    ],
});

import {registry} from "@web/core/registry";

/** Texts the Python driver (livechat_iconic/tests/test_canned_tour.py) uses too. */
export const CANNED_QUESTION = "Can I change the colour of my order?";
export const CANNED_FILLED = "Hello Nina Visitor, Alice Agent here. Order {order_ref}?";

const SUGGESTION =
    ".o-mail-Discuss .o-mail-Composer-suggestionList .o-mail-Composer-suggestion";

/**
 * The agent takes a chat from the board: the conversation opens with the canned-response
 * picker (as if they had typed "::"), which offers the approved greeting and their own
 * proposal, never a colleague's proposal; the greeting goes in with the visitor's name
 * filled, an unknown placeholder left as typed.
 */
registry.category("web_tour.tours").add("livechat_iconic_canned_picker", {
    url: "/odoo/livechat-waiting",
    steps: () => [
        {
            content: "The agent takes the chat from the board",
            trigger: `.o_kanban_group:has(.o_column_title:contains(In Queue)) .o_kanban_record:contains(${CANNED_QUESTION}) button.o_livechat_iconic_take`,
            run: "click",
        },
        {
            content: "The conversation opens",
            trigger: `.o-mail-Discuss .o-mail-Thread .o-mail-Message:contains(${CANNED_QUESTION})`,
        },
        {
            content: "The picker offers the approved greeting and my own proposal",
            trigger: `${SUGGESTION}:contains(iconic_alice_own)`,
        },
        {
            content: "...but not a colleague's proposal",
            trigger: `.o-mail-Composer-suggestionList:not(:has(.o-mail-Composer-suggestion:contains(iconic_bob_secret)))`,
        },
        {
            trigger: `${SUGGESTION}:contains(iconic_greeting)`,
            run: "click",
        },
        {
            content: "The greeting is in the composer with the visitor's name filled",
            trigger: ".o-mail-Discuss .o-mail-Composer-input",
            run() {
                if (this.anchor.value.trim() !== CANNED_FILLED) {
                    throw new Error(`The composer holds "${this.anchor.value}"`);
                }
            },
        },
        {
            trigger: ".o-mail-Discuss .o-mail-Composer-input",
            run: "press Enter",
        },
        {
            content: "Sent as it reads (posted: no longer pending)",
            trigger: `.o-mail-Discuss .o-mail-Message-content:not(.opacity-50):contains(${CANNED_FILLED})`,
        },
    ],
});

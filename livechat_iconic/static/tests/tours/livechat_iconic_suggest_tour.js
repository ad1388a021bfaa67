import {registry} from "@web/core/registry";

/** Texts the Python driver (livechat_iconic/tests/test_reply_suggestions_tour.py) uses too. */
export const SUGGEST_QUESTION = "Can I get my money back for the concert tickets?";

const SUGGESTION = ".o-mail-Discuss .o_livechat_iconic_reply_suggestion";

/**
 * The agent opens a chat: the composer offers reply suggestions with their sources; a
 * click puts the text into the composer for editing, and nothing is sent.
 */
registry.category("web_tour.tours").add("livechat_iconic_reply_suggestions", {
    steps: () => [
        {
            content: "The conversation opens",
            trigger: `.o-mail-Discuss .o-mail-Thread .o-mail-Message:contains(${SUGGEST_QUESTION})`,
        },
        {
            content: "A suggestion from the approved canned responses, with its source",
            trigger: `${SUGGESTION}:contains(48 hours):contains(Canned response ::refund)`,
        },
        {
            content: "One from a solved ticket too",
            trigger: `${SUGGESTION} .o_livechat_iconic_reply_suggestion_source:contains(Solved ticket)`,
        },
        {
            trigger: `${SUGGESTION}:contains(48 hours)`,
            run: "click",
        },
        {
            content: "The text is in the composer, for editing",
            trigger: ".o-mail-Discuss .o-mail-Composer-input",
            run() {
                if (!this.anchor.value.includes("refunded up to 48 hours")) {
                    throw new Error(`The composer holds "${this.anchor.value}"`);
                }
            },
        },
        {
            content: "...and nothing was sent",
            trigger: `.o-mail-Discuss .o-mail-Thread:not(:has(.o-mail-Message:contains(48 hours)))`,
        },
    ],
});

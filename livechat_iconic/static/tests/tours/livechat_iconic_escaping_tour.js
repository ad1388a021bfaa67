import {registry} from "@web/core/registry";

/** Texts the Python driver (livechat_iconic/tests/test_bad_input.py) uses too. */
export const INJECTED_NAME = '<b class="o_livechat_iconic_injected">NinaInjected</b>';
export const INJECTED_QUESTION =
    '<img class="o_livechat_iconic_injected" src="x">QuestionInjected';

const INJECTED = ".o_livechat_iconic_injected";

/**
 * @param {Element} element
 * @param {String} where
 */
function checkShownAsText(element, where) {
    for (const text of [INJECTED_NAME, INJECTED_QUESTION]) {
        if (!element.textContent.includes(text)) {
            throw new Error(`${where} does not show "${text}" as typed`);
        }
    }
    if (document.querySelector(INJECTED)) {
        throw new Error(`${where}: the visitor's markup was rendered as HTML`);
    }
}

/** What a visitor types as name and question reaches the agent as text, never as markup. */
registry.category("web_tour.tours").add("livechat_iconic_escaped_visitor_text", {
    url: "/odoo/livechat-waiting",
    steps: () => [
        {
            content: "The board shows the visitor's name and question as typed",
            trigger:
                ".o_livechat_iconic_board .o_kanban_record:contains(NinaInjected):contains(QuestionInjected)",
            run() {
                checkShownAsText(this.anchor, "The board card");
            },
        },
        {
            content: "Open the session (View)",
            trigger: ".o_kanban_record:contains(NinaInjected) .o_livechat_iconic_view",
            run: "click",
        },
        {
            content: "The session form and its chat show them as text too",
            trigger:
                ".modal .o_livechat_iconic_live_chat .o-mail-Message:contains(QuestionInjected)",
            run() {
                checkShownAsText(this.anchor.closest(".modal"), "The session form");
            },
        },
    ],
});

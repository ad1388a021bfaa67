import {registry} from "@web/core/registry";
import {
    openVisitorFrame,
    visitorWidget,
} from "@livechat_iconic/../tests/tours/visitor_frame";

/** Texts the Python driver (livechat_iconic/tests/test_sneak_peek_tour.py) uses too. */
export const PEEK_QUESTION = "Can I pay my canoe by card?";
export const PEEK_TYPED = "my card is 4111 1111 1111 1111 and mail jane@example.com ok";
export const PEEK_SHOWN = "my card is ••• and mail ••• ok";

const FRAME_ID = "o_livechat_iconic_sneak_peek_frame";
const VISITOR = visitorWidget(FRAME_ID);
const VISITOR_COMPOSER = `${VISITOR} .o-mail-ChatWindow .o-mail-Composer-input`;
const AGENT_PEEK = ".o-mail-Discuss .o_livechat_iconic_sneak_peek";

/**
 * Both sides in one browser (the visitor in a credentialless iframe): the visitor is told
 * the agent sees the typing; the agent sees it masked (by the visitor's browser: the
 * Python driver turns the server's masking off), and the line goes when it is sent.
 */
registry.category("web_tour.tours").add("livechat_iconic_sneak_peek", {
    url: "/odoo/livechat-waiting",
    steps: () => [
        {trigger: ".o_livechat_iconic_board .o_kanban_renderer"},
        openVisitorFrame(FRAME_ID),
        {
            content: "The visitor opens the chat",
            trigger: `${VISITOR} .o-livechat-LivechatButton`,
            timeout: 30000,
            run: "click",
        },
        {trigger: VISITOR_COMPOSER, run: `edit ${PEEK_QUESTION}`},
        {trigger: VISITOR_COMPOSER, run: "press Enter"},
        {
            content: "The question is posted",
            trigger: `${VISITOR} .o-mail-ChatWindow .o-mail-Thread:not([data-transient]) .o-mail-Message:contains(${PEEK_QUESTION})`,
        },
        {
            content: "The visitor is told the agent can see the typing",
            trigger: `${VISITOR} .o-mail-ChatWindow .o_livechat_iconic_sneak_peek_notice:contains(The agent can see what you type before you send it.)`,
        },
        {
            content: "The agent takes the chat",
            trigger: `.o_kanban_record:contains(${PEEK_QUESTION}) button.o_livechat_iconic_take`,
            run: "click",
        },
        {
            content: "The conversation opens in Discuss",
            trigger: `.o-mail-Discuss .o-mail-Message:contains(${PEEK_QUESTION})`,
        },
        {
            content: "The visitor types, without sending",
            trigger: VISITOR_COMPOSER,
            run: `edit ${PEEK_TYPED}`,
        },
        {
            content: "The agent sees it, masked",
            trigger: `${AGENT_PEEK} .o_livechat_iconic_sneak_peek_text:contains(${PEEK_SHOWN})`,
            run() {
                const shown = document.querySelector(`${AGENT_PEEK}`).textContent;
                if (/\d|@|jane/.test(shown)) {
                    throw new Error(`The agent saw an unmasked secret: ${shown}`);
                }
            },
        },
        {
            content: "The visitor sends it",
            trigger: VISITOR_COMPOSER,
            run: "press Enter",
        },
        {
            content: "The message arrives; the peek line is gone",
            trigger: `.o-mail-Discuss:has(.o-mail-Message:contains(4111 1111)):not(:has(${AGENT_PEEK}))`,
        },
        {
            content: "The visitor closes the chat",
            trigger: `${VISITOR} .o-mail-ChatWindow-header [title*=Close]`,
            run: "click",
        },
        {
            trigger: `${VISITOR} .o-livechat-CloseConfirmation-leave`,
            run: "click",
        },
        {
            content: "The chat has ended",
            trigger: ".o-mail-Discuss:not(:has(.o-mail-Composer-input))",
            run() {
                document.getElementById(FRAME_ID).remove();
            },
        },
    ],
});

import { registry } from "@web/core/registry";

/**
 * Texts the Python driver (livechat_iconic/tests/test_tour.py) checks too.
 */
export const VISITOR_QUESTION = "Do you ship the blue kayak to Oslo?";
export const AGENT_REPLY = "Yes we deliver to Oslo in two days";

const WIDGET = ".o-livechat-root:shadow";
const FRAME_ID = "o_livechat_iconic_visitor_frame";
/** The visitor's website page, in the agent's browser but with none of the agent's cookies. */
const VISITOR = `iframe#${FRAME_ID}:iframe ${WIDGET}`;
const NO_RELOAD_MARK = "livechatIconicBoardNotReloaded";

/**
 * The visitor's side, on the website: open the live chat button, ask a question.
 *
 * @param {string} root selector prefix of the live chat widget
 */
function visitorAsks(root) {
    return [
        {
            content: "The chat button shows although no agent is available",
            trigger: `${root} .o-livechat-LivechatButton`,
            run: "click",
        },
        {
            content: "The chat window opens",
            trigger: `${root} .o-mail-ChatWindow .o-mail-Composer-input`,
            run: `edit ${VISITOR_QUESTION}`,
        },
        {
            content: "Send the question",
            trigger: `${root} .o-mail-ChatWindow .o-mail-Composer-input`,
            run: "press Enter",
        },
        {
            content: "The question is posted in a real (not transient) conversation",
            trigger: `${root} .o-mail-ChatWindow .o-mail-Thread:not([data-transient]) .o-mail-Message:contains(${VISITOR_QUESTION})`,
        },
    ];
}

registry.category("web_tour.tours").add("livechat_iconic_visitor_queued", {
    url: "/",
    steps: () => visitorAsks(WIDGET),
});

const QUESTION_CARD = `.o_kanban_record:contains(${VISITOR_QUESTION})`;

/** @param {string} label the column (livechat_state) title */
function column(label) {
    return `.o_kanban_group:has(.o_column_title:contains(${label}))`;
}

/**
 * Both sides at once, in one browser: the agent's backend and, in a credentialless iframe
 * (fresh cookie jar and storage, so an anonymous website visitor), the visitor's real
 * website page with its chat widget.
 */
registry.category("web_tour.tours").add("livechat_iconic_agent_board", {
    url: "/odoo/livechat-waiting",
    steps: () => [
        {
            content: "The Customers Waiting board is loaded, without the visitor yet",
            trigger: `.o_livechat_iconic_board .o_kanban_renderer:has(${column("In Queue")}):not(:has(${QUESTION_CARD}))`,
            run() {
                // gone if anything reloads the page: checked at the end
                window[NO_RELOAD_MARK] = true;
            },
        },
        {
            content: "A visitor opens the website (anonymous: no cookie of the agent)",
            trigger: "body",
            run() {
                const frame = document.createElement("iframe");
                frame.id = FRAME_ID;
                frame.setAttribute("credentialless", "");
                Object.assign(frame.style, {
                    position: "fixed",
                    right: "0",
                    bottom: "0",
                    width: "480px",
                    height: "640px",
                    zIndex: "2000",
                    border: "2px solid #714B67",
                    background: "white",
                });
                frame.src = "/";
                document.body.appendChild(frame);
            },
        },
        ...visitorAsks(VISITOR),
        {
            content: "The question appears on the board, in the In Queue column, without reload",
            trigger: `${column("In Queue")} ${QUESTION_CARD}`,
        },
        {
            content: "The agent takes the chat",
            trigger: `${column("In Queue")} ${QUESTION_CARD} button.o_livechat_iconic_take`,
            run: "click",
        },
        {
            content: "The conversation opens in Discuss with the visitor's question",
            trigger: `.o-mail-Discuss .o-mail-Thread .o-mail-Message:contains(${VISITOR_QUESTION})`,
        },
        {
            content: "The agent replies",
            trigger: ".o-mail-Discuss .o-mail-Composer-input",
            run: `edit ${AGENT_REPLY}`,
        },
        {
            trigger: ".o-mail-Discuss .o-mail-Composer-input",
            run: "press Enter",
        },
        {
            content: "The reply is posted",
            trigger: `.o-mail-Discuss .o-mail-Message:contains(${AGENT_REPLY}):not(:has(.o-mail-Message-pendingProgress))`,
        },
        {
            content: "The visitor sees the agent's reply in the chat window",
            trigger: `${VISITOR} .o-mail-ChatWindow .o-mail-Message:contains(${AGENT_REPLY})`,
        },
        {
            content: "Back to the board",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb .breadcrumb-item a:contains(Customers Waiting)",
            run: "click",
        },
        {
            content: "The session is now in the Chatting column",
            trigger: `${column("Chatting")} ${QUESTION_CARD}`,
        },
        {
            content: "The visitor closes the chat window",
            trigger: `${VISITOR} .o-mail-ChatWindow-header [title*=Close]`,
            run: "click",
        },
        {
            content: "The visitor confirms leaving the conversation",
            trigger: `${VISITOR} .o-livechat-CloseConfirmation-leave`,
            run: "click",
        },
        {
            content: "The board moves the session to the Closed column, without reload",
            trigger: `${column("Closed")} ${QUESTION_CARD}`,
        },
        {
            content: "The card left the Chatting column, and the page was never reloaded",
            trigger: `.o_kanban_renderer:not(:has(${column("Chatting")} ${QUESTION_CARD}))`,
            run() {
                if (!window[NO_RELOAD_MARK]) {
                    throw new Error("The board page was reloaded: updates must come live.");
                }
                document.getElementById(FRAME_ID)?.remove();
            },
        },
    ],
});

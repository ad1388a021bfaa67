import {registry} from "@web/core/registry";
import {
    openVisitorFrame,
    visitorWidget,
} from "@livechat_iconic/../tests/tours/visitor_frame";

/** Texts the Python driver (livechat_iconic/tests/test_tour.py) uses too. */
export const VISITOR_QUESTION = "Do you ship the blue kayak to Oslo?";
export const AGENT_REPLY = "Yes we deliver to Oslo in two days";
export const HIGHLIGHT_QUESTION = "Is the red canoe still for sale?";
export const OTHER_QUESTION = "Can I pick up my order on Sunday?";

const WIDGET = ".o-livechat-root:shadow";
const FRAME_ID = "o_livechat_iconic_visitor_frame";
/** The visitor's website page, in the agent's browser but with none of the agent's cookies. */
const VISITOR = visitorWidget(FRAME_ID);
/** Set on the agent's window once the board is loaded: gone if the page reloads. */
const NO_RELOAD_MARK = "livechatIconicBoardNotReloaded";

const HIGHLIGHTED = ".o_livechat_iconic_highlight";
const TIMER = ".o_livechat_iconic_timer";
const RUNNING_TIMER = ".o_livechat_iconic_timer_running";
const QUEUE_TIMER = `[name=livechat_in_queue_dt] ${TIMER}`;
const RUNNING_QUEUE_TIMER = `[name=livechat_in_queue_dt] ${RUNNING_TIMER}`;
const CHAT_TIMER = `[name=livechat_chatting_dt] ${TIMER}`;
const RUNNING_CHAT_TIMER = `[name=livechat_chatting_dt] ${RUNNING_TIMER}`;

/**
 * @param {String} text
 * @returns {String} the kanban card of the session showing ``text``
 */
function card(text) {
    return `.o_kanban_record:contains(${text})`;
}

/**
 * @param {String} label the title of a column (a livechat_state)
 * @param {String} [inside] selector inside the column
 */
function column(label, inside = "") {
    return `.o_kanban_group:has(.o_column_title:contains(${label})) ${inside}`.trim();
}

function checkNotReloaded() {
    if (!window[NO_RELOAD_MARK]) {
        throw new Error("The page was reloaded: the board must update live.");
    }
}

/**
 * The visitor's side, on the website: open the live chat button, ask a question.
 *
 * @param {String} root selector of the live chat widget's root
 */
export function visitorAsks(root) {
    const composer = `${root} .o-mail-ChatWindow .o-mail-Composer-input`;
    return [
        {
            content: "The chat button shows although no agent is available",
            trigger: `${root} .o-livechat-LivechatButton`,
            // The visitor's page loads the website and the widget in the iframe first:
            // on a loaded 2-core machine that alone took more than the default 10 s
            timeout: 30000,
            run: "click",
        },
        {
            content: "The chat window opens",
            trigger: composer,
            run: `edit ${VISITOR_QUESTION}`,
        },
        {
            content: "Send the question",
            trigger: composer,
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
    steps: () => [
        ...visitorAsks(WIDGET),
        {
            content:
                "The visitor sees their place in the queue (no estimate: no recent answers)",
            trigger: `${WIDGET} .o-mail-ChatWindow .o_livechat_iconic_queue_status:contains(You are number 1 in the queue.)`,
        },
    ],
});

/**
 * Both sides at once, in one browser: the agent's backend and, in a credentialless iframe
 * (its own empty cookie jar and storage, hence an anonymous website visitor), the
 * visitor's real website page with its chat widget. Whatever the board shows after it is
 * loaded comes from the bus: the page is never reloaded (checked at the end).
 */
registry.category("web_tour.tours").add("livechat_iconic_agent_board", {
    url: "/odoo/livechat-waiting",
    steps: () => [
        {
            content: "The Customers Waiting board is loaded, without the visitor yet",
            trigger: `.o_livechat_iconic_board .o_kanban_renderer:has(${column("In Queue")}):not(:has(${card(VISITOR_QUESTION)}))`,
            run() {
                window[NO_RELOAD_MARK] = true;
            },
        },
        openVisitorFrame(FRAME_ID),
        ...visitorAsks(VISITOR),
        {
            content: "The visitor sees their place in the queue",
            trigger: `${VISITOR} .o-mail-ChatWindow .o_livechat_iconic_queue_status:contains(You are number 1 in the queue)`,
        },
        {
            content:
                "The question appears on the board, in the In Queue column, without reload",
            trigger: column("In Queue", card(VISITOR_QUESTION)),
        },
        {
            content: "Its countdown to the first-response target runs",
            trigger: column(
                "In Queue",
                `${card(VISITOR_QUESTION)} .o_livechat_iconic_due .o_livechat_iconic_countdown`
            ),
        },
        {
            content: "Its queue timer runs",
            trigger: column(
                "In Queue",
                `${card(VISITOR_QUESTION)} ${RUNNING_QUEUE_TIMER}`
            ),
        },
        {
            content: "The agent takes the chat",
            trigger: column(
                "In Queue",
                `${card(VISITOR_QUESTION)} button.o_livechat_iconic_take`
            ),
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
            content:
                "An agent is with the visitor: no place in the queue is shown any more",
            trigger: `${VISITOR} .o-mail-ChatWindow:has(.o-mail-Message:contains(${AGENT_REPLY})):not(:has(.o_livechat_iconic_queue_status))`,
        },
        {
            content: "Back to the board",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Customers Waiting)",
            run: "click",
        },
        {
            content: "The session is now in the Chatting column",
            trigger: column(
                "Chatting",
                `${card(VISITOR_QUESTION)} ${RUNNING_CHAT_TIMER}`
            ),
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
            trigger: column("Closed", card(VISITOR_QUESTION)),
        },
        {
            content: "A closed session's queue and chat timers are stopped",
            trigger: column(
                "Closed",
                `${card(VISITOR_QUESTION)}:has(${CHAT_TIMER}):not(:has(${RUNNING_QUEUE_TIMER})):not(:has(${RUNNING_CHAT_TIMER}))`
            ),
        },
        {
            content:
                "The card left the Chatting column, and the page was never reloaded",
            trigger: `.o_kanban_renderer:not(:has(${column("Chatting", card(VISITOR_QUESTION))}))`,
            run() {
                checkNotReloaded();
                document.getElementById(FRAME_ID).remove();
            },
        },
    ],
});

/**
 * The address /livechat/waiting/<id> highlights one session, in the kanban and in the
 * list; the list updates live too, and the timers tick in the browser.
 */
registry.category("web_tour.tours").add("livechat_iconic_board_highlight", {
    steps: () => [
        {
            content: "The board highlights the session of the address",
            trigger: column("In Queue", `${card(HIGHLIGHT_QUESTION)}${HIGHLIGHTED}`),
        },
        {
            content: "Only that session",
            trigger: column("In Queue", `${card(OTHER_QUESTION)}:not(${HIGHLIGHTED})`),
            run() {
                const count = document.querySelectorAll(HIGHLIGHTED).length;
                if (count !== 1) {
                    throw new Error(`${count} sessions highlighted instead of 1`);
                }
            },
        },
        {
            content: "The queue timer ticks",
            trigger: `.o_kanban_record${HIGHLIGHTED} ${RUNNING_QUEUE_TIMER}`,
            async run(helpers) {
                const timer = () =>
                    document.querySelector(
                        `.o_kanban_record${HIGHLIGHTED} ${RUNNING_QUEUE_TIMER}`
                    );
                const first = timer().textContent;
                if (!/^\d+:\d\d(:\d\d)?$/.test(first)) {
                    throw new Error(`Unexpected timer text: ${first}`);
                }
                await helpers.waitUntil(() => timer()?.textContent !== first, {
                    timeout: 5000,
                });
            },
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "The list highlights the same session; its queue timer runs",
            trigger: `.o_data_row${HIGHLIGHTED}:contains(${HIGHLIGHT_QUESTION}) ${RUNNING_QUEUE_TIMER}`,
            async run() {
                if (
                    document.querySelectorAll(`.o_data_row${HIGHLIGHTED}`).length !== 1
                ) {
                    throw new Error("Exactly one row must be highlighted");
                }
                window[NO_RELOAD_MARK] = true;
                // Someone else closes the session, not through this view: only the bus can
                // tell the list
                const {orm} = odoo.__WOWL_DEBUG__.root.env.services;
                const ids = await orm.search("discuss.channel", [
                    ["livechat_question", "=", HIGHLIGHT_QUESTION],
                ]);
                await orm.call("discuss.channel", "action_livechat_close", [ids]);
            },
        },
        {
            content:
                "The list shows the session closed, its queue timer stopped, without reload",
            trigger: `.o_data_row${HIGHLIGHTED}:contains(${HIGHLIGHT_QUESTION}):has([name=livechat_state]:contains(Closed)):has(${QUEUE_TIMER}):not(:has(${RUNNING_QUEUE_TIMER}))`,
            run: checkNotReloaded,
        },
    ],
});

/**
 * The visitor's place follows the queue's moves (one message per queue, coalesced,
 * from which the widget computes its own place): a visitor queued behind another one is
 * number 2, and number 1 once the agent takes the chat ahead, without any reload.
 */
registry.category("web_tour.tours").add("livechat_iconic_queue_moves", {
    url: "/odoo/livechat-waiting",
    steps: () => [
        {
            content: "The board shows the visitor already waiting",
            trigger: column("In Queue", card(OTHER_QUESTION)),
        },
        openVisitorFrame(FRAME_ID),
        ...visitorAsks(VISITOR),
        {
            content: "The visitor is behind the one already waiting",
            trigger: `${VISITOR} .o-mail-ChatWindow .o_livechat_iconic_queue_status:contains(You are number 2 in the queue)`,
        },
        {
            content: "The agent takes the chat ahead of the visitor",
            trigger: column(
                "In Queue",
                `${card(OTHER_QUESTION)} button.o_livechat_iconic_take`
            ),
            run: "click",
        },
        {
            content: "The visitor is next, without reload",
            trigger: `${VISITOR} .o-mail-ChatWindow .o_livechat_iconic_queue_status:contains(You are number 1 in the queue)`,
        },
    ],
});

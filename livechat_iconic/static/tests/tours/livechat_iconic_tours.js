import { registry } from "@web/core/registry";

/**
 * Texts the Python driver (livechat_iconic/tests/test_tour.py) checks too.
 */
export const VISITOR_QUESTION = "Do you ship the blue kayak to Oslo?";
export const AGENT_REPLY = "Yes we deliver to Oslo in two days";
export const HIGHLIGHT_QUESTION = "Is the red canoe still for sale?";
export const OTHER_QUESTION = "Can I pick up my order on Sunday?";

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
            content: "Its queue timer runs",
            trigger: `${column("In Queue")} ${QUESTION_CARD} .o_livechat_iconic_timer_running`,
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
            content: "A closed session's queue and chat timers are stopped",
            trigger: `${column("Closed")} ${QUESTION_CARD}:has([name=livechat_chatting_dt] .o_livechat_iconic_timer):not(:has([name=livechat_in_queue_dt] .o_livechat_iconic_timer_running, [name=livechat_chatting_dt] .o_livechat_iconic_timer_running))`,
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

/**
 * The address /livechat/waiting/<id> highlights one session, in the kanban and in the list;
 * the list updates live too, and the timers tick.
 */
registry.category("web_tour.tours").add("livechat_iconic_board_highlight", {
    steps: () => [
        {
            content: "The board highlights the session of the address",
            trigger: `${column("In Queue")} .o_kanban_record.o_livechat_iconic_highlight:contains(${HIGHLIGHT_QUESTION})`,
        },
        {
            content: "Only that session",
            trigger: `${column("In Queue")} .o_kanban_record:not(.o_livechat_iconic_highlight):contains(${OTHER_QUESTION})`,
            run() {
                const highlighted = document.querySelectorAll(".o_livechat_iconic_highlight");
                if (highlighted.length !== 1) {
                    throw new Error(`${highlighted.length} sessions highlighted instead of 1`);
                }
            },
        },
        {
            content: "The queue timer ticks in the browser",
            trigger: ".o_kanban_record.o_livechat_iconic_highlight .o_livechat_iconic_timer_running",
            async run(helpers) {
                const timer = () =>
                    document.querySelector(
                        ".o_kanban_record.o_livechat_iconic_highlight .o_livechat_iconic_timer_running"
                    );
                const first = timer().textContent;
                if (!/^\d+:\d\d(:\d\d)?$/.test(first)) {
                    throw new Error(`Unexpected timer text: ${first}`);
                }
                await helpers.waitUntil(() => timer()?.textContent !== first, { timeout: 5000 });
            },
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "The list highlights the same session; its queue timer runs",
            trigger: `.o_list_renderer .o_data_row.o_livechat_iconic_highlight:contains(${HIGHLIGHT_QUESTION}) .o_livechat_iconic_timer_running`,
            async run() {
                if (document.querySelectorAll(".o_data_row.o_livechat_iconic_highlight").length !== 1) {
                    throw new Error("Exactly one row must be highlighted");
                }
                window[NO_RELOAD_MARK] = true;
                // someone else closes the session: not this view, so only the bus can tell it
                const { orm } = odoo.__WOWL_DEBUG__.root.env.services;
                const ids = await orm.search("discuss.channel", [
                    ["livechat_question", "=", HIGHLIGHT_QUESTION],
                ]);
                await orm.call("discuss.channel", "action_livechat_close", [ids]);
            },
        },
        {
            content: "The list shows the session closed, its queue timer stopped, without reload",
            trigger: `.o_data_row.o_livechat_iconic_highlight:contains(${HIGHLIGHT_QUESTION}):has([name=livechat_state]:contains(Closed)):has([name=livechat_in_queue_dt] .o_livechat_iconic_timer):not(:has([name=livechat_in_queue_dt] .o_livechat_iconic_timer_running))`,
            run() {
                if (!window[NO_RELOAD_MARK]) {
                    throw new Error("The list page was reloaded: updates must come live.");
                }
            },
        },
    ],
});

import {registry} from "@web/core/registry";
import {rpc} from "@web/core/network/rpc";

/**
 * A colleague steps in (tests/test_step_in_tour.py): the Customers Waiting board shows a
 * chat whose visitor waits for a reply as such; the colleague presses Step In and the
 * chat opens, with Odoo's "joined the channel" notice.
 */
registry.category("web_tour.tours").add("livechat_iconic_step_in", {
    steps: () => [
        {
            content: "The board shows the chat as waiting for a reply",
            trigger:
                ".o_kanban_record:has(.o_livechat_iconic_question:contains('front row')) .o_livechat_iconic_waiting_reply:contains('Waiting for a reply')",
            timeout: 20000,
        },
        {
            content: "The colleague steps in from the board",
            trigger:
                ".o_kanban_record:has(.o_livechat_iconic_question:contains('front row')) button.o_livechat_iconic_step_in",
            run: "click",
        },
        {
            content: "The chat opens",
            trigger: ".o-mail-Message-content:contains('front row')",
            timeout: 30000,
        },
        {
            content: "Odoo's notice that the colleague joined",
            trigger: ".o-mail-NotificationMessage:contains('joined the channel')",
        },
    ],
});

/**
 * The first agent is told, live: with the backend open, a colleague steps in (the test's
 * server action ``livechat_iconic.test_step_in_action`` acts as that colleague) and the
 * agent's notice says who joined.
 */
registry.category("web_tour.tours").add("livechat_iconic_step_in_told", {
    steps: () => [
        {
            content: "The backend is loaded and listening",
            trigger: ".o_main_navbar",
            run: async () => {
                const action = await rpc("/web/action/load", {
                    action_id: "livechat_iconic.test_step_in_action",
                });
                await rpc("/web/action/run", {action_id: action.id});
            },
        },
        {
            content: "The agent is told that a colleague stepped in",
            trigger:
                '.o_notification:contains("A colleague stepped in"):contains("Carol Agent joined your chat")',
            timeout: 20000,
        },
    ],
});

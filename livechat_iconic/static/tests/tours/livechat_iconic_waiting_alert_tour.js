import {registry} from "@web/core/registry";
import {rpc} from "@web/core/network/rpc";

/**
 * An agent has the backend open; a visitor waited past the queue's threshold: the alert
 * cron runs (the Python driver passes its id in the URL hash), the agent sees the notice
 * and opens the Customers Waiting board from it.
 */
registry.category("web_tour.tours").add("livechat_iconic_waiting_alert", {
    steps: () => [
        {
            content: "The backend is loaded and listening",
            trigger: ".o_main_navbar",
            run: async () => {
                // The cron's server action, run now (a cron cannot run inside a test)
                const action = await rpc("/web/action/load", {
                    action_id:
                        "livechat_iconic.ir_cron_livechat_alerts_ir_actions_server",
                });
                await rpc("/web/action/run", {action_id: action.id});
            },
        },
        {
            content: "The agent is told that a visitor is waiting",
            trigger:
                '.o_notification:contains("A visitor is waiting"):contains("Alert me please")',
        },
        {
            content: "The notice opens the Customers Waiting board",
            trigger: '.o_notification button:contains("Open the board")',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The board shows the waiting visitor",
            trigger: '.o_livechat_iconic_question:contains("Alert me please")',
            timeout: 20000,
        },
    ],
});

import {registry} from "@web/core/registry";
import {rpc} from "@web/core/network/rpc";

/**
 * An agent has the backend open; the visitor of their chat has been silent past the
 * queue's time: the inactivity cron runs, the agent is proposed the courtesy reminder and
 * sends it with one click.
 */
registry.category("web_tour.tours").add("livechat_iconic_reminder", {
    steps: () => [
        {
            content: "The backend is loaded and listening",
            trigger: ".o_main_navbar",
            run: async () => {
                // The cron's server action, run now (a cron cannot run inside a test)
                const action = await rpc("/web/action/load", {
                    action_id:
                        "livechat_iconic.ir_cron_livechat_timers_ir_actions_server",
                });
                await rpc("/web/action/run", {action_id: action.id});
            },
        },
        {
            content: "The agent is proposed the reminder, and sees its text",
            trigger:
                '.o_livechat_iconic_reminder_proposal:contains("has not answered"):contains("Are you still there?")',
        },
        {
            content: "One click sends it",
            trigger:
                '.o_livechat_iconic_reminder_proposal button:contains("Send the reminder")',
            run: "click",
        },
        {
            content: "The agent is told it was sent",
            trigger: '.o_notification:contains("Reminder sent.")',
        },
    ],
});

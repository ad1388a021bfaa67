import {browser} from "@web/core/browser/browser";
import {rpc} from "@web/core/network/rpc";
import {registry} from "@web/core/registry";

/**
 * A queue that notifies at once: a visitor wrote; the alert cron runs (as the visitor's
 * message woke it); the signed-in agent sees the notice and hears Discuss's new-message
 * sound (the audio element is replaced by one that marks the page when played).
 */
registry.category("web_tour.tours").add("livechat_iconic_alert_at_once", {
    steps: () => [
        {
            content: "The backend is loaded and listening",
            trigger: ".o_main_navbar",
            run: async () => {
                browser.Audio = class {
                    canPlayType() {
                        return "probably";
                    }
                    get paused() {
                        return true;
                    }
                    pause() {
                        // Nothing plays in the test: nothing to pause
                    }
                    play() {
                        if (this.src.includes("new-message")) {
                            document.body.classList.add("o_livechat_iconic_rang");
                        }
                        return Promise.resolve();
                    }
                };
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
                '.o_notification:contains("A visitor is waiting"):contains("Ring me please")',
        },
        {
            content: "and hears it",
            trigger: "body.o_livechat_iconic_rang",
        },
    ],
});

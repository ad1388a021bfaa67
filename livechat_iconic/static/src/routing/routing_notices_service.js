import {browser} from "@web/core/browser/browser";
import {registry} from "@web/core/registry";
import {session} from "@web/session";

/** Someone took a chat of a broadcast queue (discuss.channel._livechat_tell_taken). */
export const TAKEN_NOTIFICATION = "livechat_iconic.routing/taken";

/**
 * - Broadcast queues: the agents who were offered a chat learn who took it.
 * - Away after the configured idle time (livechat_iconic.away_after_minutes, default 15):
 *   Odoo's im_status service reports the inactivity at 30 minutes only; this one also
 *   reports it when the configured idle time is reached, and again on the next activity,
 *   so that the server (mail.presence._update_presence) sets Away and back Online.
 */
export const routingNoticesService = {
    dependencies: ["bus_service", "notification", "presence"],
    start(env, {bus_service: busService, notification, presence}) {
        busService.subscribe(TAKEN_NOTIFICATION, (payload) => {
            notification.add(payload.message, {type: "info"});
        });
        const awayDelay = session.livechat_iconic_away_ms;
        if (!awayDelay) {
            return;
        }
        let reportedAway = false;
        let timeout = 0;
        const report = () => {
            const inactivity = presence.getInactivityPeriod();
            reportedAway = inactivity >= awayDelay;
            busService.send("update_presence", {inactivity_period: inactivity});
        };
        const schedule = () => {
            browser.clearTimeout(timeout);
            const left = awayDelay - presence.getInactivityPeriod();
            timeout = browser.setTimeout(report, Math.max(left, 0) + 1000);
        };
        presence.bus.addEventListener("presence", () => {
            if (reportedAway) {
                report();
            }
            schedule();
        });
        schedule();
    },
};

registry
    .category("services")
    .add("livechat_iconic.routing_notices", routingNoticesService);

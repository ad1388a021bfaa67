import { browser } from "@web/core/browser/browser";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";

/** The server's notice about a visitor nobody took (discuss.channel._livechat_desktop_alert). */
export const ALERT_NOTIFICATION = "livechat_iconic.alert";

/**
 * Shows the agents' "a visitor is waiting" notices: a notification in the web client with
 * a button to the Customers Waiting board and, when the user allowed it, a desktop
 * notification of the browser. The server sends each session's notice once.
 */
export const waitingAlertService = {
    dependencies: ["bus_service", "notification"],
    start(env, { bus_service: busService, notification }) {
        busService.subscribe(ALERT_NOTIFICATION, (payload) => {
            const open = () => browser.location.assign(payload.url);
            notification.add(payload.body, {
                title: payload.title,
                type: "warning",
                buttons: [{ name: _t("Open the board"), primary: true, onClick: open }],
            });
            if (browser.Notification?.permission === "granted") {
                const desktop = new browser.Notification(payload.title, {
                    body: payload.body,
                    tag: `livechat_iconic_waiting_${payload.id}`,
                });
                desktop.onclick = open;
            }
        });
    },
};

registry.category("services").add("livechat_iconic.waiting_alert", waitingAlertService);

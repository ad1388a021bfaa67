import {browser} from "@web/core/browser/browser";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";

/**
 * The server's notice about visitors nobody took (discuss.channel._livechat_desktop_notices):
 * one visitor's, or a digest of several (id 0, linking to the board).
 */
export const ALERT_NOTIFICATION = "livechat_iconic.alert";

/**
 * Shows the agents' "a visitor is waiting" notices: a notification in the web client with
 * a button to the Customers Waiting board and, when the user allowed it, a desktop
 * notification of the browser. The server sends each session's notice once.
 */
export const waitingAlertService = {
    dependencies: ["action", "bus_service", "notification", "orm"],
    start(env, {action, bus_service: busService, notification, orm}) {
        busService.subscribe(ALERT_NOTIFICATION, (payload) => {
            const open = () => browser.location.assign(payload.url);
            const buttons = [
                {name: _t("Open the board"), primary: !payload.answer, onClick: open},
            ];
            // The notification's close function, known once it is shown
            let close = null;
            if (payload.answer) {
                // A broadcast offer: open the chat and answer; the first to answer gets it
                const answer = async () => {
                    close?.();
                    const result = await orm.call(
                        "discuss.channel",
                        "action_livechat_answer",
                        [[payload.id]]
                    );
                    await action.doAction(result);
                };
                buttons.unshift({name: _t("Answer"), primary: true, onClick: answer});
            }
            close = notification.add(payload.body, {
                title: payload.title,
                type: "warning",
                buttons,
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

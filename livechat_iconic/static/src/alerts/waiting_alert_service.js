import {browser} from "@web/core/browser/browser";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";

/**
 * The server's notice about visitors nobody took (discuss.channel._livechat_desktop_notices):
 * one visitor's, or a digest of several (id 0, linking to the board).
 */
export const ALERT_NOTIFICATION = "livechat_iconic.alert";

/**
 * The least time between two sounds: a burst of notices (a digest per run of the alert
 * scheduled action, the known customers' own notices) rings once.
 */
export const SOUND_SPACING_MS = 5000;

/**
 * Shows the agents' "a visitor is waiting" notices: a notification in the web client with
 * a button to the Customers Waiting board and, when the user allowed it, a desktop
 * notification of the browser. The server sends each session's notice once. A notice with
 * ``sound`` (a visitor of a queue that notifies at once needs a person) plays Discuss's
 * new-message sound, as Discuss plays it (the user's "message sound" setting, the main tab
 * only), at most once per SOUND_SPACING_MS. A new digest replaces the previous one.
 * Each notice shown is acknowledged to the server (discuss.channel.livechat_ack_alerts).
 */
export const waitingAlertService = {
    dependencies: [
        "action",
        "bus_service",
        "notification",
        "orm",
        "mail.sound_effects",
        "mail.store",
        "multi_tab",
    ],
    start(env, services) {
        const {action, bus_service: busService, notification, orm} = services;
        const soundEffects = services["mail.sound_effects"];
        const store = services["mail.store"];
        const multiTab = services.multi_tab;
        let lastSound = 0;
        let closeDigest = null;
        const ring = async () => {
            const now = Date.now();
            if (now - lastSound < SOUND_SPACING_MS || !store.settings.messageSound) {
                return;
            }
            lastSound = now;
            if (await multiTab.isOnMainTab()) {
                soundEffects.play("new-message");
            }
        };
        /**
         * Tell the server this browser showed the notice (the miss causes: an alert no
         * agent's browser acknowledged escalates): one small call per notice shown.
         */
        const acknowledge = (payload) => {
            const ids = payload.id ? [payload.id] : payload.session_ids || [];
            if (ids.length) {
                // A lost acknowledgement only lets the escalation run: nothing to show
                orm.silent
                    .call("discuss.channel", "livechat_ack_alerts", [ids])
                    .catch(() => null);
            }
        };
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
            if (!payload.id && closeDigest) {
                closeDigest(); // The latest digest says how many wait now
            }
            close = notification.add(payload.body, {
                title: payload.title,
                type: "warning",
                buttons,
            });
            if (!payload.id) {
                closeDigest = close;
            }
            if (payload.sound) {
                ring();
            }
            acknowledge(payload);
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

import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";

/** The server proposes a courtesy reminder (discuss.channel._livechat_propose_reminder). */
export const REMINDER_NOTIFICATION = "livechat_iconic.reminder/propose";

/**
 * A visitor has not answered the agent for the queue's time: the agent gets a notice
 * showing the reminder, with one button that sends it in their name
 * (discuss.channel.action_livechat_send_reminder). Unsent, the chat closes after the
 * queue's delay anyway.
 */
export const reminderProposalService = {
    dependencies: ["bus_service", "notification", "orm"],
    start(env, {bus_service: busService, notification, orm}) {
        busService.subscribe(REMINDER_NOTIFICATION, (payload) => {
            const close = notification.add(`${payload.body}\n«${payload.reminder}»`, {
                title: payload.title,
                type: "warning",
                sticky: true,
                className: "o_livechat_iconic_reminder_proposal",
                buttons: [
                    {
                        name: _t("Send the reminder"),
                        primary: true,
                        onClick: async () => {
                            close();
                            await orm.call(
                                "discuss.channel",
                                "action_livechat_send_reminder",
                                [[payload.id]]
                            );
                            notification.add(_t("Reminder sent."), {type: "success"});
                        },
                    },
                ],
            });
        });
    },
};

registry
    .category("services")
    .add("livechat_iconic.reminder_proposal", reminderProposalService);

import {registerThreadAction} from "@mail/core/common/thread_actions";
import {_t} from "@web/core/l10n/translation";

/**
 * Snooze (chat window and Discuss, live chats the agent is chatting in): opens the
 * server's snooze dialog (discuss.channel.action_livechat_snooze_dialog).
 */
registerThreadAction("livechat-iconic-snooze", {
    condition: ({owner, store, thread}) =>
        thread?.channel_type === "livechat" &&
        !thread.livechat_end_dt &&
        Boolean(thread.self_member_id) &&
        store.has_access_livechat &&
        !owner.isDiscussSidebarChannelActions,
    icon: "fa fa-fw fa-clock-o",
    name: _t("Snooze"),
    open: async ({store, thread}) => {
        const action = await store.env.services.orm.call(
            "discuss.channel",
            "action_livechat_snooze_dialog",
            [[thread.id]]
        );
        await store.env.services.action.doAction(action);
    },
    sequence: 16,
    sequenceGroup: 7,
});

import {registerThreadAction} from "@mail/core/common/thread_actions";
import {_t} from "@web/core/l10n/translation";

/**
 * Transfer (chat window and Discuss, live chats the agent is in): opens the server's
 * transfer wizard (discuss.channel.action_livechat_transfer) to hand the chat to an online
 * colleague or another queue, or to add a colleague.
 */
registerThreadAction("livechat-iconic-transfer", {
    condition: ({owner, store, thread}) =>
        thread?.channel_type === "livechat" &&
        !thread.livechat_end_dt &&
        Boolean(thread.self_member_id) &&
        store.has_access_livechat &&
        // A queue may leave transfers to supervisors (discuss_channel_step_in.py)
        (!thread.livechat_transfers_for_supervisors ||
            Boolean(store.livechat_iconic_reassigns)) &&
        !owner.isDiscussSidebarChannelActions,
    icon: "fa fa-fw fa-exchange",
    name: _t("Transfer"),
    open: async ({store, thread}) => {
        const action = await store.env.services.orm.call(
            "discuss.channel",
            "action_livechat_transfer",
            [[thread.id]]
        );
        await store.env.services.action.doAction(action);
    },
    sequence: 15,
    sequenceGroup: 7,
});

import {_t} from "@web/core/l10n/translation";
import {registerThreadAction} from "@mail/core/common/thread_actions";

/**
 * Ticket (chat window and Discuss, live chats the agent is a member of): the chat becomes a
 * help-desk ticket in one click (discuss.channel.action_livechat_ticket); the server's
 * notification links to it. The chat goes on; the agent may close it as usual.
 */
registerThreadAction("livechat-iconic-ticket", {
    condition: ({owner, store, thread}) =>
        thread?.channel_type === "livechat" &&
        thread.livechat_outcome !== "ticket" &&
        Boolean(thread.self_member_id) &&
        store.has_access_livechat &&
        !owner.isDiscussSidebarChannelActions,
    icon: "fa fa-fw fa-life-ring",
    name: _t("Make a Ticket"),
    open: async ({store, thread}) => {
        const action = await store.env.services.orm.call(
            "discuss.channel",
            "action_livechat_ticket",
            [[thread.id]]
        );
        thread.livechat_outcome = "ticket";
        await store.env.services.action.doAction(action);
    },
    sequence: 17,
    sequenceGroup: 7,
});

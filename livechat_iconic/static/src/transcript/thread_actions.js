import {registerThreadAction} from "@mail/core/common/thread_actions";
import {_t} from "@web/core/l10n/translation";

/**
 * Send the Transcript (chat window and Discuss, live chats, also once ended): the same
 * dialog as the session form's envelope (livechat_iconic.livechat_transcript_send_action),
 * with the visitor's address filled in.
 */
registerThreadAction("livechat-iconic-transcript", {
    condition: ({owner, store, thread}) =>
        thread?.channel_type === "livechat" &&
        store.has_access_livechat &&
        !owner.isDiscussSidebarChannelActions,
    icon: "fa fa-fw fa-envelope-o",
    name: _t("Send the Transcript"),
    open: async ({store, thread}) => {
        await store.env.services.action.doAction(
            "livechat_iconic.livechat_transcript_send_action",
            {
                additionalContext: {
                    active_id: thread.id,
                    active_ids: [thread.id],
                    active_model: "discuss.channel",
                },
            }
        );
    },
    sequence: 17,
    sequenceGroup: 7,
});

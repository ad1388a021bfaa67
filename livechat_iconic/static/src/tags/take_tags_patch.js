import {DiscussClientAction} from "@mail/core/public_web/discuss_client_action";

import {patch} from "@web/core/utils/patch";

/**
 * The agent took an untagged chat (the board's Chat button, or the visitor's name) whose
 * queue asks for tags at the start: the conversation opens with the tags dialog on top.
 * The server decides (action_livechat_take sets livechat_iconic_ask_tags in the action's
 * context); "Later" leaves the chat untagged.
 */
patch(DiscussClientAction.prototype, {
    async restoreDiscussThread(props) {
        await super.restoreDiscussThread(...arguments);
        const context = props.action?.context;
        if (!context?.livechat_iconic_ask_tags) {
            return;
        }
        // Once, not on every re-render
        delete context.livechat_iconic_ask_tags;
        const thread = this.store.discuss.thread;
        if (thread?.channel_type !== "livechat") {
            return;
        }
        const services = this.env.services;
        const action = await services.orm.call(
            "discuss.channel",
            "livechat_take_tags_action",
            [[thread.id]]
        );
        if (action) {
            await services.action.doAction(action);
        }
    },
});

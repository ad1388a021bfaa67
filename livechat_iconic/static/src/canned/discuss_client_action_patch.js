import {DiscussClientAction} from "@mail/core/public_web/discuss_client_action";

import {patch} from "@web/core/utils/patch";

/**
 * The agent took a chat (the board's Chat button) in which they have not written yet: the
 * composer opens with the canned-response picker, as if they had typed "::". The server
 * decides (action_livechat_take sets livechat_iconic_canned_picker in the action's context).
 */
patch(DiscussClientAction.prototype, {
    async restoreDiscussThread(props) {
        await super.restoreDiscussThread(...arguments);
        const context = props.action?.context;
        if (!context?.livechat_iconic_canned_picker) {
            return;
        }
        delete context.livechat_iconic_canned_picker; // Once, not on every re-render
        const thread = this.store.discuss.thread;
        const composer = thread?.composer;
        if (
            !this.store.hasCannedResponses ||
            thread.channel_type !== "livechat" ||
            !composer ||
            composer.composerText
        ) {
            return;
        }
        composer.insertText("::", 0);
        composer.autofocus++;
    },
});

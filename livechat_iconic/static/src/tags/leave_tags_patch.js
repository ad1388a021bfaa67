import {Thread} from "@mail/core/common/thread_model";

import {patch} from "@web/core/utils/patch";

/**
 * An agent who ends a chat (leaving it in the chat window or in Discuss) whose queue asks
 * for tags, while it has none, is asked for them first; cancelling keeps the chat open.
 * The server refuses the close otherwise (discuss.channel.action_unfollow).
 */
patch(Thread.prototype, {
    async leaveChannel(options = {}) {
        if (this.channel_type === "livechat" && !this.livechat_end_dt) {
            const services = this.store.env.services;
            const action = await services.orm.call(
                "discuss.channel",
                "livechat_leave_tags_action",
                [[this.id]]
            );
            if (action) {
                const tagged = await new Promise((resolve) => {
                    services.action.doAction(action, {
                        onClose: (infos) => resolve(Boolean(infos?.livechat_tagged)),
                    });
                });
                if (!tagged) {
                    return;
                }
                // The agent already confirmed by tagging: no second confirmation
                return super.leaveChannel({...options, force: true});
            }
        }
        return super.leaveChannel(...arguments);
    },
});

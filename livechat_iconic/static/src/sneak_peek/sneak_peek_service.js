import {Thread} from "@mail/core/common/thread_model";
import {registry} from "@web/core/registry";
import {patch} from "@web/core/utils/patch";

/** Discuss.channel._livechat_send_sneak_peek: ``{channel_id, text}`` (text masked). */
export const SNEAK_PEEK_NOTIFICATION = "livechat_iconic.sneak_peek/update";

patch(Thread.prototype, {
    setup() {
        super.setup(...arguments);
        /** What the visitor is typing, masked; never stored. */
        this.livechatIconicPeek = "";
    },
});

/** The agent's chats show the visitor's current peek above the composer. */
export const sneakPeekService = {
    dependencies: ["bus_service", "mail.store"],
    start(env, {bus_service: busService, "mail.store": store}) {
        busService.subscribe(SNEAK_PEEK_NOTIFICATION, ({channel_id, text}) => {
            const thread = store.Thread.get({model: "discuss.channel", id: channel_id});
            if (thread) {
                thread.livechatIconicPeek = text || "";
            }
        });
        // The visitor's message is there: its peek goes (the server sends no empty peek)
        busService.subscribe("discuss.channel/new_message", ({id}) => {
            const thread = store.Thread.get({model: "discuss.channel", id});
            if (thread?.livechatIconicPeek) {
                thread.livechatIconicPeek = "";
            }
        });
    },
};

registry.category("services").add("livechat_iconic.sneak_peek", sneakPeekService);

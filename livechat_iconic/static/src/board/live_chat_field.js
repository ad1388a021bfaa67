import {Thread} from "@mail/core/common/thread";

import {Component, onWillDestroy, onWillStart, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {standardFieldProps} from "@web/views/fields/standard_field_props";

/**
 * The board's View: another agent's chat, read-only (no composer, no message actions) and
 * live: the viewer is not a member, so the chat's bus channel is asked for while the view
 * is open (as Odoo's Thread.open does for a channel one is not a member of) and new
 * messages appear. Used on livechat_transcript in livechat_iconic.discuss_channel_view_form_transcript:
 * that static transcript shows when the chat cannot be loaded.
 */
export class LiveChatField extends Component {
    static template = "livechat_iconic.LiveChatField";
    static components = {Thread};
    static props = {...standardFieldProps};

    setup() {
        this.store = useState(useService("mail.store"));
        this.busService = useService("bus_service");
        this.state = useState({thread: null, loaded: false});
        let subscribed = null;
        onWillStart(async () => {
            const thread = await this.store.Thread.getOrFetch({
                model: "discuss.channel",
                id: this.props.record.resId,
            });
            if (thread && !thread.self_member_id) {
                subscribed = thread.busChannel;
                this.busService.addChannel(subscribed);
            }
            this.state.thread = thread || null;
            this.state.loaded = true;
        });
        onWillDestroy(() => {
            if (subscribed && !this.state.thread?.self_member_id) {
                this.busService.deleteChannel(subscribed);
            }
        });
    }
}

export const liveChatField = {
    component: LiveChatField,
    displayName: _t("Live chat (read-only)"),
    supportedTypes: ["html"],
};

registry.category("fields").add("livechat_iconic_live_chat", liveChatField);

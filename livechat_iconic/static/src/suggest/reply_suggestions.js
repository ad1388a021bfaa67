import {Component, onWillUnmount, useEffect, useState} from "@odoo/owl";
import {fillPlaceholders, livechatPlaceholderValues} from "../canned/placeholders";
import {Composer} from "@mail/core/common/composer";
import {patch} from "@web/core/utils/patch";
import {useService} from "@web/core/utils/hooks";
import {user} from "@web/core/user";

/**
 * Up to three reply suggestions above a live chat's composer, for the visitor's latest
 * messages (ranked on the server: discuss.channel.livechat_reply_suggestions). A click
 * inserts the text into the composer for the agent to edit; nothing is ever sent here.
 */
export class ReplySuggestions extends Component {
    static template = "livechat_iconic.ReplySuggestions";
    static props = ["composer"];

    setup() {
        this.orm = useService("orm");
        this.state = useState({suggestions: [], messageId: false});
        let alive = true;
        onWillUnmount(() => (alive = false));
        useEffect(
            (threadId, messageId) => {
                if (!threadId || !messageId) {
                    return;
                }
                this.orm.silent
                    .call("discuss.channel", "livechat_reply_suggestions", [[threadId]])
                    .then((result) => {
                        if (alive) {
                            Object.assign(this.state, {
                                suggestions: result.suggestions,
                                messageId: result.message_id,
                            });
                        }
                    })
                    .catch(() => {
                        // Not an agent of this chat: no suggestions, nothing to tell
                        this.state.suggestions = [];
                    });
            },
            () => [this.thread?.id, this.thread?.newestPersistentMessage?.id]
        );
    }

    get thread() {
        return this.props.composer.thread;
    }

    /** @param {Object} suggestion */
    insert(suggestion) {
        const composer = this.props.composer;
        const text = fillPlaceholders(
            suggestion.text,
            livechatPlaceholderValues(this.thread, user.activeCompany)
        );
        const position = composer.composerText.length;
        composer.insertText(position ? ` ${text}` : text, position, {
            moveCursorToEnd: true,
        });
        composer.autofocus++;
        this.orm.silent.call("discuss.channel", "livechat_note_suggestion_inserted", [
            [this.thread.id],
        ]);
    }
}

Composer.components = {...Composer.components, ReplySuggestions};

patch(Composer.prototype, {
    /** Agents (internal users) see suggestions in a live chat's composer, not when editing. */
    get showLivechatReplySuggestions() {
        return (
            this.thread?.channel_type === "livechat" &&
            user.isInternalUser &&
            !this.props.composer.message
        );
    },
});

import {UseSuggestion} from "@mail/core/common/suggestion_hook";

import {user} from "@web/core/user";
import {patch} from "@web/core/utils/patch";

import {fillPlaceholders, livechatPlaceholderValues} from "./placeholders";

/** A canned response inserted in a live chat has its {placeholders} filled from the chat. */
patch(UseSuggestion.prototype, {
    insert(option) {
        const thread = this.thread;
        if (option.cannedResponse && thread?.channel_type === "livechat") {
            const values = livechatPlaceholderValues(thread, user.activeCompany);
            option = {...option, label: fillPlaceholders(option.label, values)};
        }
        return super.insert(option);
    },
});

/**
 * Placeholders of canned responses, filled from the live chat: {visitor_name}, {agent_name},
 * {company}, {queue}. The same rule as livechat_iconic/lib/placeholders.py (tested there):
 * a placeholder is a name of letters, digits and underscores between braces; a known name
 * with a value is replaced by that value as plain text; an unknown name, or one without a
 * value, is left as typed; the values are not scanned again.
 */
const PLACEHOLDER_RE = /\{([A-Za-z0-9_]+)\}/g;

/**
 * @param {String} text
 * @param {Object<string, string>} values
 * @returns {String}
 */
export function fillPlaceholders(text, values) {
    if (!text) {
        return text || "";
    }
    return text.replace(PLACEHOLDER_RE, (match, name) => {
        const value = Object.hasOwn(values, name) ? values[name] : undefined;
        return value === undefined || value === null || value === false || value === ""
            ? match
            : String(value);
    });
}

/**
 * The values of a live chat thread, as the agent sees it.
 *
 * @param {import("models").Thread} thread
 * @param {Object} company the agent's current company ({ name })
 */
export function livechatPlaceholderValues(thread, company) {
    const store = thread.store;
    const self = store.self_partner;
    const visitor = thread.livechatVisitorMember?.persona;
    return {
        visitor_name: thread.livechat_visitor_name || visitor?.name,
        agent_name: self?.user_livechat_username || self?.name,
        company: company?.name,
        queue: thread.livechat_channel_id?.name,
    };
}

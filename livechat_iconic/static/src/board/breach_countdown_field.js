import {formatDateTime} from "@web/core/l10n/dates";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {standardFieldProps} from "@web/views/fields/standard_field_props";

import {LivechatTimerField} from "./timer_field";
import {formatCountdown} from "./timer_format";

/**
 * Time left before a datetime (a session's first-response breach), ticking every second on
 * the timers' one clock; past it, how late, in red.
 */
export class LivechatBreachCountdownField extends LivechatTimerField {
    static template = "livechat_iconic.BreachCountdownField";
    static props = {...standardFieldProps};

    get due() {
        return this.props.record.data[this.props.name] || null;
    }

    /** Milliseconds left before the breach; negative once breached. */
    get left() {
        return this.due ? this.due.toMillis() - this.clock.now : 0;
    }

    get isBreached() {
        return Boolean(this.due) && this.left <= 0;
    }

    get countdown() {
        return formatCountdown(this.left);
    }

    get title() {
        if (!this.due) {
            return "";
        }
        const due = formatDateTime(this.due);
        return this.isBreached
            ? _t("First-response target missed at %(due)s", {due})
            : _t("First answer due by %(due)s", {due});
    }
}

export const livechatBreachCountdownField = {
    component: LivechatBreachCountdownField,
    displayName: _t("Countdown"),
    supportedTypes: ["datetime"],
    additionalClasses: ["o_livechat_iconic_timer_field"],
};

registry
    .category("fields")
    .add("livechat_iconic_countdown", livechatBreachCountdownField);

import {Component, onMounted, onWillUnmount, reactive, useState} from "@odoo/owl";
import {browser} from "@web/core/browser/browser";
import {formatDateTime} from "@web/core/l10n/dates";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {standardFieldProps} from "@web/views/fields/standard_field_props";

import {formatElapsed} from "./timer_format";

/**
 * One clock for every timer on screen: a single interval, running while at least one
 * timer is mounted.
 */
export const clock = reactive({now: Date.now()});
let mountedTimers = 0;
let clockInterval = null;

function startClock() {
    mountedTimers++;
    if (!clockInterval) {
        clock.now = Date.now();
        clockInterval = browser.setInterval(() => (clock.now = Date.now()), 1000);
    }
}

function stopClock() {
    mountedTimers = Math.max(0, mountedTimers - 1);
    if (!mountedTimers && clockInterval) {
        browser.clearInterval(clockInterval);
        clockInterval = null;
    }
}

/**
 * Time elapsed since a datetime, ticking every second; frozen at ``end_field`` when that
 * field is set and not before the start, or at ``stop_field`` when that field is set.
 */
export class LivechatTimerField extends Component {
    static template = "livechat_iconic.TimerField";
    static props = {
        ...standardFieldProps,
        endField: {type: String, optional: true},
        stopField: {type: String, optional: true},
    };

    setup() {
        this.clock = useState(clock);
        onMounted(startClock);
        onWillUnmount(stopClock);
    }

    get start() {
        return this.props.record.data[this.props.name] || null;
    }

    /** The datetime the timer is frozen at, or null while it runs. */
    get frozenAt() {
        const {endField, stopField, record} = this.props;
        const start = this.start;
        const end = endField && record.data[endField];
        // An end before the start belongs to an earlier span (e.g. queued again since)
        if (end && start && end >= start) {
            return end;
        }
        return (stopField && record.data[stopField]) || null;
    }

    get isRunning() {
        return Boolean(this.start) && !this.frozenAt;
    }

    get elapsed() {
        const start = this.start;
        if (!start) {
            return "";
        }
        const frozenAt = this.frozenAt;
        // Reading clock.now only while running: frozen timers do not re-render every second
        const until = frozenAt ? frozenAt.toMillis() : this.clock.now;
        return formatElapsed(until - start.toMillis());
    }

    get title() {
        const start = this.start;
        if (!start) {
            return "";
        }
        const frozenAt = this.frozenAt;
        return frozenAt
            ? _t("From %(start)s to %(end)s", {
                  start: formatDateTime(start),
                  end: formatDateTime(frozenAt),
              })
            : _t("Since %(start)s", {start: formatDateTime(start)});
    }
}

export const livechatTimerField = {
    component: LivechatTimerField,
    displayName: _t("Elapsed Time"),
    supportedTypes: ["datetime"],
    additionalClasses: ["o_livechat_iconic_timer_field"],
    supportedOptions: [
        {
            label: _t("End field"),
            name: "end_field",
            type: "field",
            availableTypes: ["datetime"],
            help: _t(
                "Freeze the timer at this datetime when it is set and not before the start."
            ),
        },
        {
            label: _t("Stop field"),
            name: "stop_field",
            type: "field",
            availableTypes: ["datetime"],
            help: _t("Freeze the timer at this datetime when it is set."),
        },
    ],
    extractProps: ({options}) => ({
        endField: options.end_field,
        stopField: options.stop_field,
    }),
    fieldDependencies: ({options}) =>
        [options.end_field, options.stop_field]
            .filter(Boolean)
            .map((name) => ({name, type: "datetime"})),
};

registry.category("fields").add("livechat_iconic_timer", livechatTimerField);

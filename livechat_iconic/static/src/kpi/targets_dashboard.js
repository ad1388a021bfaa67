import {Component, onWillStart, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";

const REPORT_MODEL = "im_livechat.report.channel";

/** "1 min 05 s" for a number of seconds. */
export function formatSeconds(seconds) {
    const total = Math.round(seconds);
    const minutes = Math.floor(total / 60);
    const rest = String(total % 60).padStart(2, "0");
    return minutes
        ? _t("%(minutes)s min %(seconds)s s", {minutes, seconds: rest})
        : _t("%s s", total);
}

/**
 * Live Chat ▸ Reporting ▸ Targets: this month's missed chats and average first response
 * against their targets, green when met, red when not; each number opens the sessions
 * report behind it. One server call (one SQL query) reads both.
 */
export class TargetsDashboard extends Component {
    static template = "livechat_iconic.TargetsDashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({targets: null});
        onWillStart(() => this.load());
    }

    async load() {
        this.state.targets = await this.orm.call(
            REPORT_MODEL,
            "livechat_iconic_targets",
            []
        );
    }

    colorClass(met) {
        if (met === null) {
            return "o_livechat_iconic_target_none text-muted";
        }
        return met
            ? "o_livechat_iconic_target_met text-success"
            : "o_livechat_iconic_target_missed text-danger";
    }

    get firstResponseText() {
        const value = this.state.targets.first_response.value;
        return value === null ? _t("No answered chat yet") : formatSeconds(value);
    }

    get firstResponseTarget() {
        return formatSeconds(this.state.targets.first_response.target);
    }

    async open(target) {
        const action = await this.orm.call(
            REPORT_MODEL,
            "livechat_iconic_action_target",
            [target]
        );
        await this.action.doAction(action);
    }
}

registry.category("actions").add("livechat_iconic.kpi_targets", TargetsDashboard);

import {Component} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";

/**
 * The agent's status in the systray, one click each: Online, Away, Invisible, Break
 * (res.users.action_livechat_set_status). Stored as Odoo's manual IM status, so the
 * current one is read from the user's own im_status: busy is Break, offline (while
 * signed in) is Invisible.
 */
export class AgentStatusMenu extends Component {
    static props = [];
    static template = "livechat_iconic.AgentStatusMenu";

    setup() {
        this.store = useService("mail.store");
        this.orm = useService("orm");
        this.statuses = [
            {code: "online", label: _t("Online"), icon: "fa-circle text-success"},
            {code: "away", label: _t("Away"), icon: "fa-circle text-warning"},
            {code: "invisible", label: _t("Invisible"), icon: "fa-circle-o text-muted"},
            {code: "break", label: _t("Break"), icon: "fa-coffee text-danger"},
        ];
    }

    get visible() {
        return Boolean(this.store.has_access_livechat);
    }

    get current() {
        const imStatus = this.store.self?.im_status || "offline";
        if (imStatus.includes("busy")) {
            return "break";
        }
        if (imStatus.includes("away")) {
            return "away";
        }
        if (imStatus.includes("online")) {
            return "online";
        }
        return "invisible";
    }

    async setStatus(code) {
        await this.orm.call("res.users", "action_livechat_set_status", [code]);
    }
}

registry
    .category("systray")
    .add(
        "livechat_iconic.AgentStatusMenu",
        {Component: AgentStatusMenu},
        {sequence: 99}
    );

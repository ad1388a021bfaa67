import {ActionPanel} from "@mail/discuss/core/common/action_panel";

import {Component, onWillStart, useState} from "@odoo/owl";

import {_t} from "@web/core/l10n/translation";
import {useService} from "@web/core/utils/hooks";
import {useDebounced} from "@web/core/utils/timing";

const TEXT_FIELDS = [
    ["lead_contact_name", _t("Name")],
    ["lead_company_name", _t("Company")],
    ["lead_phone", _t("Phone")],
    ["lead_email", _t("E-mail")],
];

/**
 * The "User info" tab next to a live chat: the agent fills in who the visitor is while
 * chatting. Each change is saved on its own (the chat goes on); what is not valid stays
 * in the field with its message; the lead-quality verdict and the missing items follow
 * what the agent types.
 */
export class UserInfoPanel extends Component {
    static components = {ActionPanel};
    static template = "livechat_iconic_leads.UserInfoPanel";
    static props = ["thread"];

    setup() {
        super.setup();
        this.orm = useService("orm");
        this.textFields = TEXT_FIELDS;
        this.state = useState({
            loaded: false,
            values: {},
            errors: {},
            quality: false,
            reasons: "",
            missing: "",
            duplicate: false,
            leads: [],
            created: false,
            busy: false,
        });
        // What the agent typed and is not saved yet; saved a moment after they stop typing
        this.dirty = new Set();
        this.saveDebounced = useDebounced(() => this.saveDirty(), 400);
        onWillStart(() => this.load());
    }

    get channelId() {
        return this.props.thread.id;
    }

    apply(result) {
        Object.assign(this.state, {
            values: {...result.values},
            errors: result.errors || {},
            quality: result.quality,
            reasons: result.reasons,
            missing: result.missing,
            duplicate: result.duplicate,
            leads: result.lead_ids || [],
        });
    }

    async load() {
        const data = await this.orm.call("discuss.channel", "livechat_user_info_read", [
            [this.channelId],
        ]);
        this.countries = data.countries;
        this.interests = data.interests;
        this.clientStatuses = data.client_statuses;
        this.apply(data);
        this.state.loaded = true;
    }

    onInput(name, ev) {
        this.state.values[name] = ev.target.value;
        this.dirty.add(name);
        this.saveDebounced();
    }

    save(name, value) {
        if (value !== undefined) {
            this.state.values[name] = value;
        }
        this.dirty.add(name);
        return this.saveDirty();
    }

    /** Save the changed fields; the verdict, field errors and match come back. */
    async saveDirty() {
        if (!this.dirty.size) {
            return;
        }
        const names = [...this.dirty];
        this.dirty.clear();
        const changes = Object.fromEntries(
            names.map((name) => [name, this.state.values[name]])
        );
        const result = await this.orm.call(
            "discuss.channel",
            "livechat_user_info_save",
            [[this.channelId], changes]
        );
        // What the agent typed meanwhile, or could not be saved, stays as typed
        const typing = {...this.state.values};
        this.apply(result);
        for (const name of Object.keys(typing)) {
            if (this.dirty.has(name) || result.errors[name]) {
                this.state.values[name] = typing[name];
            }
        }
    }

    onChangeNumber(name, ev) {
        const value = ev.target.value === "" ? 0 : Number(ev.target.value);
        this.save(name, Number.isInteger(value) ? value : ev.target.value);
    }

    onChangeCountry(ev) {
        this.save("lead_country_id", Number(ev.target.value) || false);
    }

    toggleInterest(interestId) {
        const ids = new Set(this.state.values.lead_interest_ids || []);
        if (ids.has(interestId)) {
            ids.delete(interestId);
        } else {
            ids.add(interestId);
        }
        this.save("lead_interest_ids", [...ids]);
    }

    get qualityLabel() {
        return (
            {good: _t("Good"), fair: _t("Fair"), bad: _t("Bad")}[this.state.quality] ||
            ""
        );
    }

    get qualityClass() {
        return {
            good: "text-bg-success",
            fair: "text-bg-warning",
            bad: "text-bg-danger",
        }[this.state.quality];
    }

    async createLead() {
        this.state.busy = true;
        await this.saveDirty();
        try {
            const result = await this.orm.call(
                "discuss.channel",
                "action_livechat_create_lead",
                [[this.channelId]]
            );
            this.state.created = result.lead_id
                ? _t("Lead created: %(name)s", {name: result.lead_name})
                : _t("Existing customer: a to-do was sent to %(user)s", {
                      user: result.user,
                  });
            await this.load();
        } finally {
            this.state.busy = false;
        }
    }
}

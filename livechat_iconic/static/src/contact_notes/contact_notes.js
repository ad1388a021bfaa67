import {LivechatChannelInfoList} from "@im_livechat/core/web/livechat_channel_info_list";

import {Component, useState} from "@odoo/owl";

import {deserializeDateTime, formatDateTime} from "@web/core/l10n/dates";
import {_t} from "@web/core/l10n/translation";
import {useService} from "@web/core/utils/hooks";

/**
 * The notes on the chat's contact (`livechat_partner_id`), in the thread's Information
 * panel: written in this or earlier chats, editable (each edit is kept in the note's
 * history), never deletable. Nothing is shown for a chat that belongs to no contact.
 */
export class ContactNotes extends Component {
    static template = "livechat_iconic.ContactNotes";
    static props = ["thread"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        this.store = useService("mail.store");
        this.state = useState({draft: "", editingId: false, editText: ""});
    }

    get data() {
        return this.props.thread.livechat_contact_notes;
    }

    formatDate(value) {
        return value ? formatDateTime(deserializeDateTime(value)) : "";
    }

    async refresh() {
        await this.store.fetchStoreData("/im_livechat/session/data", {
            channel_id: this.props.thread.id,
        });
    }

    async onClickAdd() {
        const body = this.state.draft.trim();
        if (!body) {
            return;
        }
        await this.orm.call("discuss.channel", "livechat_add_contact_note", [
            [this.props.thread.id],
            body,
        ]);
        this.state.draft = "";
        await this.refresh();
    }

    onClickEdit(note) {
        this.state.editingId = note.id;
        this.state.editText = note.body;
    }

    onClickCancel() {
        this.state.editingId = false;
    }

    async onClickSave(note) {
        const body = this.state.editText.trim();
        if (!body) {
            this.notification.add(_t("A note cannot be emptied."), {type: "warning"});
            return;
        }
        if (body !== note.body) {
            await this.orm.write("livechat_iconic.contact.note", [note.id], {body});
        }
        this.state.editingId = false;
        await this.refresh();
    }

    onClickHistory(note) {
        this.action.doAction({
            type: "ir.actions.act_window",
            name: _t("Contact Note"),
            res_model: "livechat_iconic.contact.note",
            res_id: note.id,
            views: [[false, "form"]],
            target: "new",
        });
    }
}

LivechatChannelInfoList.components = {
    ...LivechatChannelInfoList.components,
    ContactNotes,
};

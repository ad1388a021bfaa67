import {LivechatChannelInfoList} from "@im_livechat/core/web/livechat_channel_info_list";

import {Component} from "@odoo/owl";

import {useService} from "@web/core/utils/hooks";

/**
 * What the visitor says they are (the e-mail they gave and the contact it matches), in
 * the thread's Information panel: a claim until an agent confirms it (one click here) or
 * the visitor proves the address with a code.
 */
export class ContactClaim extends Component {
    static template = "livechat_iconic.ContactClaim";
    static props = ["thread"];

    setup() {
        this.orm = useService("orm");
        this.store = useService("mail.store");
    }

    get claim() {
        return this.props.thread.livechat_iconic_claim;
    }

    async onClickConfirm() {
        await this.orm.call("discuss.channel", "action_livechat_confirm_contact", [
            [this.props.thread.id],
        ]);
        await this.store.fetchStoreData("/im_livechat/session/data", {
            channel_id: this.props.thread.id,
        });
    }
}

LivechatChannelInfoList.components = {
    ...LivechatChannelInfoList.components,
    ContactClaim,
};

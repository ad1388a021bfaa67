import {LivechatChannelInfoList} from "@im_livechat/core/web/livechat_channel_info_list";

import {Component} from "@odoo/owl";

import {_t} from "@web/core/l10n/translation";
import {TagsList} from "@web/core/tags_list/tags_list";
import {useService} from "@web/core/utils/hooks";
import {patch} from "@web/core/utils/patch";

/**
 * The tags of the chat's contact (VIP, ...) in the thread's Information panel. Only the
 * contact the chat belongs to (``livechat_partner_id``), never one a visitor claims to be.
 */
export class ContactTags extends Component {
    static template = "livechat_iconic.ContactTags";
    static components = {TagsList};
    static props = ["thread"];

    get data() {
        return this.props.thread.livechat_contact_tags;
    }

    get tags() {
        return (this.data?.tags || []).map((tag) => ({
            id: tag.id,
            text: tag.name,
            colorIndex: tag.color,
            className: "me-1 mb-1",
        }));
    }
}

LivechatChannelInfoList.components = {
    ...LivechatChannelInfoList.components,
    ContactTags,
};

/** A chat's tag lists every chat with that tag. */
patch(LivechatChannelInfoList.prototype, {
    setup() {
        super.setup(...arguments);
        this.livechatAction = useService("action");
        this.livechatOrm = useService("orm");
    },
    get conversationTags() {
        return super.conversationTags.map((tag) => ({
            ...tag,
            title: _t("%s: every chat with this tag", tag.text),
            onClick: () => this.onClickLivechatTag(tag.id),
        }));
    },
    async onClickLivechatTag(tagId) {
        const action = await this.livechatOrm.call(
            "im_livechat.conversation.tag",
            "action_livechat_open_chats",
            [[tagId]]
        );
        await this.livechatAction.doAction(action);
    },
});

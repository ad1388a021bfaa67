import {registerThreadAction} from "@mail/core/common/thread_actions";

import {_t} from "@web/core/l10n/translation";

import {UserInfoPanel} from "./user_info_panel";

// Next to Odoo's "Information" panel of a live chat (im_livechat/core/web/thread_actions.js)
registerThreadAction("livechat-iconic-user-info", {
    actionPanelComponent: UserInfoPanel,
    condition: ({owner, store, thread}) =>
        thread?.channel_type === "livechat" &&
        store.has_access_livechat &&
        !owner.isDiscussSidebarChannelActions,
    panelOuterClass: "o-livechat-ChannelInfoList bg-inherit",
    icon: "fa fa-fw fa-id-card-o",
    name: _t("User Info"),
    sequence: 11,
    sequenceGroup: 7,
    toggle: true,
});

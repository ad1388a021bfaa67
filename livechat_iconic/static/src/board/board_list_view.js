import {registry} from "@web/core/registry";
import {ListController} from "@web/views/list/list_controller";
import {ListRenderer} from "@web/views/list/list_renderer";
import {listView} from "@web/views/list/list_view";

import {isHighlighted, useLivechatBoard} from "./board_live_hook";

/** Session rows; the session the address asks to highlight stands out. */
export class LivechatBoardListRenderer extends ListRenderer {
    getRowClass(record) {
        const classes = super.getRowClass(record);
        return isHighlighted(this.env, record)
            ? `${classes} o_livechat_iconic_highlight`
            : classes;
    }
}

/** The Customers Waiting list, kept live by the server's session notifications. */
export class LivechatBoardListController extends ListController {
    setup() {
        super.setup();
        this.livechatBoard = useLivechatBoard();
    }
}

export const livechatBoardListView = {
    ...listView,
    Controller: LivechatBoardListController,
    Renderer: LivechatBoardListRenderer,
};

registry.category("views").add("livechat_iconic_board_list", livechatBoardListView);

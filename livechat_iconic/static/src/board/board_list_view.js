import {registry} from "@web/core/registry";
import {pick} from "@web/core/utils/objects";
import {ListController} from "@web/views/list/list_controller";
import {ListRenderer} from "@web/views/list/list_renderer";
import {listView} from "@web/views/list/list_view";

import {isHighlighted, useLivechatBoard} from "./board_live_hook";

/** The column whose click opens the chat, as the Chat button does. */
export const OPEN_CHAT_COLUMN = "livechat_visitor_name";

/**
 * Session rows; the session the address asks to highlight stands out. Clicking the
 * visitor's name opens the chat (the row's Chat button: action_livechat_take), unless the
 * visitor left or rows are being selected.
 */
export class LivechatBoardListRenderer extends ListRenderer {
    getRowClass(record) {
        const classes = super.getRowClass(record);
        return isHighlighted(this.env, record)
            ? `${classes} o_livechat_iconic_highlight`
            : classes;
    }

    async onCellClicked(record, column) {
        if (
            column.name === OPEN_CHAT_COLUMN &&
            record.data.livechat_state !== "left" &&
            !this.props.list.selection.length
        ) {
            return this.env.onClickViewButton({
                clickParams: {type: "object", name: "action_livechat_take"},
                getResParams: () =>
                    pick(
                        record,
                        "context",
                        "evalContext",
                        "resModel",
                        "resId",
                        "resIds"
                    ),
            });
        }
        return super.onCellClicked(...arguments);
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

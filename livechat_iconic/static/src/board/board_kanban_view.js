import {registry} from "@web/core/registry";
import {KanbanController} from "@web/views/kanban/kanban_controller";
import {KanbanRecord} from "@web/views/kanban/kanban_record";
import {KanbanRenderer} from "@web/views/kanban/kanban_renderer";
import {kanbanView} from "@web/views/kanban/kanban_view";

import {isHighlighted, useLivechatBoard} from "./board_live_hook";

/** A session card; the session the address asks to highlight stands out. */
export class LivechatBoardKanbanRecord extends KanbanRecord {
    getRecordClasses() {
        let classes = super.getRecordClasses();
        if (isHighlighted(this.env, this.props.record)) {
            classes += " o_livechat_iconic_highlight";
        }
        return `${classes} o_livechat_iconic_card`;
    }
}

export class LivechatBoardKanbanRenderer extends KanbanRenderer {
    static components = {
        ...KanbanRenderer.components,
        KanbanRecord: LivechatBoardKanbanRecord,
    };
}

/** The Customers Waiting board, kept live by the server's session notifications. */
export class LivechatBoardKanbanController extends KanbanController {
    setup() {
        super.setup();
        this.livechatBoard = useLivechatBoard();
    }
}

export const livechatBoardKanbanView = {
    ...kanbanView,
    Controller: LivechatBoardKanbanController,
    Renderer: LivechatBoardKanbanRenderer,
};

registry.category("views").add("livechat_iconic_board_kanban", livechatBoardKanbanView);

import {Component, useEffect} from "@odoo/owl";
import {useService} from "@web/core/utils/hooks";

import {queueStatusText} from "./queue_status_text";

/**
 * A queued visitor's place in the queue and expected wait (``thread.livechat_iconic_queue``:
 * ``{position, wait_minutes, ...}`` from the server with the session, then kept up to date
 * from the queue's moves by ``livechat_iconic.queue_moves``; false once an agent is with the
 * visitor).
 */
export class QueueStatus extends Component {
    static template = "livechat_iconic.QueueStatus";
    static props = {thread: Object};

    setup() {
        super.setup();
        const queueMoves = useService("livechat_iconic.queue_moves");
        useEffect(
            (queueId) => {
                if (queueId) {
                    queueMoves.follow(queueId);
                }
            },
            () => [this.props.thread.livechat_iconic_queue?.queue_id]
        );
    }

    get status() {
        const thread = this.props.thread;
        return !thread.livechat_end_dt && thread.livechat_iconic_queue?.position
            ? thread.livechat_iconic_queue
            : null;
    }

    get text() {
        return queueStatusText(this.status);
    }
}

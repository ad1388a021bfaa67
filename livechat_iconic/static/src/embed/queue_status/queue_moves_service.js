import {registry} from "@web/core/registry";

import {humanMinutes, modelWait} from "./queue_status_text";

/** A queued visitor's widget listens to this prefix + its queue's id (server: ir.websocket). */
export const QUEUE_CHANNEL_PREFIX = "livechat_iconic.queue/";
/**
 * At most one message per queue every 5 seconds: the moves of the transactions that moved it
 * since the last one (``moves``, in order), each with the sort keys that joined and left.
 */
export const QUEUE_NOTIFICATION = "livechat_iconic.queue/moved";

function utcMilliseconds(text) {
    // "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC; milliseconds are enough here
    return Date.parse(text.slice(0, 23).replace(" ", "T") + "Z");
}

/**
 * The status of session ``sessionId`` after a move of its queue: the sessions ahead of it
 * (sort key ``[since, id]`` smaller than its own) that left or joined change its place;
 * the expected wait and its range come from the Erlang C model (the queue's chats being
 * served and recent handle time), else the queue's median time to a first answer less
 * what it waited.
 * Moves numbered up to the status's ``seq`` are in its count already (the bus replays
 * recent messages on subscription): ignored.
 *
 * @param {Object} status ``{position, wait_minutes, queue_id, since, median_seconds, seq}``
 * @param {Number} sessionId
 * @param {Object} move ``{queue_id, seq, at, joined: [[since, id]], left: [[since, id]],
 *      median_seconds, servers, handle_seconds}``
 * @returns {Object} the new status (``status`` itself when the move is not for it)
 */
export function applyQueueMove(status, sessionId, move) {
    if (
        !status?.position ||
        move.queue_id !== status.queue_id ||
        move.seq <= status.seq
    ) {
        return status;
    }
    const ahead = ([since, id]) =>
        since < status.since || (since === status.since && id < sessionId);
    const position =
        status.position +
        move.joined.filter(ahead).length -
        move.left.filter(ahead).length;
    const newPosition = Math.max(1, position);
    const model = modelWait(newPosition, move.servers, move.handle_seconds);
    let waitMinutes = false;
    if (model) {
        waitMinutes = model.minutes;
    } else if (typeof move.median_seconds === "number") {
        const waited = Math.max(
            0,
            (utcMilliseconds(move.at) - utcMilliseconds(status.since)) / 1000
        );
        waitMinutes = humanMinutes(Math.max(0, move.median_seconds - waited));
    }
    return {
        ...status,
        position: newPosition,
        wait_minutes: waitMinutes,
        wait_range: model ? [model.low, model.high] : false,
        median_seconds: move.median_seconds,
        servers: move.servers,
        handle_seconds: move.handle_seconds,
        seq: move.seq,
    };
}

/**
 * Keeps the queued visitors' places up to date from their queue's moves: at most one small
 * bus message per queue every 5 seconds, whatever the number of visitors waiting.
 */
export const queueMovesService = {
    dependencies: ["bus_service", "mail.store"],
    start(env, {bus_service: busService, "mail.store": store}) {
        busService.subscribe(QUEUE_NOTIFICATION, ({queue_id: queueId, moves}) => {
            for (const thread of Object.values(store.Thread.records)) {
                let status = thread.livechat_iconic_queue;
                if (status?.queue_id === queueId) {
                    for (const move of moves) {
                        status = applyQueueMove(status, thread.id, move);
                    }
                    thread.livechat_iconic_queue = status;
                }
            }
        });
        return {
            /** Listen to the moves of ``queueId`` (the server checks the visitor waits there). */
            follow(queueId) {
                busService.addChannel(`${QUEUE_CHANNEL_PREFIX}${queueId}`);
            },
        };
    },
};

registry.category("services").add("livechat_iconic.queue_moves", queueMovesService);

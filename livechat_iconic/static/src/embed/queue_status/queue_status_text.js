import {_t} from "@web/core/l10n/translation";

/**
 * What a queued visitor reads about their place in the queue.
 *
 * @param {{position: number, wait_minutes?: number|false, wait_range?: number[]|false}} status
 *      the session's ``livechat_iconic_queue``: the place (1: next), the expected wait in
 *      whole minutes (false without enough recent answers to tell) and its range
 *      ``[low, high]`` in minutes (false when the queue's model has nothing to go on)
 * @returns {String}
 */
export function queueStatusText({position, wait_minutes: minutes, wait_range: range}) {
    if (!minutes) {
        return _t("You are number %(position)s in the queue.", {position});
    }
    if (range && range[0] < range[1]) {
        return _t(
            "You are number %(position)s in the queue — expected wait about %(minutes)s minutes (%(low)s–%(high)s).",
            {position, minutes, low: range[0], high: range[1]}
        );
    }
    if (minutes === 1) {
        return _t(
            "You are number %(position)s in the queue — expected wait about 1 minute.",
            {
                position,
            }
        );
    }
    return _t(
        "You are number %(position)s in the queue — expected wait about %(minutes)s minutes.",
        {position, minutes}
    );
}

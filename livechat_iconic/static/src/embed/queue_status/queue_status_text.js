import {_t} from "@web/core/l10n/translation";

/**
 * What a queued visitor reads about their place in the queue.
 *
 * @param {{position: number, wait_minutes?: number|false}} status the session's
 *      ``livechat_iconic_queue``: the place (1: next) and the expected wait in whole minutes
 *      (false without enough recent answers to tell)
 * @returns {String}
 */
export function queueStatusText({position, wait_minutes: minutes}) {
    if (!minutes) {
        return _t("You are number %(position)s in the queue.", {position});
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

import {_t} from "@web/core/l10n/translation";

/**
 * ``seconds`` as a person would say it: whole minutes, at least 1; to the 5 minutes from
 * 10 minutes on, to the quarter of an hour from an hour on (lib/queue_wait.human_minutes).
 *
 * @param {Number} seconds
 * @returns {Number}
 */
export function humanMinutes(seconds) {
    const minutes = seconds / 60;
    const step = minutes < 10 ? 1 : minutes < 60 ? 5 : 15;
    return Math.max(1, Math.floor(minutes / step + 0.5) * step);
}

/**
 * The ``share`` quantile of the wait of the visitor at ``position`` when ``servers``
 * chats free up after ``handleSeconds`` on average: the Erlang distribution of the
 * ``position``-th departure, by bisection (lib/staffing._erlang_quantile).
 *
 * @param {Number} position
 * @param {Number} rate departures a second
 * @param {Number} share
 * @returns {Number} seconds
 */
function erlangQuantile(position, rate, share) {
    const cdf = (seconds) => {
        const x = rate * seconds;
        let term = 1;
        let total = 1;
        for (let k = 1; k < position; k++) {
            term *= x / k;
            total += term;
        }
        return 1 - Math.exp(-x) * total;
    };
    let lo = 0;
    let hi = (position + 10 * Math.sqrt(position) + 10) / rate;
    while (hi - lo > 0.1) {
        const mid = (lo + hi) / 2;
        if (cdf(mid) < share) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return (lo + hi) / 2;
}

/**
 * The expected wait and its range in whole minutes by the Erlang C model
 * (lib/queue_wait.model_wait): median, 10% and 90% quantiles; null when nobody serves or
 * there is no recent handle time.
 *
 * @param {Number} position
 * @param {Number} servers the chats being served in the queue
 * @param {Number} handleSeconds the queue's recent mean handle time
 * @returns {{minutes: Number, low: Number, high: Number}|null}
 */
export function modelWait(position, servers, handleSeconds) {
    if (!position || !servers || !handleSeconds) {
        return null;
    }
    const rate = servers / handleSeconds;
    const minutes = humanMinutes(erlangQuantile(position, rate, 0.5));
    return {
        minutes,
        low: Math.min(minutes, humanMinutes(erlangQuantile(position, rate, 0.1))),
        high: Math.max(minutes, humanMinutes(erlangQuantile(position, rate, 0.9))),
    };
}

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

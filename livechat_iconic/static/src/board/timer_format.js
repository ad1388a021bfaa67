/**
 * The board's timers as text (pure: no clock, no component).
 */

/**
 * @param {Number} milliseconds
 * @returns {String} H:MM:SS, or M:SS under an hour; 0:00 for a negative span
 */
export function formatElapsed(milliseconds) {
    const total = Math.max(0, Math.floor(milliseconds / 1000));
    const hours = Math.floor(total / 3600);
    const minutes = Math.floor((total % 3600) / 60);
    const seconds = String(total % 60).padStart(2, "0");
    if (hours) {
        return `${hours}:${String(minutes).padStart(2, "0")}:${seconds}`;
    }
    return `${minutes}:${seconds}`;
}

/**
 * @param {Number} left milliseconds left before the breach; negative once breached
 * @returns {String} the time left, rounded up (0:00 is the moment of the breach, never a
 *      second early); past the breach, how late, after a minus sign
 */
export function formatCountdown(left) {
    return left > 0 ? formatElapsed(left + 999) : `-${formatElapsed(-left)}`;
}

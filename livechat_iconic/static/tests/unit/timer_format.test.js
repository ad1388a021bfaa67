import {describe, expect, test} from "@odoo/hoot";

import {formatCountdown, formatElapsed} from "@livechat_iconic/board/timer_format";

describe.current.tags("headless");

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

test("elapsed time: M:SS under an hour", () => {
    expect(formatElapsed(0)).toBe("0:00");
    expect(formatElapsed(999)).toBe("0:00"); // Whole seconds, rounded down
    expect(formatElapsed(SECOND)).toBe("0:01");
    expect(formatElapsed(59 * SECOND)).toBe("0:59");
    expect(formatElapsed(MINUTE)).toBe("1:00");
    expect(formatElapsed(9 * MINUTE + 5 * SECOND)).toBe("9:05");
    expect(formatElapsed(59 * MINUTE + 59 * SECOND + 999)).toBe("59:59");
});

test("elapsed time: H:MM:SS from an hour", () => {
    expect(formatElapsed(HOUR)).toBe("1:00:00");
    expect(formatElapsed(HOUR + 2 * MINUTE + 3 * SECOND)).toBe("1:02:03");
    expect(formatElapsed(26 * HOUR + 59 * MINUTE)).toBe("26:59:00");
});

test("elapsed time: never negative (a clock a little behind the server)", () => {
    expect(formatElapsed(-1)).toBe("0:00");
    expect(formatElapsed(-5 * MINUTE)).toBe("0:00");
});

test("countdown: the time left, rounded up", () => {
    expect(formatCountdown(5 * MINUTE)).toBe("5:00");
    expect(formatCountdown(5 * MINUTE - 1)).toBe("5:00");
    expect(formatCountdown(4 * MINUTE + 59 * SECOND)).toBe("4:59");
    expect(formatCountdown(1)).toBe("0:01"); // 0:00 only at the breach, never a second early
    expect(formatCountdown(HOUR + SECOND)).toBe("1:00:01");
});

test("countdown: at and past the breach, how late after a minus sign", () => {
    expect(formatCountdown(0)).toBe("-0:00");
    expect(formatCountdown(-999)).toBe("-0:00");
    expect(formatCountdown(-SECOND)).toBe("-0:01");
    expect(formatCountdown(-(2 * MINUTE + 5 * SECOND))).toBe("-2:05");
    expect(formatCountdown(-(HOUR + 30 * SECOND))).toBe("-1:00:30");
});

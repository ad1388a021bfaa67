import {beforeEach, describe, expect, test} from "@odoo/hoot";
import {allowTranslations} from "@web/../tests/web_test_helpers";

import {
    modelWait,
    queueStatusText,
} from "@livechat_iconic/embed/queue_status/queue_status_text";

describe.current.tags("headless");

beforeEach(() => allowTranslations());

test("the place alone while the expected wait is unknown", () => {
    for (const minutes of [false, 0, null, undefined]) {
        expect(queueStatusText({position: 3, wait_minutes: minutes})).toBe(
            "You are number 3 in the queue."
        );
    }
    expect(queueStatusText({position: 1})).toBe("You are number 1 in the queue.");
});

test("one minute, singular", () => {
    expect(queueStatusText({position: 1, wait_minutes: 1})).toBe(
        "You are number 1 in the queue — expected wait about 1 minute."
    );
});

test("more minutes, plural", () => {
    expect(queueStatusText({position: 2, wait_minutes: 2})).toBe(
        "You are number 2 in the queue — expected wait about 2 minutes."
    );
    expect(queueStatusText({position: 12, wait_minutes: 45})).toBe(
        "You are number 12 in the queue — expected wait about 45 minutes."
    );
});

test("what else the server sends with the place is ignored", () => {
    expect(
        queueStatusText({position: 4, wait_minutes: 5, queue_id: 7, breach: false})
    ).toBe("You are number 4 in the queue — expected wait about 5 minutes.");
});

test("the expected wait with its range", () => {
    expect(queueStatusText({position: 5, wait_minutes: 4, wait_range: [2, 7]})).toBe(
        "You are number 5 in the queue — expected wait about 4 minutes (2–7)."
    );
    // A range of one figure says nothing more
    expect(queueStatusText({position: 1, wait_minutes: 1, wait_range: [1, 1]})).toBe(
        "You are number 1 in the queue — expected wait about 1 minute."
    );
});

test("the model's wait and range, as the server computes them", () => {
    // Lib/queue_wait.model_wait gives the same figures (tests/test_queue_wait.py)
    expect(modelWait(3, 1, 600)).toEqual({minutes: 25, low: 10, high: 55});
    expect(modelWait(1, 4, 360)).toEqual({minutes: 1, low: 1, high: 3});
    expect(modelWait(8, 6, 400)).toEqual({minutes: 9, low: 5, high: 15});
    expect(modelWait(3, 0, 600)).toBe(null);
    expect(modelWait(3, 2, null)).toBe(null);
});

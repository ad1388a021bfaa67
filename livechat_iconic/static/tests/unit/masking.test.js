import {describe, expect, test} from "@odoo/hoot";

import {
    MASK,
    MAX_LENGTH,
    maskSneakPeek,
} from "@livechat_iconic/embed/sneak_peek/masking";

// The same cases as tests/test_sneak_peek.py (lib/sneak_peek.py is the server's copy of the rule)

describe.current.tags("headless");

test("card numbers are masked, with or without single spaces or dashes", () => {
    expect(maskSneakPeek("my card is 4111111111111111 thanks")).toBe(
        `my card is ${MASK} thanks`
    );
    expect(maskSneakPeek("my card is 4111 1111 1111 1111 thanks")).toBe(
        `my card is ${MASK} thanks`
    );
    expect(maskSneakPeek("my card is 4111-1111-1111-1111 thanks")).toBe(
        `my card is ${MASK} thanks`
    );
    expect(maskSneakPeek("amex 3782 822463 10005 ok")).toBe(`amex ${MASK} ok`);
    expect(maskSneakPeek("19 digits 6011 0009 9013 9424 123 ok")).toBe(
        `19 digits ${MASK} ok`
    );
});

test("13 digits are a card number, 12 are not; short numbers stay", () => {
    expect(maskSneakPeek("13 digits 4222222222222, 12 digits 422222222222")).toBe(
        `13 digits ${MASK}, 12 digits 422222222222`
    );
    expect(maskSneakPeek("call me at +32 2 555 01 01, order 123456")).toBe(
        "call me at +32 2 555 01 01, order 123456"
    );
    // Two spaces break the run: two short numbers
    expect(maskSneakPeek("4111 1111  1111 1111")).toBe("4111 1111  1111 1111");
});

test("a word holding an @ is masked, even half typed", () => {
    expect(maskSneakPeek("write to jane.doe@example.com please")).toBe(
        `write to ${MASK} please`
    );
    expect(maskSneakPeek("write to jane.doe@exa please")).toBe(
        `write to ${MASK} please`
    );
    expect(maskSneakPeek("jane@")).toBe(MASK);
    expect(maskSneakPeek("a@b.c and x@y.z")).toBe(`${MASK} and ${MASK}`);
});

test("everything after a password-like word is masked, the word stays", () => {
    expect(maskSneakPeek("my password: hunter2 ok")).toBe(`my password ${MASK}`);
    expect(maskSneakPeek("pwd=hunter2")).toBe(`pwd ${MASK}`);
    expect(maskSneakPeek("Mein Passwort ist hunter2")).toBe(`Mein Passwort ${MASK}`);
    expect(maskSneakPeek("mon mot de passe est hunter2")).toBe(
        `mon mot de passe ${MASK}`
    );
    expect(maskSneakPeek("mi contraseña es hunter2")).toBe(`mi contraseña ${MASK}`);
    expect(maskSneakPeek("moje hasło to hunter2")).toBe(`moje hasło ${MASK}`);
    expect(maskSneakPeek("PIN 1234")).toBe(`PIN ${MASK}`);
    expect(maskSneakPeek("password123")).toBe(`password ${MASK}`);
});

test("a password-like word with nothing after it, or inside another word, is kept", () => {
    expect(maskSneakPeek("I forgot my password")).toBe("I forgot my password");
    expect(maskSneakPeek("I forgot my password ")).toBe("I forgot my password ");
    expect(maskSneakPeek("pink shoes, a spinning top")).toBe(
        "pink shoes, a spinning top"
    );
    expect(maskSneakPeek("a bypass road")).toBe("a bypass road");
});

test("plain text is unchanged; masking twice changes nothing", () => {
    expect(maskSneakPeek("Hello, I need help with my order")).toBe(
        "Hello, I need help with my order"
    );
    expect(maskSneakPeek("")).toBe("");
    for (const text of ["pwd hunter2", "a@b.c 4111111111111111", "x".repeat(600)]) {
        expect(maskSneakPeek(maskSneakPeek(text))).toBe(maskSneakPeek(text));
    }
});

test("at most MAX_LENGTH characters, cut after masking", () => {
    expect(MAX_LENGTH).toBe(500);
    expect(maskSneakPeek("x".repeat(600))).toBe("x".repeat(MAX_LENGTH));
    // A long card number counts as the mask, not as its digits
    const text = `${"4".repeat(600)} ok`;
    expect(maskSneakPeek(text)).toBe(`${MASK} ok`);
});

import {describe, expect, test} from "@odoo/hoot";

import {
    fillPlaceholders,
    livechatPlaceholderValues,
} from "@livechat_iconic/canned/placeholders";

// The same rule as livechat_iconic/lib/placeholders.py (tests/test_placeholders.py)

describe.current.tags("headless");

const VALUES = {
    visitor_name: "Nina",
    agent_name: "Max",
    company: "Iconic",
    queue: "Sales",
};

test("known placeholders are filled", () => {
    expect(
        fillPlaceholders(
            "Hi {visitor_name}, {agent_name} of {company} ({queue}) here.",
            VALUES
        )
    ).toBe("Hi Nina, Max of Iconic (Sales) here.");
});

test("unknown placeholders are left as typed", () => {
    expect(fillPlaceholders("Order {order_ref} for {visitor_name}", VALUES)).toBe(
        "Order {order_ref} for Nina"
    );
    // Names of the object's prototype are not placeholders either
    expect(fillPlaceholders("{constructor} {toString} {__proto__}", VALUES)).toBe(
        "{constructor} {toString} {__proto__}"
    );
});

test("a placeholder without a value is left as typed", () => {
    for (const value of ["", null, undefined, false]) {
        expect(fillPlaceholders("Hi {visitor_name}", {visitor_name: value})).toBe(
            "Hi {visitor_name}"
        );
    }
    expect(fillPlaceholders("Hi {visitor_name}", {})).toBe("Hi {visitor_name}");
    expect(fillPlaceholders("You are number {queue}", {queue: 0})).toBe(
        "You are number 0"
    );
});

test("values are plain text: not scanned again, no replacement patterns, no HTML", () => {
    const values = {visitor_name: "<b>{agent_name}</b>", agent_name: "Max"};
    expect(fillPlaceholders("Hi {visitor_name}", values)).toBe(
        "Hi <b>{agent_name}</b>"
    );
    // String.replace's special patterns ($&, $1, $$, $`) in a value stay as typed
    expect(fillPlaceholders("Hi {visitor_name}!", {visitor_name: "$& $1 $$ $`"})).toBe(
        "Hi $& $1 $$ $`!"
    );
    expect(
        fillPlaceholders("Hi {visitor_name}", {visitor_name: "Tom & Jerry <3"})
    ).toBe("Hi Tom & Jerry <3");
});

test("repeated and malformed placeholders", () => {
    expect(fillPlaceholders("{queue}{queue} {queue {} {{queue}}", VALUES)).toBe(
        "SalesSales {queue {} {Sales}"
    );
    expect(fillPlaceholders("{ visitor_name }", VALUES)).toBe("{ visitor_name }");
    expect(fillPlaceholders("{visitor-name}", VALUES)).toBe("{visitor-name}");
});

test("empty text", () => {
    expect(fillPlaceholders("", VALUES)).toBe("");
    expect(fillPlaceholders(null, VALUES)).toBe("");
    expect(fillPlaceholders(undefined, VALUES)).toBe("");
});

test("the values of a live chat thread, as the agent sees it", () => {
    const thread = {
        store: {self_partner: {name: "Maxime Agent", user_livechat_username: "Max"}},
        livechat_visitor_name: "Nina",
        livechatVisitorMember: {persona: {name: "Visitor 12"}},
        livechat_channel_id: {name: "Sales"},
    };
    expect(livechatPlaceholderValues(thread, {name: "Iconic"})).toEqual(VALUES);
    // Without a live chat name: the agent's and the visitor's own names
    thread.store.self_partner.user_livechat_username = false;
    thread.livechat_visitor_name = false;
    expect(livechatPlaceholderValues(thread, {name: "Iconic"})).toEqual({
        ...VALUES,
        visitor_name: "Visitor 12",
        agent_name: "Maxime Agent",
    });
    // Nothing known: placeholders stay as typed
    const values = livechatPlaceholderValues({store: {}}, undefined);
    expect(
        fillPlaceholders("Hi {visitor_name}, {agent_name} ({company}, {queue})", values)
    ).toBe("Hi {visitor_name}, {agent_name} ({company}, {queue})");
});

import {beforeEach, describe, expect, test} from "@odoo/hoot";
import {allowTranslations} from "@web/../tests/web_test_helpers";

import {
    checkForm,
    confirmationParts,
    errorsAfterEdit,
    refusalErrors,
} from "@livechat_iconic/embed/form_request";

// The checks the widget's forms make before sending (the message form, "Send as a message
// instead", the transcript's address); the server checks everything again (lengths
// included: lib/message_form.py), so the browser leaves sizes to it.

describe.current.tags("headless");

beforeEach(() => allowTranslations());

const NO_EMAIL = "Please give your e-mail address: we answer by e-mail.";
const BAD_EMAIL = "The e-mail address is not valid.";
const NO_MESSAGE = "Please write your message.";

test("the message form: a valid form has no errors", () => {
    const values = {
        name: "Nina",
        email: " nina@example.com ",
        phone: "",
        message: "Hello",
    };
    expect(checkForm(values, {messageRequired: true})).toEqual({});
});

test("the message form: e-mail and message are required, blanks are empty", () => {
    expect(checkForm({}, {messageRequired: true})).toEqual({
        email: NO_EMAIL,
        message: NO_MESSAGE,
    });
    expect(
        checkForm({email: "   ", message: " \n\t "}, {messageRequired: true})
    ).toEqual({
        email: NO_EMAIL,
        message: NO_MESSAGE,
    });
    const noMessage = {email: "nina@example.com", message: ""};
    expect(checkForm(noMessage, {messageRequired: true})).toEqual({
        message: NO_MESSAGE,
    });
});

test("an e-mail address without an @ is refused", () => {
    const noAt = {email: "nina.example.com", message: "Hi"};
    expect(checkForm(noAt, {messageRequired: true})).toEqual({email: BAD_EMAIL});
    // The browser looks for the @ only; the server checks the rest (nina@example..com)
    expect(checkForm({email: "nina@example..com"})).toEqual({});
});

test("a long message is the server's to refuse", () => {
    const values = {email: "nina@example.com", message: "x".repeat(6000)};
    expect(checkForm(values, {messageRequired: true})).toEqual({});
});

test("defaults: e-mail required, message not (the transcript's address)", () => {
    expect(checkForm({email: ""})).toEqual({email: NO_EMAIL});
    expect(checkForm({email: "nina@example.com"})).toEqual({});
});

test("an optional e-mail (the customer's is known) may be empty, not wrong", () => {
    expect(checkForm({email: ""}, {emailRequired: false})).toEqual({});
    expect(checkForm({email: "nina"}, {emailRequired: false})).toEqual({
        email: BAD_EMAIL,
    });
});

test("editing a field clears its error and the general one", () => {
    const errors = {email: BAD_EMAIL, message: NO_MESSAGE, general: "Try again."};
    expect(errorsAfterEdit(errors, "email")).toEqual({message: NO_MESSAGE});
    expect(errors).toEqual({
        email: BAD_EMAIL,
        message: NO_MESSAGE,
        general: "Try again.",
    });
    expect(errorsAfterEdit({message: NO_MESSAGE}, "phone")).toEqual({
        message: NO_MESSAGE,
    });
});

test("a refusal of the server: next to its field, else above the form", () => {
    const fields = ["name", "email", "phone", "topic_id", "message"];
    expect(refusalErrors("email", "Not an address.", fields)).toEqual({
        email: "Not an address.",
    });
    expect(refusalErrors(null, "Too many messages.", fields)).toEqual({
        general: "Too many messages.",
    });
    // A field this form does not show (e.g. the channel) is about the whole form
    expect(refusalErrors("channel_id", "Gone.", fields)).toEqual({general: "Gone."});
    expect(refusalErrors("message", "Too long.", ["name", "email"])).toEqual({
        general: "Too long.",
    });
});

test("the confirmation, split around the reference", () => {
    const sent = {
        reference: "HT00042",
        text: "Thank you! Your request HT00042 is sent.",
    };
    expect(confirmationParts(sent)).toEqual({
        before: "Thank you! Your request ",
        reference: "HT00042",
        after: " is sent.",
    });
    expect(confirmationParts({reference: "HT00042", text: "Thank you!"})).toEqual({
        before: "Thank you! Your reference: ",
        reference: "HT00042",
        after: "",
    });
});

import {registry} from "@web/core/registry";

/** Texts the Python driver (livechat_iconic/tests/test_message_form_tour.py) uses too. */
export const FORM_NAME = "Nina Offline";
export const FORM_EMAIL = "nina.offline@example.com";
export const FORM_PHONE = "+32 2 555 01 01";
export const FORM_TOPIC = "Technical Question";
export const FORM_MESSAGE = "My kayak leaks near the seat, what can I do?";
export const BAD_EMAIL = "nina@example..com";
export const BAD_INPUT_EMAIL = "nina.typo@example.com";
export const BAD_INPUT_MESSAGE = "Please call me back about the red canoe";
export const FLOOD_EMAIL = "nina.flood@example.com";
export const CUSTOMER_NAME = "Nina Customer";
export const CUSTOMER_EMAIL = "nina.customer@example.com";
export const OUTSIDE_HOURS_TEXT = "We are closed on Sundays; leave us a message.";

const WIDGET = ".o-livechat-root:shadow";
const FORM = `${WIDGET} .o_livechat_iconic_message_form`;
const SENT = `${FORM} .o_livechat_iconic_sent`;

/**
 * @param {String} name the server's name of a field of the form
 * @param {String} [tag]
 */
function field(name, tag = "input") {
    return `${FORM} [data-field=${name}] ${tag}[name=${name}]`;
}

/** The visitor opens the widget: the chat button brings the message form, no chat. */
export function openForm(reason) {
    return [
        {
            content: "The chat button shows although nobody can chat",
            trigger: `${WIDGET} .o-livechat-LivechatButton`,
            // The website and the widget load first: slow on a loaded 2-core machine
            timeout: 30000,
            run: "click",
        },
        {
            content: `The message form opens (${reason}), not a chat window`,
            trigger: `${FORM}[data-reason=${reason}] form.o_livechat_iconic_form`,
            run() {
                const root = document.querySelector(".o-livechat-root").shadowRoot;
                if (root.querySelector(".o-mail-ChatWindow")) {
                    throw new Error("A chat window opened: no chat is possible here.");
                }
            },
        },
    ];
}

/** Fail unless the shown confirmation carries a reference number. */
function checkReference() {
    const root = document.querySelector(".o-livechat-root").shadowRoot;
    const reference = root.querySelector(
        ".o_livechat_iconic_sent .o_livechat_iconic_reference"
    );
    if (!/\w*\d+/.test(reference?.textContent.trim() || "")) {
        throw new Error(`No reference number shown: "${reference?.textContent}"`);
    }
}

/** Nobody is online and the queue does not keep visitors waiting: the visitor writes. */
function fillAndSend(reason, extraChecks = []) {
    return [
        ...openForm(reason),
        ...extraChecks,
        {trigger: field("name"), run: `edit ${FORM_NAME}`},
        {trigger: field("email"), run: `edit ${FORM_EMAIL}`},
        {trigger: field("phone"), run: `edit ${FORM_PHONE}`},
        {
            content: "The queue has several topics: the visitor picks one",
            trigger: field("topic_id", "select"),
            run: `selectByLabel ${FORM_TOPIC}`,
        },
        {trigger: field("message", "textarea"), run: `edit ${FORM_MESSAGE}`},
        {
            content: "Send, with an impatient double click (one ticket all the same)",
            trigger: `${FORM} .o_livechat_iconic_form_send:enabled`,
            run: "dblclick",
        },
        {
            content: "The visitor is told we answer by e-mail, with a reference number",
            trigger: `${SENT}:contains(We have your message):contains(we will answer by e-mail)`,
            run: checkReference,
        },
        {
            content: "Close the form",
            trigger: `${SENT} button:contains(Close)`,
            run: "click",
        },
        {
            content: "The chat button is back",
            trigger: `${WIDGET}:not(:has(.o_livechat_iconic_message_form)) .o-livechat-LivechatButton`,
        },
    ];
}

registry.category("web_tour.tours").add("livechat_iconic_message_form_offline", {
    url: "/",
    steps: () => fillAndSend("offline"),
});

registry.category("web_tour.tours").add("livechat_iconic_message_form_closed", {
    url: "/",
    steps: () =>
        fillAndSend("closed", [
            {
                content: "The form shows the queue's outside-hours text",
                trigger: `${FORM} .o_livechat_iconic_form_text:contains(${OUTSIDE_HOURS_TEXT})`,
            },
        ]),
});

/**
 * Bad input: the server refuses the e-mail; its message shows next to the e-mail field and
 * everything the visitor typed is still there. The corrected form is sent once.
 */
registry.category("web_tour.tours").add("livechat_iconic_message_form_bad_input", {
    url: "/",
    steps: () => [
        ...openForm("offline"),
        {
            content:
                "Sending without e-mail nor message: both are asked for, nothing sent",
            trigger: `${FORM} .o_livechat_iconic_form_send:enabled`,
            run: "click",
        },
        {
            trigger: `${FORM} [data-field=email] .invalid-feedback:contains(e-mail)`,
        },
        {
            trigger: `${FORM} [data-field=message] .invalid-feedback:contains(message)`,
        },
        {trigger: field("name"), run: `edit ${FORM_NAME}`},
        {trigger: field("email"), run: `edit ${BAD_EMAIL}`},
        {trigger: field("message", "textarea"), run: `edit ${BAD_INPUT_MESSAGE}`},
        {
            content:
                "Send: the e-mail looks like one to the browser, the server refuses it",
            trigger: `${FORM} .o_livechat_iconic_form_send:enabled`,
            run: "click",
        },
        {
            content: "The server's message shows next to the e-mail field",
            trigger: `${FORM} [data-field=email]:has(input.is-invalid) .invalid-feedback:contains(not valid)`,
        },
        {
            content: "What the visitor typed is still there",
            trigger: `${FORM} form:not(:has(.o_livechat_iconic_sent))`,
            run() {
                const root = document.querySelector(".o-livechat-root").shadowRoot;
                const value = (name, tag = "input") =>
                    root.querySelector(
                        `.o_livechat_iconic_message_form ${tag}[name=${name}]`
                    ).value;
                const typed = {
                    name: [value("name"), FORM_NAME],
                    email: [value("email"), BAD_EMAIL],
                    message: [value("message", "textarea"), BAD_INPUT_MESSAGE],
                };
                for (const [name, [shown, expected]] of Object.entries(typed)) {
                    if (shown !== expected) {
                        throw new Error(
                            `The ${name} shows "${shown}" instead of "${expected}"`
                        );
                    }
                }
            },
        },
        {
            content: "The visitor corrects the e-mail: the error goes away",
            trigger: field("email"),
            run: `edit ${BAD_INPUT_EMAIL}`,
        },
        {
            trigger: `${FORM} [data-field=email]:not(:has(.invalid-feedback)) input:not(.is-invalid)`,
        },
        {
            content: "Send again",
            trigger: `${FORM} .o_livechat_iconic_form_send:enabled`,
            run: "click",
        },
        {
            content: "Sent, with a reference number",
            trigger: `${SENT}:contains(We have your message)`,
            run: checkReference,
        },
    ],
});

/**
 * A flood from one address: the server refuses one more message (HTTP 429, about the whole
 * form); the widget says so on top of the form and keeps what the visitor typed.
 */
registry.category("web_tour.tours").add("livechat_iconic_message_form_rate_limited", {
    url: "/",
    steps: () => [
        ...openForm("offline"),
        {trigger: field("email"), run: `edit ${FLOOD_EMAIL}`},
        {trigger: field("message", "textarea"), run: `edit ${FORM_MESSAGE}`},
        {
            content: "Send",
            trigger: `${FORM} .o_livechat_iconic_form_send:enabled`,
            run: "click",
        },
        {
            content: "The refusal shows on top of the form, no field is marked",
            trigger: `${FORM} form:not(:has(.is-invalid)) .o_livechat_iconic_form_error:contains(several messages)`,
        },
        {
            content: "Nothing was sent; what the visitor typed is still there",
            trigger: `${FORM}:not(:has(.o_livechat_iconic_sent)) textarea[name=message]`,
            run() {
                const root = document.querySelector(".o-livechat-root").shadowRoot;
                const email = root.querySelector(
                    ".o_livechat_iconic_message_form input[name=email]"
                );
                if (this.anchor.value !== FORM_MESSAGE || email.value !== FLOOD_EMAIL) {
                    throw new Error("The form lost what the visitor typed");
                }
            },
        },
    ],
});

/** A signed-in customer is known: name and e-mail are filled in; they only write. */
registry.category("web_tour.tours").add("livechat_iconic_message_form_signed_in", {
    url: "/",
    steps: () => [
        ...openForm("offline"),
        {
            content: "Name and e-mail are the customer's",
            trigger: `${FORM} input[name=name]:value("${CUSTOMER_NAME}")`,
        },
        {
            trigger: `${FORM} input[name=email]:value("${CUSTOMER_EMAIL}")`,
        },
        {trigger: field("message", "textarea"), run: `edit ${FORM_MESSAGE}`},
        {
            content: "Send",
            trigger: `${FORM} .o_livechat_iconic_form_send:enabled`,
            run: "click",
        },
        {
            content: "Sent, with a reference number",
            trigger: `${SENT}:contains(We have your message)`,
            run: checkReference,
        },
    ],
});

import {registry} from "@web/core/registry";

import {openForm} from "@livechat_iconic/../tests/tours/livechat_iconic_message_form_tour";

const WIDGET = ".o-livechat-root:shadow";

/**
 * Every agent of the queue is at work but shown offline (invisible, or on a break): the
 * widget shows offline although the queue keeps visitors waiting. Its proactive rule
 * (a button with a text) does not call out, and the button brings the message form,
 * never a chat (livechat_iconic/tests/test_invisible_tour.py).
 */
registry.category("web_tour.tours").add("livechat_iconic_invisible_offline", {
    url: "/",
    steps: () => [
        {
            content: "The button shows, without the proactive rule's text",
            trigger: `${WIDGET} .o-livechat-LivechatButton`,
            // The website and the widget load first: slow on a loaded 2-core machine
            timeout: 30000,
            run() {
                const root = document.querySelector(".o-livechat-root").shadowRoot;
                // The text is rendered with the button, from the same answer of the server
                if (root.querySelector(".o-livechat-LivechatButton-notification")) {
                    throw new Error(
                        "A proactive text shows although nobody is shown online."
                    );
                }
                if (
                    root.querySelector(
                        ".o-mail-ChatWindow, .o_livechat_iconic_message_form"
                    )
                ) {
                    throw new Error("Something opened by itself.");
                }
            },
        },
        ...openForm("offline"),
    ],
});

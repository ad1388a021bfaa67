import {registry} from "@web/core/registry";

/**
 * The agent snoozes a live chat from its thread in Discuss until the visitor replies: the
 * Snooze action opens the dialog; once confirmed, the chat leaves the agent's sidebar.
 */
registry.category("web_tour.tours").add("livechat_iconic_snooze", {
    steps: () => [
        {
            content: "The live chat is open, in the agent's sidebar",
            trigger: ".o-mail-DiscussSidebar-item:contains('Visitor')",
            timeout: 30000,
        },
        {
            trigger: ".o-mail-Message-content:contains('Can you check my invoice?')",
        },
        {
            content: "The thread's Snooze action",
            trigger: "button[title='Snooze']",
            run: "click",
        },
        {
            content: "Until the visitor replies (the default)",
            trigger:
                ".modal .o_field_widget[name='mode'] input[data-value='reply']:checked",
        },
        {
            trigger: ".modal .o_livechat_iconic_snooze_confirm",
            run: "click",
        },
        {
            content: "The chat left the agent's sidebar",
            trigger:
                "body:not(:has(.modal)):not(:has(.o-mail-DiscussSidebar-item:contains('Visitor')))",
        },
    ],
});

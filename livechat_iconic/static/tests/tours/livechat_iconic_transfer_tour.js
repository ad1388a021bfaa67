import {registry} from "@web/core/registry";

/**
 * The agent transfers a live chat from its thread in Discuss: the Transfer action opens the
 * wizard, which offers the online colleague; a note for them, then Transfer.
 */
registry.category("web_tour.tours").add("livechat_iconic_transfer", {
    steps: () => [
        {
            content: "The live chat is open",
            trigger: ".o-mail-Message-content:contains('Where is my order?')",
            timeout: 30000,
        },
        {
            content: "The thread's Transfer action",
            trigger: "button[title='Transfer']",
            run: "click",
        },
        {
            content: "The wizard offers the online colleague",
            trigger: ".modal .o_field_widget[name='user_id'] input",
            run: "edit Bob",
        },
        {
            trigger: ".modal .o-autocomplete--dropdown-item:contains('Bob Agent')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='note'] textarea",
            run: "edit Wants a refund",
        },
        {
            trigger: ".modal .o_livechat_iconic_transfer_confirm",
            run: "click",
        },
        {
            content: "The wizard closed",
            trigger: "body:not(:has(.modal .o_livechat_iconic_transfer_confirm))",
        },
    ],
});

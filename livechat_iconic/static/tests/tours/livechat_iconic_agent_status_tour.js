import {registry} from "@web/core/registry";

/**
 * The agent sets their status from the systray in one click each: Break, then Invisible,
 * then Online; the pressed button follows (the server's status comes back on the bus).
 */
registry.category("web_tour.tours").add("livechat_iconic_agent_status", {
    url: "/odoo",
    steps: () => [
        {
            content: "The status buttons show in the systray, Online pressed",
            trigger:
                ".o_livechat_iconic_agent_status .o_livechat_iconic_status_online.active",
            timeout: 30000,
        },
        {
            content: "One click: Break",
            trigger: ".o_livechat_iconic_agent_status .o_livechat_iconic_status_break",
            run: "click",
        },
        {
            content: "Break is pressed",
            trigger:
                ".o_livechat_iconic_agent_status .o_livechat_iconic_status_break.active",
        },
        {
            content: "One click: Invisible",
            trigger:
                ".o_livechat_iconic_agent_status .o_livechat_iconic_status_invisible",
            run: "click",
        },
        {
            content: "Invisible is pressed",
            trigger:
                ".o_livechat_iconic_agent_status .o_livechat_iconic_status_invisible.active",
        },
    ],
});

import {registry} from "@web/core/registry";

/**
 * Live Chat ▸ Reporting ▸ Targets: one missed chat this month shows red, an average first
 * response of one minute shows green, no miss without a cause shows green; the missed number
 * opens the sessions report behind it.
 */
registry.category("web_tour.tours").add("livechat_iconic_kpi_targets", {
    url: "/odoo/livechat-targets",
    steps: () => [
        {
            content: "Missed chats: 1, red (the target is 0)",
            trigger: ".o_livechat_iconic_target_missed_value.text-danger:contains(1)",
            timeout: 30000,
        },
        {
            content:
                "Average first response: 1 min 00 s, green (the target is 2 minutes)",
            trigger:
                ".o_livechat_iconic_target_response_value.text-success:contains(1 min 00 s)",
        },
        {
            content: "Misses without a cause: 0, green (each miss got its cause)",
            trigger:
                ".o_livechat_iconic_target_uncaused_value.text-success:contains(0)",
        },
        {
            content: "The missed number opens the report",
            trigger: ".o_livechat_iconic_target_missed_value",
            run: "click",
        },
        {
            content: "The report of this month's missed chats, grouped by agent",
            trigger:
                ".o_pivot:contains(Missed Chats) .o_pivot_header_cell_closed:contains(Alice)",
        },
        {
            content: "Breadcrumb names the report",
            trigger: ".o_breadcrumb:contains(Missed Chats This Month)",
        },
        {
            content: "The list of the sessions behind it",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "One row: the missed chat, Alice's",
            trigger: ".o_list_view .o_data_row:only-child:contains(Alice)",
        },
    ],
});

import {registry} from "@web/core/registry";

/**
 * Live Chat ▸ Reporting ▸ Staffing Forecast: the forecast of a queue with chats and no agent
 * scheduled shows its short hours in red, in the heatmap and in the table.
 */
registry.category("web_tour.tours").add("livechat_iconic_staffing", {
    url: "/odoo/livechat-staffing",
    steps: () => [
        {
            content: "Forecast with the queue's defaults",
            trigger: ".o_form_view button[name=action_compute]",
            run: "click",
            timeout: 30000,
        },
        {
            content: "The heatmap: a red hour, short of staff",
            trigger:
                ".o_livechat_staffing_heatmap td.o_livechat_staffing_cell[style*='#dc3545']",
        },
        {
            content: "The alert counts the short hours",
            trigger: ".alert-danger:contains(hours of the week are short of staff)",
        },
        {
            content: "The table: the short hour's row in red",
            trigger: ".o_list_renderer .o_data_row.text-danger",
        },
    ],
});

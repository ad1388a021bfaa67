import {registry} from "@web/core/registry";
import {rpc} from "@web/core/network/rpc";

/** Texts the Python driver (livechat_iconic/tests/test_agent_daily.py) uses too. */
export const TAKE_QUESTION = "Can you ship a tracker to Oslo?";
export const TAKE_TAG = "Iconic Shipping";
export const TRANSCRIPT_TO = "fleet.manager@example.com";
export const VIEW_QUESTION = "Is my camera still under warranty?";
export const VIEW_REPLY = "Happy to check";
export const VIEW_LIVE = "A message the viewer sees arrive";

const LIVE_CHAT = ".modal .o_livechat_iconic_live_chat";

/**
 * The agent clicks the visitor's name on the board: the chat opens as with the Chat
 * button, with the tags dialog on top (the queue asks for tags at the start); tagged, the
 * chat stays open and the agent sends its transcript from the chat's own actions.
 */
registry.category("web_tour.tours").add("livechat_iconic_agent_daily_take", {
    url: "/odoo/livechat-waiting",
    steps: () => [
        {
            content: "The agent clicks the visitor's name on the board",
            trigger: `.o_kanban_record:contains(${TAKE_QUESTION}) a.o_livechat_iconic_visitor_open`,
            run: "click",
        },
        {
            content: "The chat opens with the tags dialog on top",
            trigger: ".modal .o_livechat_iconic_close_tags_field input",
            run: `edit ${TAKE_TAG}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-item:contains(${TAKE_TAG})`,
            run: "click",
        },
        {
            trigger: ".modal .o_livechat_iconic_take_tags_confirm",
            run: "click",
        },
        {
            content: "Tagged: the dialog is gone, the chat stays open",
            trigger: `body:not(:has(.modal)) .o-mail-Discuss .o-mail-Message:contains(${TAKE_QUESTION})`,
        },
        {
            content: "The chat's actions send the transcript",
            trigger: ".o-mail-Discuss button[title='Send the Transcript']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='email'] input",
            run: `edit ${TRANSCRIPT_TO}`,
        },
        {
            trigger: ".modal button[name='action_send']",
            run: "click",
        },
        {
            content: "Sent: the dialog closes, the chat is still there",
            trigger: `body:not(:has(.modal)) .o-mail-Discuss .o-mail-Message:contains(${TAKE_QUESTION})`,
        },
    ],
});

/**
 * Another agent's chat, from the board's View: read-only (no composer) and live (a new
 * message appears without reloading: it comes over the bus only, as the call that posts it
 * returns its id and nothing the page shows).
 */
registry.category("web_tour.tours").add("livechat_iconic_agent_daily_view", {
    url: "/odoo/livechat-waiting",
    steps: () => [
        {
            content: "The agent views a colleague's chat",
            trigger: `.o_kanban_record:contains(${VIEW_QUESTION}) .o_livechat_iconic_view`,
            run: "click",
        },
        {
            content: "The conversation shows, read-only",
            trigger: `${LIVE_CHAT} .o-mail-Message:contains(${VIEW_REPLY})`,
        },
        {
            trigger: `.modal:has(.o_livechat_iconic_live_chat):not(:has(.o-mail-Composer))`,
        },
        {
            content: "A new message is posted in the chat",
            trigger: `${LIVE_CHAT}[data-channel-id]`,
            async run() {
                const channelId = parseInt(this.anchor.dataset.channelId, 10);
                await rpc("/web/dataset/call_kw/discuss.channel/message_post", {
                    model: "discuss.channel",
                    method: "message_post",
                    args: [[channelId]],
                    kwargs: {
                        body: VIEW_LIVE,
                        message_type: "comment",
                        subtype_xmlid: "mail.mt_comment",
                    },
                });
            },
        },
        {
            content: "It appears in the open view",
            trigger: `${LIVE_CHAT} .o-mail-Message:contains(${VIEW_LIVE})`,
        },
    ],
});

/** Live Chat > Agents, for an agent: the agents of their queues, with status and load. */
registry.category("web_tour.tours").add("livechat_iconic_agent_daily_agents", {
    url: "/odoo/livechat-agents",
    steps: () => [
        {
            content: "A teammate's status and ongoing chats",
            trigger:
                ".o_list_view .o_data_row:contains(Alice Agent):has(td[name=livechat_agent_status]:contains(Online)):has(td[name=livechat_agent_load]:contains(1))",
        },
        {
            content: "No agent of another queue",
            trigger:
                ".o_list_view:has(.o_data_row:contains(Bob Agent)):not(:has(.o_data_row:contains(Carol Agent)))",
        },
    ],
});

/** The board as a list: clicking the visitor's name opens the chat as the Chat button does. */
registry.category("web_tour.tours").add("livechat_iconic_agent_daily_list", {
    url: "/odoo/livechat-waiting?view_type=list",
    steps: () => [
        {
            content: "The agent clicks the visitor's name in the list",
            trigger: `.o_list_view .o_data_row:contains(${TAKE_QUESTION}) td[name=livechat_visitor_name]`,
            run: "click",
        },
        {
            content: "The chat opens",
            trigger: `.o-mail-Discuss .o-mail-Message:contains(${TAKE_QUESTION})`,
        },
    ],
});

import {registry} from "@web/core/registry";

/**
 * The agent makes the live chat they are in a help-desk ticket from its thread in
 * Discuss: one click on "Make a Ticket"; the notification links to the ticket.
 */
registry.category("web_tour.tours").add("livechat_iconic_ticket_from_chat", {
    steps: () => [
        {
            trigger: ".o-mail-Message-content:contains('Since when?')",
            timeout: 30000,
        },
        {
            content: "The thread's Make a Ticket action",
            trigger: "button[title='Make a Ticket']",
            run: "click",
        },
        {
            content: "The notification links to the ticket",
            trigger: ".o_notification:contains('Ticket') a:contains('Chat with')",
        },
        {
            content: "The chat goes on: the ticket's number is told in it",
            trigger:
                ".o-mail-NotificationMessage:contains('registered this conversation')",
        },
    ],
});

/**
 * The same from the Customers Waiting board: the chatting card's Ticket button.
 */
registry.category("web_tour.tours").add("livechat_iconic_ticket_from_board", {
    steps: () => [
        {
            trigger:
                ".o_kanban_group:has(.o_column_title:contains(Chatting)) .o_kanban_record:contains('Tracker 12 offline') button.o_livechat_iconic_ticket",
            timeout: 30000,
            run: "click",
        },
        {
            content: "The notification links to the ticket",
            trigger: ".o_notification:contains('Ticket') a:contains('Chat with')",
        },
    ],
});

import {registry} from "@web/core/registry";

/**
 * The agent makes the live chat they are in a help-desk ticket from its thread in
 * Discuss: one click on "Make a Ticket"; the notification links to the ticket.
 */
registry.category("web_tour.tours").add("livechat_iconic_ticket_from_discuss", {
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
        {
            content: "Made a ticket, the chat no longer offers it",
            trigger:
                "body:has(.o-mail-Discuss):not(:has(button[title='Make a Ticket']))",
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
        {
            content: "The card shows the outcome Ticket and no longer offers it",
            trigger:
                ".o_kanban_record:contains('Tracker 12 offline'):has(.badge:contains('Ticket')):not(:has(button.o_livechat_iconic_ticket))",
        },
    ],
});

/**
 * The same from a chat window (outside Discuss): its actions menu offers Make a Ticket.
 */
registry.category("web_tour.tours").add("livechat_iconic_ticket_from_chat_window", {
    steps: () => [
        {
            trigger: ".o_menu_systray i[aria-label='Messages']",
            timeout: 30000,
            run: "click",
        },
        {
            trigger: ".o-mail-NotificationItem:contains('Since when?')",
            run: "click",
        },
        {
            trigger:
                ".o-mail-ChatWindow .o-mail-Message-content:contains('Since when?')",
        },
        {
            trigger: ".o-mail-ChatWindow button[title='Open Actions Menu']",
            run: "click",
        },
        {
            content: "The chat window's Make a Ticket action",
            trigger: ".o-dropdown-item:contains('Make a Ticket')",
            run: "click",
        },
        {
            content: "The notification links to the ticket",
            trigger: ".o_notification:contains('Ticket') a:contains('Chat with')",
        },
        {
            content:
                "The chat goes on in its window: the ticket's number is told in it",
            trigger:
                ".o-mail-ChatWindow .o-mail-NotificationMessage:contains('registered this conversation')",
        },
    ],
});

import {registry} from "@web/core/registry";

/** Texts the Python driver (livechat_iconic/tests/test_conversation_tags.py) uses too. */
export const CLOSE_TAGS_QUESTION = "Do you ship to Iceland?";
export const CLOSE_TAGS_TAG = "Iconic Shipping";

const CARD = `.o_kanban_record:contains(${CLOSE_TAGS_QUESTION})`;

/**
 * The agent closes an untagged chat from the board while its queue asks for tags: a dialog
 * asks for them; with a tag chosen the chat is closed.
 */
registry.category("web_tour.tours").add("livechat_iconic_close_tags", {
    url: "/odoo/livechat-waiting",
    steps: () => [
        {
            // A settled web client: the agent's messaging has loaded and opened the chat
            content: "The chat window Odoo opens for the agent has loaded",
            trigger: ".o-mail-ChatWindow .o-mail-Message:contains(Hello!)",
        },
        {
            content: "The agent closes the chat from the board",
            trigger: `.o_kanban_group:has(.o_column_title:contains(Chatting)) ${CARD} button.o_livechat_iconic_close`,
            run: "click",
        },
        {
            // (no Cancel step: Odoo's own special="cancel" button, whose click was lost now
            // and then on a loaded machine while the board reloaded; that an untagged chat
            // stays open is tested on the server, TestConversationTags)
            content: "A dialog asks for the tags first: the agent looks for the tag",
            trigger: ".modal .o_livechat_iconic_close_tags_field input",
            run: `edit ${CLOSE_TAGS_TAG}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-item:contains(${CLOSE_TAGS_TAG})`,
            run: "click",
        },
        {
            content: "With a tag chosen, the chat can be closed",
            trigger: ".modal .o_livechat_iconic_close_tags_confirm",
            run: "click",
        },
        {
            content: "The chat is closed",
            trigger: `body:not(:has(.o_livechat_iconic_close_tags_field)) .o_kanban_group:has(.o_column_title:contains(Closed)) ${CARD}`,
        },
    ],
});

/**
 * The agent leaves the chat in Discuss (Odoo's "Leave Channel", which ends the chat): the
 * same dialog asks for tags first; with a tag chosen the agent leaves and the chat ends.
 */
registry.category("web_tour.tours").add("livechat_iconic_leave_tags", {
    steps: () => [
        {
            content: "The chat is open in Discuss",
            trigger: `.o-mail-Discuss .o-mail-Message:contains(${CLOSE_TAGS_QUESTION})`,
        },
        {
            trigger: ".o-mail-DiscussSidebarChannel.o-active",
            run: "hover",
        },
        {
            trigger:
                ".o-mail-DiscussSidebarChannel.o-active .o-mail-DiscussSidebarChannel-actions button:not(:visible)",
            run: "click",
        },
        {
            trigger: ".o-dropdown-item:contains('Leave Channel')",
            run: "click",
        },
        {
            content: "A dialog asks for the tags first",
            trigger: ".modal .o_livechat_iconic_close_tags_field input",
            run: `edit ${CLOSE_TAGS_TAG}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-item:contains(${CLOSE_TAGS_TAG})`,
            run: "click",
        },
        {
            trigger: ".modal .o_livechat_iconic_close_tags_confirm",
            run: "click",
        },
        {
            content: "The agent left the chat",
            trigger: `body:not(:has(.modal)) .o-mail-DiscussSidebar:not(:has(.o-mail-DiscussSidebarChannel.o-active:contains(${CLOSE_TAGS_QUESTION})))`,
        },
    ],
});

/**
 * The chat's Information panel shows its contact's tags (VIP); clicking the chat's own tag
 * lists every chat with that tag.
 */
registry.category("web_tour.tours").add("livechat_iconic_tags_panel", {
    steps: () => [
        {
            content: "The contact's tags are in the Information panel",
            trigger: ".o_livechat_iconic_contact_tags .o_tag:contains(Iconic VIP)",
        },
        {
            content: "Clicking the chat's tag lists its chats",
            trigger: `.o-livechat-ChannelInfoList .o_tag[aria-label*="every chat with this tag"]:contains(${CLOSE_TAGS_TAG})`,
            run: "click",
        },
        {
            content: "The archive lists this chat, and no other",
            trigger: ".o_list_view .o_data_row:contains(Vera Valued)",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row + .o_data_row))",
        },
    ],
});

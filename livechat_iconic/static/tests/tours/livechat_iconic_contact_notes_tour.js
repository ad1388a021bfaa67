import {registry} from "@web/core/registry";

/**
 * The agent opens a chat with a known contact in Discuss: the Information panel shows the
 * note written in an earlier chat; the agent edits it and adds another
 * (driver: livechat_iconic/tests/test_contact_notes.py).
 */
registry.category("web_tour.tours").add("livechat_iconic_contact_notes", {
    steps: () => [
        {
            content: "The note from the earlier chat is in the Information panel",
            trigger:
                ".o_livechat_iconic_contact_note_body:contains('Prefers e-mail, fleet of 40 trucks')",
        },
        {
            content: "Edit it",
            trigger: ".o_livechat_iconic_contact_note_edit_btn",
            run: "click",
        },
        {
            trigger: "textarea.o_livechat_iconic_contact_note_edit",
            run: "edit Prefers phone now, fleet of 55 trucks",
        },
        {
            trigger: ".o_livechat_iconic_contact_note_save",
            run: "click",
        },
        {
            content: "The new text is shown, marked as edited",
            trigger:
                ".o_livechat_iconic_contact_note:contains('Prefers phone now, fleet of 55 trucks'):contains('(edited)')",
        },
        {
            content: "Write a new note",
            trigger: "textarea.o_livechat_iconic_contact_note_new",
            run: "edit Wants a demo of the fuel sensor",
        },
        {
            trigger: ".o_livechat_iconic_contact_note_add:enabled",
            run: "click",
        },
        {
            content: "It is listed with the other one",
            trigger:
                ".o_livechat_iconic_contact_note_body:contains('Wants a demo of the fuel sensor')",
        },
    ],
});

import {registry} from "@web/core/registry";
import {
    openVisitorFrame,
    visitorRoot,
    visitorWidget,
    visitorWrites,
} from "@livechat_iconic/../tests/tours/visitor_frame";

/** Texts the Python driver (livechat_iconic/tests/test_email_claim_tour.py) uses too. */
export const CLAIM_EMAIL = "vera.tour@customer.example";
export const CLAIM_QUESTION = "Has my order of blue kayaks shipped?";
export const CLAIM_EARLIER = "My earlier question about paddles";
/** Markup a visitor once typed: shown as text, never as markup. */
export const CLAIM_MARKUP = "<u>raw</u>";
export const CLAIM_CODE = "424242";
export const CLAIM_WRONG_CODE = "000000";

const FRAME_ID = "o_livechat_iconic_email_claim_frame";
const VISITOR = visitorWidget(FRAME_ID);
const CHAT = `${VISITOR} .o-mail-ChatWindow`;
const FIELD = `${CHAT} .o_livechat_iconic_contact_email`;
const CODE_STEP = `${FIELD} .o_livechat_iconic_contact_code`;
const YOURS = `${CHAT} .o_livechat_iconic_your_conversations`;

/** The visitor's card on the board, in the In Queue column. */
const CARD = `.o_kanban_group:has(.o_column_title:contains(In Queue)) .o_kanban_record:contains(${CLAIM_QUESTION})`;

/** The board loaded, the visitor's page opens, the visitor opens the chat window. */
function openChat() {
    return [
        {
            content: "The Customers Waiting board is loaded",
            trigger: ".o_livechat_iconic_board .o_kanban_renderer",
        },
        openVisitorFrame(FRAME_ID),
        {
            content: "The visitor opens the chat",
            trigger: `${VISITOR} .o-livechat-LivechatButton`,
            timeout: 30000,
            run: "click",
        },
        {
            content: "A stranger has no conversations to see",
            trigger: `${CHAT}:not(:has(.o_livechat_iconic_your_conversations))`,
        },
    ];
}

/** The queue asks before the chat: the address typed goes with the first message. */
function giveBeforeTheChat() {
    return [
        {
            content: "Before the chat, the queue asks for an e-mail",
            trigger: `${FIELD} input[type=email]`,
            run: `edit ${CLAIM_EMAIL}`,
        },
        {
            trigger: `${FIELD} button[data-action=giveContactEmail]`,
            run: "click",
        },
        {
            content: "The address is kept for the first message",
            trigger: `${FIELD} .o_livechat_iconic_contact_kept:contains(${CLAIM_EMAIL})`,
        },
        ...visitorWrites(
            FRAME_ID,
            CLAIM_QUESTION,
            "The chat started: the address is given"
        ),
        {
            trigger: `${FIELD} .o_livechat_iconic_contact_given:contains(${CLAIM_EMAIL})`,
        },
    ];
}

/** The queue asks once the chat started: no field until the first message. */
function giveDuringTheChat() {
    return [
        {
            content: "No e-mail field before the chat",
            trigger: `${CHAT} .o-mail-Thread[data-transient]`,
            run() {
                if (
                    visitorRoot(FRAME_ID).querySelector(
                        ".o_livechat_iconic_contact_email"
                    )
                ) {
                    throw new Error("The e-mail field shows before the chat");
                }
            },
        },
        ...visitorWrites(
            FRAME_ID,
            CLAIM_QUESTION,
            "The chat started: the queue asks for an e-mail"
        ),
        {
            trigger: `${FIELD} input[type=email]`,
            run: `edit ${CLAIM_EMAIL}`,
        },
        {
            trigger: `${FIELD} button[data-action=giveContactEmail]`,
            run: "click",
        },
        {
            trigger: `${FIELD} .o_livechat_iconic_contact_given:contains(${CLAIM_EMAIL})`,
        },
    ];
}

/** The agent sees the claim, the visitor proves it and sees their conversations. */
function proveAndSeeConversations() {
    return [
        {
            content: "The agent sees the matching contact as a claim at once",
            trigger: `${CARD} .o_livechat_iconic_claim:contains(matches contact Vera Tour, not confirmed)`,
        },
        {
            content: "The visitor asks for a code",
            trigger: `${FIELD} button[data-action=sendContactCode]`,
            run: "click",
        },
        {
            trigger: `${CODE_STEP} .form-text:contains(We sent a code to ${CLAIM_EMAIL})`,
        },
        {
            trigger: `${CODE_STEP} input:enabled`,
            run: `edit ${CLAIM_WRONG_CODE}`,
        },
        {
            trigger: `${CODE_STEP} button[data-action=checkContactCode]:enabled`,
            run: "click",
        },
        {
            content: "A wrong code is refused, with the server's message",
            trigger: `${FIELD} .o_livechat_iconic_contact_error:contains(not the right one)`,
        },
        {
            content: "The visitor types the code they received",
            trigger: `${CODE_STEP} input:enabled`,
            run: `edit ${CLAIM_CODE}`,
        },
        {
            trigger: `${CODE_STEP} button[data-action=checkContactCode]:enabled`,
            run: "click",
        },
        {
            content: "The address is proven",
            trigger: `${FIELD} .o_livechat_iconic_contact_proven:contains(${CLAIM_EMAIL})`,
        },
        {
            content: "The agent's board shows the chat as Vera's, proven by the code",
            trigger: `${CARD} .o_livechat_iconic_claim:contains(proven by a code sent there, Vera Tour)`,
        },
        {
            content: "The visitor opens Your conversations",
            trigger: `${YOURS} button[data-action=yourConversations]`,
            run: "click",
        },
        {
            content: "Vera's earlier chat is listed, only hers",
            trigger: `${YOURS} .o_livechat_iconic_past_session:contains(Tour Support)`,
            run() {
                const root = visitorRoot(FRAME_ID);
                const count = root.querySelectorAll(
                    ".o_livechat_iconic_past_session"
                ).length;
                if (count !== 1) {
                    throw new Error(`${count} past conversations listed instead of 1`);
                }
            },
        },
        {
            trigger: `${YOURS} .o_livechat_iconic_past_session button`,
            run: "click",
        },
        {
            content: "Its transcript shows, escaped",
            trigger: `${YOURS} .o_livechat_iconic_past_transcript:contains(${CLAIM_EARLIER})`,
            run() {
                const root = visitorRoot(FRAME_ID);
                const transcript = root.querySelector(
                    ".o_livechat_iconic_past_transcript"
                );
                if (
                    !transcript.textContent.includes(CLAIM_MARKUP) ||
                    transcript.querySelector("u")
                ) {
                    throw new Error("The visitor's markup is not shown as text");
                }
                document.getElementById(FRAME_ID).remove();
            },
        },
    ];
}

/**
 * A visitor who is not signed in gives their e-mail before the chat (the queue asks for
 * it), writes, and the agent's board shows the matching contact as a claim at once. The
 * visitor proves the address with the code e-mailed there (a wrong one is refused), the
 * board shows the chat as that contact's, and the visitor sees "Your conversations": the
 * contact's earlier chat, nobody else's. The agent's backend and, in a credentialless
 * iframe (a guest), the visitor's website page.
 */
registry.category("web_tour.tours").add("livechat_iconic_email_claim", {
    url: "/odoo/livechat-waiting",
    steps: () => [...openChat(), ...giveBeforeTheChat(), ...proveAndSeeConversations()],
});

/** The same, the queue asking for the e-mail once the chat started. */
registry.category("web_tour.tours").add("livechat_iconic_email_claim_during", {
    url: "/odoo/livechat-waiting",
    steps: () => [...openChat(), ...giveDuringTheChat(), ...proveAndSeeConversations()],
});

/**
 * The agent's side: a chat whose visitor gave a contact's e-mail, opened in Discuss. The
 * Information panel shows the claim; the agent confirms it in one click, and the panel
 * shows the contact's notes (driver: livechat_iconic/tests/test_email_claim.py).
 */
registry.category("web_tour.tours").add("livechat_iconic_contact_claim", {
    steps: () => [
        {
            content: "The Information panel shows what the visitor says, as a claim",
            trigger:
                ".o_livechat_iconic_contact_claim:contains(matches contact Vera Valued, not confirmed)",
        },
        {
            content: "The agent confirms the contact",
            trigger:
                ".o_livechat_iconic_contact_claim .o_livechat_iconic_confirm_contact",
            run: "click",
        },
        {
            content: "The chat is Vera's: her notes show, nothing is left to confirm",
            trigger:
                ".o_livechat_iconic_contact_claim:contains(confirmed as Vera Valued):not(:has(.o_livechat_iconic_confirm_contact))",
        },
        {
            trigger: ".o_livechat_iconic_contact_notes:contains(Notes on Vera Valued)",
        },
    ],
});

import {registry} from "@web/core/registry";

/** Texts the Python driver (livechat_iconic/tests/test_bot_path_tour.py) uses too. */
export const BOT_PATH_VISITOR_MESSAGE = "You can reach me at nina@example.com";

const WIDGET = ".o-livechat-root:shadow";
const ENDED = "This livechat conversation has ended";

/**
 * @param {String} text
 * @returns {String} a message of the conversation showing ``text``
 */
function messageContains(text) {
    return `${WIDGET} .o-mail-ChatWindow .o-mail-Message:contains("${text}")`;
}

/** Fail when the widget tells the visitor that the conversation is over. */
function checkNotEnded() {
    const root = document.querySelector(".o-livechat-root")?.shadowRoot;
    const composer = root?.querySelector(".o-mail-Composer-input");
    const shown = [
        root?.textContent || "",
        composer?.getAttribute("placeholder") || "",
    ];
    if (shown.some((text) => text.includes(ENDED))) {
        throw new Error(`The widget says "${ENDED}": a dead end.`);
    }
}

/**
 * The measured path: on /contactus, Odoo's Welcome Bot greets the visitor, who has a
 * pricing question; nobody is online. The visitor must be queued (told their place), keep
 * the bot's answers and be able to write on: never "This livechat conversation has ended".
 */
registry.category("web_tour.tours").add("livechat_iconic_bot_path_no_dead_end", {
    url: "/contactus",
    steps: () => [
        {
            content: "The chat button shows: the bot is available although no agent is",
            trigger: `${WIDGET} .o-livechat-LivechatButton`,
            // The website and the widget load first: slow on a loaded 2-core machine
            timeout: 30000,
            run: "click",
        },
        {
            content: "The Welcome Bot greets the visitor",
            trigger: messageContains("What are you looking for?"),
        },
        {
            content: "The visitor has a pricing question",
            trigger: `${WIDGET} button:contains("I have a pricing question")`,
            run: "click",
        },
        {
            content: "The bot looks for someone",
            trigger: messageContains("let me check if I can find someone"),
        },
        {
            content: "Nobody is online: the visitor is queued and told their place",
            trigger: `${WIDGET} .o-mail-ChatWindow .o-mail-NotificationMessage:contains("You are number 1 in the queue")`,
        },
        {
            content:
                "The composer stays open; the widget does not end the conversation",
            trigger: `${WIDGET} .o-mail-ChatWindow .o-mail-Composer-input:enabled`,
            run: checkNotEnded,
        },
        {
            content: "The visitor writes while waiting",
            trigger: `${WIDGET} .o-mail-ChatWindow .o-mail-Composer-input:enabled`,
            run: `edit ${BOT_PATH_VISITOR_MESSAGE}`,
        },
        {
            trigger: `${WIDGET} .o-mail-ChatWindow .o-mail-Composer-input`,
            run: "press Enter",
        },
        {
            content: "The message is posted",
            trigger: `${messageContains(BOT_PATH_VISITOR_MESSAGE)}:not(:has(.o-mail-Message-pendingProgress))`,
        },
        {
            content: "The bot's answers are still there; still no dead end",
            trigger: `${WIDGET} .o-mail-ChatWindow:has(.o-mail-Message:contains("What are you looking for?")):has(.o-mail-Composer-input:enabled)`,
            run: checkNotEnded,
        },
    ],
});

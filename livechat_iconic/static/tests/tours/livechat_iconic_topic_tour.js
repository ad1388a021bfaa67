import {registry} from "@web/core/registry";

/** Texts the Python driver (livechat_iconic/tests/test_topic_tour.py) uses too. */
export const TOPIC_TOUR_QUESTION = "Which plan fits a fleet of 40 vans?";

const WIDGET = ".o-livechat-root:shadow";
const WINDOW = `${WIDGET} .o-mail-ChatWindow`;

/**
 * A visitor picks the "Sales" topic before the chat starts, writes, and lands with the
 * Sales queue's agent.
 */
registry.category("web_tour.tours").add("livechat_iconic_topic_picks_the_queue", {
    url: "/contactus",
    steps: () => [
        {
            content: "The chat button shows",
            trigger: `${WIDGET} .o-livechat-LivechatButton`,
            // The website and the widget load first: slow on a loaded 2-core machine
            timeout: 30000,
            run: "click",
        },
        {
            content: "Before the chat starts, the widget offers the website's topics",
            trigger: `${WINDOW} .o_livechat_iconic_topics:contains("What is your question about?"):has(.o_livechat_iconic_topic:contains("Support"))`,
        },
        {
            content: "The visitor picks Sales",
            trigger: `${WINDOW} .o_livechat_iconic_topic:contains("Sales")`,
            run: "click",
        },
        {
            content: "Sales is shown as picked",
            trigger: `${WINDOW} .o_livechat_iconic_topic.btn-primary[aria-pressed="true"]:contains("Sales")`,
        },
        {
            content: "The visitor writes their question",
            trigger: `${WINDOW} .o-mail-Composer-input:enabled`,
            run: `edit ${TOPIC_TOUR_QUESTION}`,
        },
        {
            trigger: `${WINDOW} .o-mail-Composer-input`,
            run: "press Enter",
        },
        {
            content: "The message is posted; the chat started, the topics are gone",
            trigger: `${WINDOW}:not(:has(.o_livechat_iconic_topics)) .o-mail-Message:contains("${TOPIC_TOUR_QUESTION}"):not(:has(.o-mail-Message-pendingProgress))`,
        },
        {
            content: "The visitor is with the Sales agent",
            trigger: `${WINDOW} .o-mail-ChatWindow-header:contains("Carol Sales")`,
        },
    ],
});

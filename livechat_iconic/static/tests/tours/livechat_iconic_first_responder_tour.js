import {registry} from "@web/core/registry";
import {rpc} from "@web/core/network/rpc";

/** Texts the Python driver (livechat_iconic/tests/test_first_responder.py) uses too. */
export const FIRST_RESPONDER_QUESTION = "Does the doorbell camera work offline?";
export const FIRST_RESPONDER_ANSWER = "Yes, it records to its SD card";

/**
 * A broadcast queue offers a waiting chat to the agent, who has the backend open: the
 * notice's Answer opens the chat, and the agent simply answers, which takes it.
 */
registry.category("web_tour.tours").add("livechat_iconic_first_responder", {
    steps: () => [
        {
            content:
                "The backend is loaded and listening: the queue offers the chat again",
            trigger: ".o_main_navbar",
            run: async () => {
                // The Python driver's server action: the queued chat is offered (broadcast)
                const action = await rpc("/web/action/load", {
                    action_id: "livechat_iconic.test_first_responder_offer",
                });
                await rpc("/web/action/run", {action_id: action.id});
            },
        },
        {
            content: "The agent is offered the chat",
            trigger: `.o_notification:contains("A visitor needs an agent")`,
        },
        {
            content: "Answer opens the chat",
            trigger: '.o_notification button:contains("Answer")',
            run: "click",
        },
        {
            content: "The visitor's question is there",
            trigger: `.o-mail-Message:contains("${FIRST_RESPONDER_QUESTION}")`,
            timeout: 20000,
        },
        {
            content: "The agent answers",
            trigger: ".o-mail-Composer-input:enabled",
            run: `edit ${FIRST_RESPONDER_ANSWER}`,
        },
        {
            trigger: ".o-mail-Composer-input",
            run: "press Enter",
        },
        {
            content: "The answer is posted",
            trigger: `.o-mail-Message:contains("${FIRST_RESPONDER_ANSWER}"):not(:has(.o-mail-Message-pendingProgress))`,
        },
    ],
});

import {registry} from "@web/core/registry";

import {visitorAsks} from "@livechat_iconic/../tests/tours/livechat_iconic_tours";

/** Texts the Python driver (livechat_iconic/tests/test_members_only_tour.py) uses too. */
export const SIGN_IN_FIRST =
    "This chat is for signed-in customers: please sign in first.";
export const RESERVED = "This chat is reserved for some of our customers";

const WIDGET = ".o-livechat-root:shadow";

/** The website's services, once its web client is mounted (a frame at a time). */
async function services() {
    while (!odoo.__WOWL_DEBUG__) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    return odoo.__WOWL_DEBUG__.root.env.services;
}

/** A member of the rule's group (a "Master Tech", signed in) asks a question. */
registry.category("web_tour.tours").add("livechat_iconic_members_only_member", {
    url: "/",
    steps: () => visitorAsks(WIDGET),
});

/**
 * A visitor the page's rule does not admit: once the widget has its data, no chat button;
 * and a chat the widget starts anyway (as an old page would) is refused with the
 * server's reason.
 *
 * @param {String} reason the text the visitor is told
 */
function refused(reason) {
    return [
        {
            content:
                "The widget has its data (what it fetched on load, fetched again): no button",
            trigger: "body",
            async run() {
                const website = await services();
                const store = website["mail.store"];
                const channelId = website["im_livechat.livechat"].options.channel_id;
                await store.fetchStoreData("init_livechat", channelId, {
                    readonly: false,
                });
                if (store.livechat_available) {
                    throw new Error(
                        "The chat is offered to a visitor the rule does not admit."
                    );
                }
                // The widget renders what the store says at the next frame
                await new Promise((resolve) => requestAnimationFrame(resolve));
                const root = document.querySelector(".o-livechat-root")?.shadowRoot;
                if (root?.querySelector(".o-livechat-LivechatButton")) {
                    throw new Error("The chat button shows.");
                }
            },
        },
        {
            content: "The widget starts a chat anyway",
            trigger: "body",
            async run() {
                (await services())["im_livechat.livechat"].open();
            },
        },
        {
            content: "Refused: the visitor reads why",
            trigger: `.o_notification:contains("${reason}")`,
            run() {
                const root = document.querySelector(".o-livechat-root")?.shadowRoot;
                if (root?.querySelector(".o-mail-ChatWindow")) {
                    throw new Error("A chat window opened.");
                }
            },
        },
    ];
}

registry.category("web_tour.tours").add("livechat_iconic_members_only_guest", {
    url: "/",
    steps: () => refused(SIGN_IN_FIRST),
});

registry.category("web_tour.tours").add("livechat_iconic_members_only_not_member", {
    url: "/",
    steps: () => refused(RESERVED),
});

/**
 * The visitor's website page inside the agent's browser, for tours that play both sides:
 * a credentialless iframe (its own empty cookie jar), so the visitor is a guest.
 */

/**
 * @param {String} frameId id of the iframe
 * @returns {String} selector of the live chat widget's root in that page
 */
export function visitorWidget(frameId) {
    return `iframe#${frameId}:iframe .o-livechat-root:shadow`;
}

/**
 * @param {String} frameId id of the iframe
 * @returns {ShadowRoot} the live chat widget's root in that page, for checks by hand
 */
export function visitorRoot(frameId) {
    return document
        .getElementById(frameId)
        .contentDocument.querySelector(".o-livechat-root").shadowRoot;
}

/**
 * @param {String} frameId id of the iframe
 * @returns {Object} the tour step that opens the website's home page in it
 */
export function openVisitorFrame(frameId) {
    return {
        content: "A visitor opens the website (anonymous: no cookie of the agent)",
        trigger: "body",
        run() {
            const frame = document.createElement("iframe");
            frame.id = frameId;
            frame.setAttribute("credentialless", "");
            Object.assign(frame.style, {
                position: "fixed",
                right: "0",
                bottom: "0",
                width: "480px",
                height: "640px",
                zIndex: "2000",
                border: "2px solid #714b67",
                background: "white",
            });
            frame.src = "/";
            document.body.appendChild(frame);
        },
    };
}

/**
 * @param {String} frameId id of the iframe
 * @param {String} text the visitor's message
 * @param {String} content what the last step says
 * @returns {Object[]} the tour steps: the visitor writes ``text`` in the chat window, which
 *      starts the chat (a real, not transient, conversation)
 */
export function visitorWrites(frameId, text, content) {
    const chat = `${visitorWidget(frameId)} .o-mail-ChatWindow`;
    return [
        {
            trigger: `${chat} .o-mail-Composer-input`,
            run: `edit ${text}`,
        },
        {
            trigger: `${chat} .o-mail-Composer-input`,
            run: "press Enter",
        },
        {
            content,
            trigger: `${chat} .o-mail-Thread:not([data-transient]) .o-mail-Message:contains(${text})`,
        },
    ];
}

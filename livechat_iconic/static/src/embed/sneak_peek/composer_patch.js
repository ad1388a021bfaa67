import {Composer} from "@mail/core/common/composer";
import {onWillDestroy} from "@odoo/owl";
import {browser} from "@web/core/browser/browser";
import {rpc} from "@web/core/network/rpc";
import {patch} from "@web/core/utils/patch";

import {maskSneakPeek} from "./masking";

import "@mail/discuss/typing/common/composer_patch";

/** At most one peek per this many milliseconds (the latest text wins). */
export const SNEAK_PEEK_INTERVAL = 334;

/**
 * The visitor's composer sends what is typed, masked here first, to the session's agents
 * (/livechat_iconic/sneak_peek) while the queue's sneak peek is on; hooked on Odoo's
 * typing detection, which runs on every input.
 */
patch(Composer.prototype, {
    setup() {
        super.setup();
        this.sneakPeek = {timer: null, lastSent: 0, sentText: ""};
        onWillDestroy(() => browser.clearTimeout(this.sneakPeek.timer));
    },
    get sneakPeekOn() {
        return (
            this.thread?.channel_type === "livechat" &&
            this.thread.id > 0 &&
            this.thread.livechat_iconic_sneak_peek &&
            !this.thread.livechat_end_dt &&
            !this.props.composer.message // Not while editing a sent message
        );
    },
    detectTyping() {
        super.detectTyping(...arguments);
        this.scheduleSneakPeek();
    },
    scheduleSneakPeek() {
        if (!this.sneakPeekOn || this.sneakPeek.timer) {
            return; // A pending send reads the latest text when it fires
        }
        const wait = this.sneakPeek.lastSent + SNEAK_PEEK_INTERVAL - Date.now();
        this.sneakPeek.timer = browser.setTimeout(
            () => {
                this.sneakPeek.timer = null;
                this.sendSneakPeek(this.props.composer.composerText || "");
            },
            Math.max(wait, 0)
        );
    },
    sendSneakPeek(text) {
        const masked = maskSneakPeek(text);
        if (!this.sneakPeekOn || masked === this.sneakPeek.sentText) {
            return;
        }
        this.sneakPeek.lastSent = Date.now();
        this.sneakPeek.sentText = masked;
        rpc(
            "/livechat_iconic/sneak_peek",
            {channel_id: this.thread.id, text: masked},
            {silent: true}
        );
    },
    async sendMessage() {
        browser.clearTimeout(this.sneakPeek.timer);
        this.sneakPeek.timer = null;
        await super.sendMessage(...arguments);
        // The server empties the agents' line with the message; a peek still on its
        // way would show the sent text again: one empty peek after it
        if (this.sneakPeek.sentText) {
            this.sendSneakPeek("");
        }
    },
});

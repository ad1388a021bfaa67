import { onMounted, onWillDestroy, useComponent, useSubEnv } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { router } from "@web/core/browser/router";
import { useService } from "@web/core/utils/hooks";
import { useSetupAction } from "@web/search/action_hook";

/** Bus notification types the server sends to livechat users (see discuss_channel.py). */
export const SESSION_NOTIFICATIONS = [
    "livechat_iconic.session/new",
    "livechat_iconic.session/update",
];
/** Notifications arriving within this delay are handled by one reload. */
export const RELOAD_DELAY = 200;
const HIGHLIGHT_STATE_KEY = "livechatIconicHighlightId";

/**
 * Session id to highlight, from ``?highlight=<id>`` (the address /livechat/waiting/<id>
 * redirects to), or kept by the previous view of the same action (view switch, breadcrumbs).
 *
 * @param {Object} props the view controller's props
 * @returns {number|false}
 */
export function getHighlightId(props) {
    const kept = props.state?.[HIGHLIGHT_STATE_KEY] ?? props.globalState?.[HIGHLIGHT_STATE_KEY];
    if (kept) {
        return kept;
    }
    let value = router.current?.highlight;
    if (!value) {
        value = new URLSearchParams(browser.location.search).get("highlight");
    }
    const id = parseInt(value, 10);
    return Number.isInteger(id) && id > 0 ? id : false;
}

/**
 * Runs ``callback`` once for any number of calls to ``schedule()`` made within ``delay`` ms;
 * a call made while the callback runs schedules one more run after it.
 */
export class Coalescer {
    constructor(callback, delay = RELOAD_DELAY) {
        this.callback = callback;
        this.delay = delay;
        this.timeout = null;
        this.running = null;
        this.again = false;
        this.cancelled = false;
    }

    schedule() {
        if (this.cancelled || this.timeout) {
            return;
        }
        if (this.running) {
            this.again = true;
            return;
        }
        this.timeout = browser.setTimeout(() => this._run(), this.delay);
    }

    async _run() {
        this.timeout = null;
        this.running = Promise.resolve().then(() => this.callback());
        try {
            await this.running;
        } finally {
            this.running = null;
            if (this.again && !this.cancelled) {
                this.again = false;
                this.schedule();
            }
        }
    }

    cancel() {
        this.cancelled = true;
        browser.clearTimeout(this.timeout);
        this.timeout = null;
    }
}

/**
 * Keeps a Customers Waiting view (kanban or list controller) live: the server's session
 * notifications reload its data without reloading the page, bursts coalesced into one
 * reload. Also exposes the highlighted session to the renderers through
 * ``env.livechatIconicBoard``.
 *
 * @returns {{ highlightId: number|false }}
 */
export function useLivechatBoard() {
    const controller = useComponent();
    const busService = useService("bus_service");
    const board = { highlightId: getHighlightId(controller.props) };
    useSubEnv({ livechatIconicBoard: board });
    useSetupAction({
        getGlobalState: () => ({ [HIGHLIGHT_STATE_KEY]: board.highlightId }),
        getLocalState: () => ({ [HIGHLIGHT_STATE_KEY]: board.highlightId }),
    });

    const coalescer = new Coalescer(async () => {
        // a notification during the first load: reload once that load is done
        await controller.model.whenReady;
        if (controller.model.root.selection?.length) {
            // a reload would drop the records the user selected: wait until none is
            coalescer.again = true;
            return;
        }
        await controller.model.load();
    });
    // one callback per type: the bus service maps each callback to a single subscription
    const callbacks = SESSION_NOTIFICATIONS.map((type) => [type, () => coalescer.schedule()]);
    for (const [type, callback] of callbacks) {
        busService.subscribe(type, callback);
    }
    if (board.highlightId) {
        onMounted(() => scrollToHighlight(controller));
    }
    if (!busService.isActive) {
        busService.start();
    }
    onWillDestroy(() => {
        for (const [type, callback] of callbacks) {
            busService.unsubscribe(type, callback);
        }
        coalescer.cancel();
    });
    return board;
}

/** Brings the highlighted session into view once the first data is on screen. */
async function scrollToHighlight(controller) {
    await controller.model.whenReady;
    for (let frame = 0; frame < 30; frame++) {
        await new Promise((resolve) => browser.requestAnimationFrame(resolve));
        const el = document.querySelector(".o_action_manager .o_livechat_iconic_highlight");
        if (el) {
            el.scrollIntoView?.({ block: "center", behavior: "smooth" });
            return;
        }
    }
}

/**
 * @param {Object} env
 * @param {Object} record a relational model record
 */
export function isHighlighted(env, record) {
    const highlightId = env.livechatIconicBoard?.highlightId;
    return Boolean(highlightId) && record.resId === highlightId;
}

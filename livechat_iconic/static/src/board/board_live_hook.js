import {onMounted, onWillDestroy, useComponent, useSubEnv} from "@odoo/owl";
import {browser} from "@web/core/browser/browser";
import {router} from "@web/core/browser/router";
import {useService} from "@web/core/utils/hooks";
import {batched} from "@web/core/utils/timing";
import {useSetupAction} from "@web/search/action_hook";

/** The bus channel an open board asks for: the server maps it to its subchannel. */
export const BOARD_CHANNEL = "livechat_iconic.board";
/** The server's one message per transaction that changed sessions on the board. */
export const BOARD_NOTIFICATION = "livechat_iconic.board/update";
/** An open board reloads at most once in this many milliseconds. */
export const RELOAD_WINDOW = 1000;
const HIGHLIGHT_STATE_KEY = "livechatIconicHighlightId";

/**
 * Session id to highlight, from ``?highlight=<id>`` (the address /livechat/waiting/<id>
 * redirects to), or kept by the previous view of the same action (view switch, breadcrumbs).
 *
 * @param {Object} props the view controller's props
 * @returns {number|false}
 */
export function getHighlightId(props) {
    const kept =
        props.state?.[HIGHLIGHT_STATE_KEY] ?? props.globalState?.[HIGHLIGHT_STATE_KEY];
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

/** Brings the highlighted session into view once the first data is on screen. */
async function scrollToHighlight(controller) {
    await controller.model.whenReady;
    for (let frame = 0; frame < 30; frame++) {
        await new Promise((resolve) => browser.requestAnimationFrame(resolve));
        const el = document.querySelector(
            ".o_action_manager .o_livechat_iconic_highlight"
        );
        if (el) {
            el.scrollIntoView?.({block: "center", behavior: "smooth"});
            return;
        }
    }
}

/**
 * Keeps a Customers Waiting view (kanban or list controller) live: the server's session
 * notifications reload its data without reloading the page, at most once a second. Also
 * exposes the highlighted session to the renderers through ``env.livechatIconicBoard``.
 *
 * @returns {{ highlightId: number|false }}
 */
export function useLivechatBoard() {
    const controller = useComponent();
    const busService = useService("bus_service");
    const board = {highlightId: getHighlightId(controller.props)};
    useSubEnv({livechatIconicBoard: board});
    useSetupAction({
        getGlobalState: () => ({[HIGHLIGHT_STATE_KEY]: board.highlightId}),
        getLocalState: () => ({[HIGHLIGHT_STATE_KEY]: board.highlightId}),
    });

    let destroyed = false;
    // Odoo's batched(): every notification of a one-second window ends in one reload, and
    // a steady stream still reloads once a second (a debounce would wait for a pause).
    const reload = batched(
        async () => {
            if (destroyed) {
                return;
            }
            // A notification during the first load: reload once that load is done
            await controller.model.whenReady;
            if (controller.model.root.selection?.length) {
                // A reload would drop the records the user selected: wait until none is
                reload();
                return;
            }
            await controller.model.load();
        },
        () => new Promise((resolve) => browser.setTimeout(resolve, RELOAD_WINDOW))
    );
    busService.addChannel(BOARD_CHANNEL);
    busService.subscribe(BOARD_NOTIFICATION, reload);
    if (board.highlightId) {
        onMounted(() => scrollToHighlight(controller));
    }
    onWillDestroy(() => {
        destroyed = true;
        busService.unsubscribe(BOARD_NOTIFICATION, reload);
        busService.deleteChannel(BOARD_CHANNEL);
    });
    return board;
}

/**
 * @param {Object} env
 * @param {Object} record a relational model record
 */
export function isHighlighted(env, record) {
    const highlightId = env.livechatIconicBoard?.highlightId;
    return Boolean(highlightId) && record.resId === highlightId;
}

import {Component, useState} from "@odoo/owl";
import {deserializeDateTime, formatDateTime} from "@web/core/l10n/dates";
import {useService} from "@web/core/utils/hooks";

import {sendForm} from "@livechat_iconic/embed/form_request";

const ROUTE = "/livechat_iconic/your_conversations";

/**
 * "Your conversations", in the chat window of a visitor who is known: signed in, or who
 * proved their e-mail with a code (``store.livechat_iconic_known``, or ContactEmail's
 * proof in this page). The server lists their past chats only (it checks who asks on
 * every request); the transcripts are plain text, shown escaped.
 */
export class YourConversations extends Component {
    static template = "livechat_iconic.YourConversations";
    static props = {thread: Object};

    setup() {
        this.store = useService("mail.store");
        this.contactState = useState(useService("im_livechat.livechat").contactState);
        this.state = useState({
            isOpen: false,
            loading: false,
            sessions: null,
            openId: null,
            error: "",
        });
    }

    get isShown() {
        return (
            this.props.thread.channel_type === "livechat" &&
            Boolean(
                this.store.self_partner ||
                    this.store.livechat_iconic_known ||
                    this.contactState.proven
            )
        );
    }

    /** @param {String} value a server date and time (UTC) */
    formatDate(value) {
        return formatDateTime(deserializeDateTime(value));
    }

    async onClickToggle() {
        this.state.isOpen = !this.state.isOpen;
        if (!this.state.isOpen || this.state.loading) {
            return;
        }
        this.state.loading = true;
        const {result, error} = await sendForm(ROUTE, {});
        this.state.loading = false;
        this.state.error = error || "";
        this.state.sessions = result?.sessions || [];
    }

    /** @param {Object} session */
    onClickSession(session) {
        this.state.openId = this.state.openId === session.id ? null : session.id;
    }
}

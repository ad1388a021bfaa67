from odoo import http
from odoo.http import request

from odoo.addons.im_livechat.controllers.webclient import WebClient

from ..lib import web_input

PROACTIVE_ACTIONS = ("auto_popup", "display_button_and_text")


class LivechatIconicWebClient(WebClient):
    """The page load's live chat data (``init_livechat``), our one ``WebClient``.

    After Odoo's own answer, in this order: the visitor's sessions follow the page, a
    visitor whom the page's rule does not admit gets nothing more (no button), the message
    form when nobody can chat, proactive rules held back while nobody is shown online, the
    topics offered before the chat starts, and the e-mail field and "Your conversations".
    """

    # visitors' calls get the live chat routes' guard (models/ir_http.py): a short 4xx for
    # whatever they send, never a server error
    @http.route(livechat_iconic_check_body="public", livechat_iconic_throttle="page")
    def mail_action(self, fetch_params=None, context=None):
        return super().mail_action(self._livechat_fetch_params(fetch_params), context=context)

    @http.route(livechat_iconic_check_body="public", livechat_iconic_throttle="page")
    def mail_data(self, fetch_params=None, context=None):
        return super().mail_data(self._livechat_fetch_params(fetch_params), context=context)

    @staticmethod
    def _livechat_fetch_params(fetch_params):
        """Odoo's list of ``name`` or ``[name, params, data_id]``, or ValueError."""
        if not isinstance(fetch_params, list) or not all(
            isinstance(item, str)
            or (isinstance(item, list) and 1 <= len(item) <= 3 and isinstance(item[0], str))
            for item in fetch_params
        ):
            raise ValueError("fetch_params must be a list of names or [name, params]")
        return fetch_params

    @classmethod
    def _process_request_for_all(cls, store, name, params):
        if name != "init_livechat":
            super()._process_request_for_all(store, name, params)
            return
        try:
            channel_id = web_input.check_id("channel_id", params)
        except web_input.BadInput:
            return  # not a live chat channel's id: nothing to initialise (Odoo would fail)
        super()._process_request_for_all(store, name, channel_id)
        cls._livechat_follow_page(channel_id)
        if "livechat_available" not in store.data.get("Store", {}):
            return  # no such channel: Odoo said nothing, neither do we
        # sudo - im_livechat.channel: reading the queue's opening hours and settings. Odoo
        # just found and read this channel: no query (the hours are cached, see
        # _livechat_is_open), unless the form is offered (its topics).
        channel = request.env["im_livechat.channel"].sudo().browse(channel_id)
        if cls._livechat_refuse_visitor(store, channel):
            return
        cls._livechat_add_form(store, channel)
        cls._livechat_hold_proactive_rules(store, channel)
        cls._livechat_add_topics(store, channel)
        cls._livechat_add_visitor_identity(store, channel)

    @classmethod
    def _livechat_follow_page(cls, channel_id):
        """The widget initialises on every page the visitor opens: their sessions follow
        (the address without query string and fragment, which may hold tokens)."""
        page = web_input.safe_page_url(request.httprequest.headers.get("Referer"))
        if page and not request.env.cr.readonly:  # the widget fetches it read/write
            request.env["discuss.channel"]._livechat_follow_visitor(channel_id, page)

    @staticmethod
    def _livechat_page_rule(store):
        """The channel rule Odoo matched for this page and visitor (sudo), or none."""
        # sudo: im_livechat.channel.rule - the rule Odoo just matched and read
        return (
            request.env["im_livechat.channel.rule"]
            .sudo()
            .browse(store.data["Store"].get("livechat_rule") or ())
        )

    @classmethod
    def _livechat_refuse_visitor(cls, store, channel):
        """A rule for some visitors only (signed-in users, of some groups or tags) that
        does not admit this one: no chat button, no form, nothing proactive. Returns
        whether the visitor is refused."""
        if not channel.livechat_has_audience_rules:
            return False
        if not cls._livechat_page_rule(store)._livechat_refusal():
            return False
        store.add_global_values(
            livechat_available=False, livechat_rule=False, livechat_iconic_form=False
        )
        return True

    @classmethod
    def _livechat_add_form(cls, store, channel):
        """The message form when nobody can chat; and the chat button kept for a queue
        that keeps visitors or offers its form, whenever its rules do not hide it (Odoo
        shows it only when an operator or a bot is available). A queue whose agents are
        at work but none shown online (all invisible, on a break or offline) shows
        offline: its form, or no button, even if it keeps visitors waiting."""
        available = store.data["Store"]["livechat_available"]
        keeps = not available and channel._livechat_keeps_visitors()
        form = channel._livechat_form_info(available, keeps)
        store.add_global_values(livechat_iconic_form=form)
        if available or not (form or keeps):
            return  # Odoo found an operator or a bot (or no channel): nothing to add
        if cls._livechat_page_rule(store).action != "hide_button":
            store.add_global_values(livechat_available=True)

    @classmethod
    def _livechat_hold_proactive_rules(cls, store, channel):
        """Nobody shown online (e.g. every agent invisible): the widget does not open
        itself nor call out; the button stays as the queue's settings say."""
        rules = store.data.get("im_livechat.channel.rule") or {}
        proactive = [
            values
            for values in rules.values()
            if values.get("action") in PROACTIVE_ACTIONS and not values.get("chatbot_script_id")
        ]
        if not proactive or channel.available_operator_ids:
            return
        for values in proactive:
            store.add_model_values(
                "im_livechat.channel.rule", {"id": values["id"], "action": "display_button"}
            )

    @classmethod
    def _livechat_add_topics(cls, store, channel):
        """The topics the widget offers before the chat starts (cached: no query per page)."""
        if "livechat_available" not in store.data.get("Store", {}):
            return
        topics = request.env["livechat_iconic.topic"]._livechat_widget_topics(channel.id)
        store.add_global_values(
            livechat_iconic_topics=[{"id": topic_id, "name": name} for topic_id, name in topics]
        )

    @classmethod
    def _livechat_add_visitor_identity(cls, store, channel):
        """Whether the widget asks for an e-mail (``"before"`` or ``"during"`` the chat,
        or False), and whether the visitor is known (signed in, or an address proven
        with a code): they may see "Your conversations" (one query for a guest)."""
        if "livechat_available" not in store.data.get("Store", {}):
            return
        store.add_global_values(
            livechat_iconic_ask_email=channel.livechat_ask_email or False,
            livechat_iconic_known=request.env["discuss.channel"]._livechat_visitor_is_known(),
        )

    @classmethod
    def _process_request_for_internal_user(cls, store, name, params):
        if name != "mail.canned.response":
            return super()._process_request_for_internal_user(store, name, params)
        # the composer's "::" picker: approved responses and my own proposals only (Odoo's
        # own fetch would also list the proposals a live chat manager may read to review)
        CannedResponse = request.env["mail.canned.response"]
        store.add(CannedResponse.search(CannedResponse._livechat_picker_domain()))
        return None

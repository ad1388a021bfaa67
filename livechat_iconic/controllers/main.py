from urllib.parse import urlsplit

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.im_livechat.controllers.main import LivechatController
from odoo.addons.mail.tools.discuss import add_guest_to_context

from ..lib import contact


class LivechatIconicController(http.Controller):
    @http.route(
        ["/livechat/waiting", "/livechat/waiting/<int:session_id>"], type="http", auth="user"
    )
    def customers_waiting(self, session_id=None, **kwargs):
        """Stable address of the Customers Waiting board, for other systems (Slack, e-mail)
        to link to; ``session_id`` highlights one session."""
        url = "/odoo/livechat-waiting"
        if session_id:
            url += f"?highlight={int(session_id)}"
        return request.redirect(url)

    @http.route("/livechat_iconic/visitor_contact", type="jsonrpc", auth="public")
    @add_guest_to_context
    def visitor_contact(self, channel_id, email=None, phone=None, name=None):
        """The visitor gives an e-mail, a phone or a name during the chat.

        Returns ``{"ok": True}`` or ``{"error": "<what is wrong>"}``; nothing is stored
        when any value is invalid.
        """
        channel = request.env["discuss.channel"].search(
            [("id", "=", int(channel_id)), ("channel_type", "=", "livechat")]
        )
        # only a member of the session (the visitor) finds it through the ACL above
        if not channel or not channel.self_member_id:
            raise NotFound()
        try:
            values = contact.clean_contact(
                email=email, phone=phone, name=name, region=request.geoip.country_code
            )
        except contact.InvalidContact as error:
            return {"error": str(error)}
        channel._livechat_set_visitor_contact(**values)
        return {"ok": True}


class LivechatIconicSessionController(LivechatController):
    def _process_extra_channel_params(self, **kwargs):
        non_persisted, persisted = super()._process_extra_channel_params(**kwargs)
        # the page that brought the visitor to the website (document.referrer, sent by
        # the widget); only http(s) addresses are kept
        referrer = kwargs.get("livechat_referrer")
        if isinstance(referrer, str) and urlsplit(referrer).scheme in ("http", "https"):
            persisted = {**persisted, "livechat_referrer": referrer[:2048]}
        return non_persisted, persisted

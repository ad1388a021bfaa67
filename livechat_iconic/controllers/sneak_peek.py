from odoo import http
from odoo.http import request

from odoo.addons.mail.tools.discuss import add_guest_to_context

from ..lib import sneak_peek
from ..tools.json_rpc import refuse
from .main import checked_session_id, visitor_session


class LivechatIconicSneakPeekController(http.Controller):
    @http.route(
        "/livechat_iconic/sneak_peek",
        type="jsonrpc",
        auth="public",
        methods=["POST"],
        max_content_length=4096,  # a 500-character text, JSON-escaped, and the call
        livechat_iconic_check_body=True,
        livechat_iconic_throttle="peek",
    )
    @add_guest_to_context
    def sneak_peek(self, channel_id=None, text=None):
        """What the visitor is typing (masked by the widget), for the session's agents.

        Returns ``{"ok": bool}``: False, silently, when the queue's sneak peek is off or the
        chat ended. A text that is not text or longer than ``sneak_peek.MAX_LENGTH`` is
        answered with 400, a session the caller is not the visitor of with 404. The text
        is never stored nor logged, nor repeated in an error.
        """
        channel_id = checked_session_id(channel_id)
        if not isinstance(text, str):
            refuse(request.env._("The text must be text."), field="text")
        if len(text) > sneak_peek.MAX_LENGTH:
            refuse(
                request.env._(
                    "The text is too long (at most %s characters).", sneak_peek.MAX_LENGTH
                ),
                field="text",
            )
        channel = visitor_session(channel_id)
        if channel.self_member_id.livechat_member_type != "visitor":
            refuse(
                request.env._("This chat session does not exist."), status=404, field="channel_id"
            )
        return {"ok": channel._livechat_send_sneak_peek(text)}

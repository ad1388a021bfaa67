from odoo import http
from odoo.http import request

from odoo.addons.im_livechat.controllers.thread import ThreadController

from ..lib import web_input
from ..models.discuss_channel import REFUSE_IF_ENDED_KEY, SessionEnded
from ..tools.json_rpc import refuse


class LivechatIconicThreadController(ThreadController):
    """Odoo's message post, where a visitor never writes into a chat that ended."""

    @http.route()
    def mail_message_post(self, thread_model, thread_id, post_data, context=None, **kwargs):
        """A visitor's message into an ended session is refused with 409 and a message
        the widget shows (nothing is posted, nobody is notified); Odoo only refuses
        attachments there. A session id that is not one is answered with 400 (Odoo's route
        fails on it with a server error). Everything else is Odoo's: its access check comes first, so
        only the session's own visitor learns that it ended (``message_post`` reads it
        with the row lock it takes anyway, discuss_channel.py)."""
        if isinstance(context, dict):
            # the request's context is Odoo's to set from the client's: never ours
            context = {key: value for key, value in context.items() if key != REFUSE_IF_ENDED_KEY}
        if thread_model == "discuss.channel":
            try:
                session_id = web_input.check_id("thread_id", thread_id)
            except web_input.BadInput:
                # Odoo's route would fail on it with a server error
                refuse(
                    request.env._("The chat session is missing or is not a number."),
                    field="thread_id",
                )
            if not request.env.user._is_internal():
                request.update_context(**{REFUSE_IF_ENDED_KEY: session_id})
        try:
            return super().mail_message_post(thread_model, thread_id, post_data, context, **kwargs)
        except SessionEnded as ended:
            refuse(str(ended), status=409, field="thread_id")

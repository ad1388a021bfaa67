from odoo import http
from odoo.http import request

from odoo.addons.im_livechat.controllers.thread import ThreadController
from odoo.addons.mail.tools.discuss import add_guest_to_context

from ..tools.json_rpc import refuse


class LivechatIconicThreadController(ThreadController):
    """Odoo's message post, where a visitor never writes into a chat that ended."""

    @http.route()
    @add_guest_to_context
    def mail_message_post(self, thread_model, thread_id, post_data, context=None, **kwargs):
        """A visitor's message into an ended session is refused with 409 and a message
        the widget shows (nothing is posted, nobody is notified); Odoo only refuses
        attachments there. Everything else is Odoo's."""
        if thread_model == "discuss.channel":
            reason = request.env["discuss.channel"]._livechat_visitor_may_not_post(thread_id)
            if reason:
                refuse(reason, status=409, field="thread_id")
        return super().mail_message_post(thread_model, thread_id, post_data, context, **kwargs)

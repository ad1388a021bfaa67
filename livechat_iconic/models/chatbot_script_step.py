import logging

from odoo import models
from odoo.tools import html2plaintext

from ..lib import contact

_logger = logging.getLogger(__name__)


class ChatbotScriptStep(models.Model):
    _inherit = "chatbot.script.step"

    def _process_step(self, discuss_channel):
        """A "forward to an operator" step that found nobody queues the visitor, once the
        step is over. A bridge's ``…_and_forward`` step (crm_livechat's
        ``create_lead_and_forward``) is left as Odoo runs it: its lead already carries the
        visitor's details to the sales team, and the bot goes on with its script."""
        message = super()._process_step(discuss_channel)
        if self.step_type == "forward_operator":
            discuss_channel._livechat_queue_if_nobody_took(self)
        return message

    def _process_answer(self, discuss_channel, message_body):
        """An e-mail or phone the visitor gives the bot is the visitor's contact detail:
        an e-mail matching a contact links the chat to that contact."""
        next_step = super()._process_answer(discuss_channel, message_body)
        field = {"question_email": "email", "question_phone": "phone"}.get(self.step_type)
        if field:
            answer = html2plaintext(message_body).strip()
            try:
                values = contact.clean_contact(
                    **{field: answer}, region=discuss_channel.country_id.code or None
                )
            except contact.InvalidContact as error:
                # Odoo's bot accepts any phone text; the chat goes on, the detail is not kept
                _logger.info("Live chat %s: contact detail not kept: %s", discuss_channel.id, error)
            else:
                discuss_channel._livechat_set_visitor_contact(**values)
        return next_step

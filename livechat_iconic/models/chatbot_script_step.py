import logging

from odoo import models
from odoo.tools import html2plaintext

from ..lib import contact

_logger = logging.getLogger(__name__)


class ChatbotScriptStep(models.Model):
    _inherit = "chatbot.script.step"

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

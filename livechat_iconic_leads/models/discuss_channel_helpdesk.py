from odoo import models

from odoo.addons.livechat_iconic.models.helpdesk_ticket import TICKET_TYPE_LEAD, TICKET_TYPE_REQUEST


class DiscussChannel(models.Model):
    """Help-desk counts agree with CRM: a chat's help-desk request (livechat_iconic's
    ticket of type Request) becomes of type Lead once a lead is made from the chat,
    whichever comes first, the ticket or the lead."""

    _inherit = "discuss.channel"

    def _livechat_create_ticket(self, title, type_xmlid, email=None, **extra):
        # sudo: the ticket's type depends on the chat's leads, whoever ends the chat
        if type_xmlid == TICKET_TYPE_REQUEST and self.sudo().lead_ids:
            type_xmlid = TICKET_TYPE_LEAD
        return super()._livechat_create_ticket(title, type_xmlid, email=email, **extra)

    def _livechat_request_becomes_lead(self):
        """The chat's help-desk request, if any, becomes of type Lead (called last by
        ``_convert_visitor_to_lead``, discuss_channel.py)."""
        # sudo: the agent who makes the lead may not be a help-desk user
        self.sudo().livechat_ticket_id._livechat_request_type_to_lead()

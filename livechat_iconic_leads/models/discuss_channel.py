from odoo import models


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    def _convert_visitor_to_lead(self, partner, key):
        """Odoo's /lead command, with what the chat knows about the visitor."""
        lead = super()._convert_visitor_to_lead(partner, key)
        # sudo: the visitor context is read by the agent who creates the lead
        channel = self.sudo()
        vals = {}
        if not lead.partner_id and channel.livechat_partner_id:
            vals["partner_id"] = channel.livechat_partner_id.id
        if not lead.partner_id and not vals.get("partner_id"):
            vals.update(
                contact_name=channel.livechat_guest_name or False,
                email_from=channel.livechat_visitor_email or False,
                phone=channel.livechat_visitor_phone or False,
            )
        if channel.country_id and not lead.country_id:
            vals["country_id"] = channel.country_id.id
        if vals:
            lead.write(vals)
        return lead

from odoo import models


class DiscussChannel(models.Model):
    """The money waiting: the hook through which an addon that knows the company's sales
    (livechat_iconic_leads) tells what is at stake with the contact a session belongs to.
    Nothing here depends on CRM."""

    _inherit = "discuss.channel"

    def _livechat_stakes(self):
        """What is at stake in sales with these sessions' contacts (``livechat_partner_id``:
        the signed-in customer, the contact whose address the visitor proved with a code,
        or the one an agent confirmed; never a contact the visitor only claims to be), as
        ``{session id: {"count": open opportunities, "value": their expected revenue (the
        company's currency), "value_label": that value formatted, "quality": the
        lead-quality verdict's label}}``, for the sessions with something at stake only.
        Empty here: livechat_iconic_leads, which knows CRM, fills it. The queues that
        order their visitors by value (``im_livechat.channel._livechat_serve_order``) and
        the Slack notice read it."""
        return {}

from odoo import fields, models


class ImLivechatChannel(models.Model):
    _inherit = "im_livechat.channel"

    lead_team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        help="Leads from this queue's chats go to this sales team when the region table "
        "has no region for the visitor's country (and no default region).",
    )

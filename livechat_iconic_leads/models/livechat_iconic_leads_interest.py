from odoo import fields, models


class LivechatLeadInterest(models.Model):
    """What a chat visitor is interested in (hardware, tracking, prices...): tags a sales
    manager edits in CRM configuration."""

    _name = "livechat_iconic_leads.interest"
    _description = "Lead Interest"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _name_uniq = models.Constraint("UNIQUE(name)", "This interest already exists.")

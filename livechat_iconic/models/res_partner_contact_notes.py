from odoo import fields, models

from ..lib.groups import LIVECHAT_USER_GROUP


class ResPartner(models.Model):
    _inherit = "res.partner"

    livechat_contact_note_ids = fields.One2many(
        "livechat_iconic.contact.note",
        "partner_id",
        string="Live Chat Notes",
        groups=LIVECHAT_USER_GROUP,
    )
    livechat_contact_note_count = fields.Integer(
        compute="_compute_livechat_contact_note_count",
        groups=LIVECHAT_USER_GROUP,
    )

    def _compute_livechat_contact_note_count(self):
        counts = dict(
            self.env["livechat_iconic.contact.note"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.livechat_contact_note_count = counts.get(partner, 0)

    def action_livechat_contact_notes(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Live Chat Notes"),
            "res_model": "livechat_iconic.contact.note",
            "view_mode": "list,form",
            "domain": [("partner_id", "=", self.id)],
            "context": {"default_partner_id": self.id},
        }

from odoo import api, fields, models

from .discuss_channel_privacy import RETENTION_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # not a ``config_parameter`` field: Odoo would store 0 as "no parameter", which reads
    # back as the default (a year), where 0 means "for ever"
    livechat_privacy_retention_days = fields.Integer(
        "Keep Visitor Context (days)",
        help="After this many days, the IP address, city, region, browser string (user "
        "agent) and page addresses of a live chat session and of its ticket are erased, "
        "every night. 0 keeps them for ever. The chats themselves, their country and "
        "their times stay for the reports.",
    )

    @api.model
    def get_values(self):
        values = super().get_values()
        values["livechat_privacy_retention_days"] = self.env[
            "discuss.channel"
        ]._livechat_retention_days()
        return values

    def set_values(self):
        result = super().set_values()
        # sudo: a setting, written by whoever may change the settings
        self.env["ir.config_parameter"].sudo().set_param(
            RETENTION_PARAM, str(max(self.livechat_privacy_retention_days, 0))
        )
        return result

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    livechat_target_missed_chats = fields.Integer(
        "Missed Chats Target (a month)",
        config_parameter="livechat_iconic.target_missed_chats",
        default=0,
        help="The most missed chats a month the supervisors accept (Reporting ▸ Targets).",
    )
    livechat_target_first_response_seconds = fields.Integer(
        "First Response Target (s)",
        config_parameter="livechat_iconic.target_first_response_seconds",
        default=120,
        help="The longest average first response this month that meets the target, in "
        "seconds (Reporting ▸ Targets).",
    )

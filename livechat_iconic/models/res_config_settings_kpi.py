from odoo import fields, models

from ..report.im_livechat_report_channel_kpi_targets import (
    TARGET_FIRST_RESPONSE_KEY,
    TARGET_MISSED_KEY,
)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    livechat_target_missed_chats = fields.Integer(
        "Missed Chats Target (a month)",
        config_parameter=TARGET_MISSED_KEY,
        default=0,
        help="The most missed chats a month the supervisors accept (Reporting ▸ Targets).",
    )
    livechat_target_first_response_seconds = fields.Integer(
        "First Response Target (s)",
        config_parameter=TARGET_FIRST_RESPONSE_KEY,
        default=120,
        help="The longest average first response this month that meets the target, in "
        "seconds (Reporting ▸ Targets).",
    )

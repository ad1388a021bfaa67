from odoo import fields, models

from ..lib import alert_digest
from .livechat_iconic_session_followup import MAIL_INTERVAL_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    livechat_alert_mail_interval_minutes = fields.Integer(
        "Alert E-mails at Most Every (minutes)",
        config_parameter=MAIL_INTERVAL_PARAM,
        default=alert_digest.DEFAULT_MAIL_INTERVAL_MINUTES,
        help='An agent gets at most one "visitors are waiting" e-mail in this time, '
        "however many visitors wait; the next one lists those still waiting. A known "
        "customer's visit is e-mailed on its own at once.",
    )

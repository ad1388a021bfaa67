from odoo import fields, models

from .im_livechat_channel_routing import GLOBAL_CAP_PARAM
from .mail_presence_routing import AWAY_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    livechat_max_parallel_chats = fields.Integer(
        "Parallel Chats per Agent",
        config_parameter=GLOBAL_CAP_PARAM,
        help="The most live chats an agent may have at once across all queues (0: no "
        "cap). Each queue's Maximum Sessions still applies within the queue.",
    )
    livechat_away_after_minutes = fields.Integer(
        "Away After (minutes)",
        config_parameter=AWAY_PARAM,
        default=15,
        help="Idle time after which a signed-in user is shown Away (still serves chats).",
    )

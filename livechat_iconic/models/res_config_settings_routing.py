from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    livechat_max_parallel_chats = fields.Integer(
        "Parallel Chats per Agent",
        config_parameter="livechat_iconic.max_parallel_chats",
        help="The most live chats an agent may have at once across all queues (0: no "
        "cap). Each queue's Maximum Sessions still applies within the queue.",
    )
    livechat_away_after_minutes = fields.Integer(
        "Away After (minutes)",
        config_parameter="livechat_iconic.away_after_minutes",
        default=15,
        help="Idle time after which a signed-in user is shown Away (still serves chats).",
    )

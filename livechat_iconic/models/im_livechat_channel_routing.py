from odoo import fields, models

from ..lib import sla


class ImLivechatChannel(models.Model):
    _inherit = "im_livechat.channel"

    livechat_first_response_target = fields.Integer(
        "First Response Target",
        default=sla.DEFAULT_FIRST_RESPONSE_TARGET,
        help="Seconds within which a waiting visitor should get an agent's first answer. "
        "Waiting sessions are served and shown by predicted breach (this target minus "
        "the time waited).",
    )
    livechat_priority = fields.Integer(
        "Queue Priority",
        default=0,
        help="Higher is served first: breaks ties between waiting sessions of different "
        "queues that would breach their targets at the same moment.",
    )

    _livechat_first_response_target_positive = models.Constraint(
        "CHECK(livechat_first_response_target >= 0)",
        "The first response target cannot be negative.",
    )

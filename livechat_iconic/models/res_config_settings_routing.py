from odoo import fields, models

from ..lib import routing
from .im_livechat_channel_routing import GLOBAL_CAP_PARAM
from .mail_presence_routing import AWAY_PARAM
from .res_users_routing import MISSED_POLICY_PARAM


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
    livechat_agent_missed_policy = fields.Selection(
        [
            (routing.MISSED_BREAK, "Put the agent on Break"),
            (routing.MISSED_KEEP, "Keep the agent's status"),
        ],
        "When an Agent Misses a Chat",
        config_parameter=MISSED_POLICY_PARAM,
        default=routing.MISSED_BREAK,
        help="An agent who lets a chat pass unanswered (the queue's answer time ran out) is "
        "not at the desk: on Break, they keep their chats and get no new one until they "
        "choose Online again, and the next chats go to the agents who are there.",
    )

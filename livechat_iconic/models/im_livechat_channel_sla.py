from odoo import fields, models

DEFAULT_ESCALATE_BEFORE = 30  # seconds before the breach the supervisors are told


class ImLivechatChannel(models.Model):
    _inherit = "im_livechat.channel"

    livechat_escalate_before = fields.Integer(
        "Escalate Before Breach",
        default=DEFAULT_ESCALATE_BEFORE,
        help="Seconds before a waiting visitor's first-response target is breached at "
        "which the queue's supervisors are told, once, if no agent has answered yet.",
    )

    _livechat_escalate_before_positive = models.Constraint(
        "CHECK(livechat_escalate_before >= 0)",
        "The escalation lead time cannot be negative.",
    )

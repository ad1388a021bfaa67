from odoo import fields, models


class LivechatMissedAssignment(models.Model):
    """An agent was given a chat and did not answer it within the queue's limit: the chat
    went to the next agent, or back to the queue. One row per miss, for the board (who
    missed a chat) and the reports (misses per agent, queue, day)."""

    _name = "livechat_iconic.missed.assignment"
    _description = "Live Chat Assignment Not Answered"
    _order = "missed_dt desc, id desc"
    _rec_name = "user_id"

    channel_id = fields.Many2one(
        "discuss.channel",
        "Chat",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    livechat_channel_id = fields.Many2one(
        "im_livechat.channel",
        "Queue",
        related="channel_id.livechat_channel_id",
        store=True,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users", "Agent", required=True, index=True, ondelete="cascade", readonly=True
    )
    assigned_dt = fields.Datetime("Given On", required=True, readonly=True)
    missed_dt = fields.Datetime("Not Answered By", required=True, readonly=True)
    wait_seconds = fields.Integer(
        "Waited (s)",
        readonly=True,
        aggregator="avg",
        help="How long the chat waited for this agent's answer.",
    )
    result = fields.Selection(
        [("reassigned", "Given to Another Agent"), ("queued", "Back in Queue")],
        readonly=True,
    )
    next_user_id = fields.Many2one("res.users", "Given To", readonly=True, ondelete="set null")

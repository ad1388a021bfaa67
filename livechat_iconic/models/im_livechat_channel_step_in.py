from datetime import timedelta

from odoo import fields, models

from ..lib.groups import LIVECHAT_MANAGER_GROUP


class ImLivechatChannel(models.Model):
    """Queue options: when a visitor waits for a reply, colleagues may step in; whether
    only supervisors transfer and reassign chats (discuss_channel_step_in.py)."""

    _inherit = "im_livechat.channel"

    livechat_reply_wait_seconds = fields.Integer(
        "Waiting for a Reply After (seconds)",
        default=0,
        help="A chat whose visitor has waited this long for the agent's reply goes back to "
        "Waiting, shown on the Customers Waiting board as waiting for a reply: a colleague "
        "can step in from there (the agent is told); the agent keeps the chat. 0: off.",
    )
    livechat_reassign_supervisors_only = fields.Boolean(
        "Only Supervisors Transfer and Reassign",
        help="Only live chat supervisors may transfer this queue's chats, add a colleague "
        "to them, or take a chat another agent looks after. Agents can still step in to "
        "help with a chat whose visitor waits for a reply.",
    )

    _livechat_reply_wait_positive = models.Constraint(
        "CHECK(livechat_reply_wait_seconds >= 0)",
        "The wait for a reply cannot be negative.",
    )

    def _livechat_reply_limit(self):
        """How long a visitor waits for a reply before colleagues may step in, as a
        timedelta (zero: off)."""
        # the timers' cached settings (im_livechat_channel_inactivity.py)
        return timedelta(
            seconds=self._livechat_timer_settings()["livechat_reply_wait_seconds"] or 0
        )

    def _livechat_may_reassign(self, user):
        """Whether ``user`` may transfer or reassign this queue's chats: anyone when the
        queue lets agents do it, else only live chat supervisors."""
        self.ensure_one()
        # sudo: the queue's option, read for an agent who acts on one of its chats
        return not self.sudo().livechat_reassign_supervisors_only or user.has_group(
            LIVECHAT_MANAGER_GROUP
        )

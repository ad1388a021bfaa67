from datetime import datetime, time, timedelta

import pytz

from odoo import fields, models
from odoo.exceptions import UserError

DELAYS = {"15m": timedelta(minutes=15), "1h": timedelta(hours=1)}
TOMORROW_AT = time(9, 0)


class LivechatSnooze(models.TransientModel):
    """The agent's snooze dialog: when the chat should come back."""

    _name = "livechat_iconic.snooze"
    _description = "Snooze a Live Chat"

    session_id = fields.Many2one("discuss.channel", "Chat", required=True, ondelete="cascade")
    mode = fields.Selection(
        [
            ("reply", "Until the visitor replies"),
            ("15m", "15 minutes"),
            ("1h", "1 hour"),
            ("tomorrow", "Tomorrow at 9:00"),
            ("custom", "Until a time I choose"),
        ],
        "Snooze",
        default="reply",
        required=True,
        help="The chat leaves your list and comes back with a notice at that time, or as "
        "soon as the visitor replies, whichever comes first.",
    )
    until = fields.Datetime()

    def _until(self):
        """The moment chosen, in UTC (None: until the visitor replies)."""
        self.ensure_one()
        now = fields.Datetime.now()
        if self.mode == "reply":
            return None
        if self.mode in DELAYS:
            return now + DELAYS[self.mode]
        if self.mode == "tomorrow":
            tz = pytz.timezone(self.env.user.tz or "UTC")
            tomorrow = pytz.utc.localize(now).astimezone(tz).date() + timedelta(days=1)
            local = tz.localize(datetime.combine(tomorrow, TOMORROW_AT))
            return local.astimezone(pytz.utc).replace(tzinfo=None)
        if not self.until:
            raise UserError(self.env._("Choose when the chat should come back."))
        return self.until

    def action_confirm(self):
        self.ensure_one()
        self.session_id.action_livechat_snooze(until=self._until())
        return {"type": "ir.actions.act_window_close"}

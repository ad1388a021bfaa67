import pytz

from odoo import fields, models

from ..lib import miss_cause


class ImLivechatChannel(models.Model):
    """A queue's limits for the miss causes: the alert escalation's limit and the grace
    time of a visitor who leaves at once (``discuss_channel_miss.py``)."""

    _inherit = "im_livechat.channel"

    livechat_alert_ack_limit = fields.Integer(
        "Alert Seen Within (s)",
        default=0,
        help="Seconds within which an agent's browser must show the waiting-visitor alert. "
        "Past them the alert escalates, one step per this many seconds: the supervisors' "
        "desktop notice, a Slack direct message, an e-mail. 0: no escalation.",
    )
    livechat_miss_grace_seconds = fields.Integer(
        "Visitor Left Within (s)",
        default=miss_cause.DEFAULT_GRACE_SECONDS,
        help="A visitor who leaves unanswered within this many seconds of asking is a miss "
        "nobody could prevent (cause: Visitor left at once).",
    )

    _livechat_alert_ack_limit_positive = models.Constraint(
        "CHECK(livechat_alert_ack_limit >= 0)", "The alert limit cannot be negative."
    )
    _livechat_miss_grace_positive = models.Constraint(
        "CHECK(livechat_miss_grace_seconds >= 0)", "The grace time cannot be negative."
    )

    def _livechat_local_hour(self, when):
        """The hour of ``when`` (naive UTC) in this queue's opening hours' time zone."""
        self.ensure_one()
        tz = self.livechat_resource_calendar_id.tz or "UTC"
        try:
            zone = pytz.timezone(tz)
        except pytz.UnknownTimeZoneError:
            zone = pytz.utc
        return pytz.utc.localize(when).astimezone(zone).hour

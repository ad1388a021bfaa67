from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.tools import frozendict

# The queue's settings that the session timers read at every agent's message
# (discuss_channel_inactivity.py, discuss_channel_sla.py), kept in Odoo's cache on every
# process and cleared when one changes: reading the queue's row for them (50 columns,
# translated texts among them) was a quarter of our own work at an agent's message.
TIMER_SETTINGS = (
    "livechat_reminder_minutes",
    "livechat_inactive_close_minutes",
    "livechat_silent_close_minutes",
    "livechat_agent_answer_seconds",
    "livechat_reply_wait_seconds",
    "livechat_routing_mode",
    "livechat_escalate_before",
)


class ImLivechatChannel(models.Model):
    _inherit = "im_livechat.channel"

    # -- the visitor does not answer ---------------------------------------------------------
    livechat_reminder_minutes = fields.Integer(
        "No Response Timeout (minutes)",
        default=3,
        help="Minutes after the agent's last message: a visitor who has not answered it for "
        "this long gets a courtesy reminder (proposed to the agent, or sent, see Reminder), "
        "and the chat closes after the reminder (see Close After Reminder). 0: no reminder.",
    )
    livechat_reminder_mode = fields.Selection(
        [("propose", "Proposed to the Agent"), ("send", "Sent Automatically")],
        "Reminder",
        default="propose",
        required=True,
        help="Proposed: the agent gets a notice with a button that sends the reminder in "
        "one click. Sent automatically: the reminder is posted in the agent's name.",
    )
    livechat_reminder_text = fields.Text(
        "Reminder Text",
        translate=True,
        default=lambda self: self._livechat_reminder_default(),
        help="The courtesy reminder, in the visitor's language when translated.",
    )
    livechat_inactive_close_minutes = fields.Integer(
        "Close After Reminder (minutes)",
        default=2,
        help="After the reminder (proposed or sent), a visitor who still has not answered "
        "for this long: the chat is closed with the outcome Visitor Inactive. 0: the chat "
        "stays open.",
    )
    livechat_silent_close_minutes = fields.Integer(
        "Close Silent Chats After (minutes)",
        default=0,
        help="Minutes the visitor stays silent after the agent's last message: the chat is "
        "then closed with the outcome Visitor Inactive, without a reminder (a separate "
        "setting from the No Response Timeout; when both are set, what comes first is "
        "done). 0: never.",
    )
    # -- the agent does not answer -----------------------------------------------------------
    livechat_agent_answer_seconds = fields.Integer(
        "Agent Must Answer Within (seconds)",
        default=60,
        help="Assigned routing: a chat its agent has not answered this long after getting it "
        "goes to the next agent (the first is recorded as not having answered it), or back "
        "to the queue when nobody else can take it (the supervisors are told). Broadcast "
        "routing: a chat nobody took this long is told to the queue's supervisors, once. "
        "0: never.",
    )

    _livechat_inactivity_positive = models.Constraint(
        "CHECK(livechat_reminder_minutes >= 0 AND livechat_inactive_close_minutes >= 0 "
        "AND livechat_silent_close_minutes >= 0 AND livechat_agent_answer_seconds >= 0)",
        "Inactivity delays cannot be negative.",
    )

    @tools.ormcache("self.id")
    def _livechat_timer_settings(self):
        """The queue's ``TIMER_SETTINGS`` by name, from Odoo's cache (see there)."""
        self.ensure_one()
        # sudo: settings the timers read, whoever acts
        queue = self.sudo()
        queue.fetch(TIMER_SETTINGS)
        return frozendict({name: queue[name] for name in TIMER_SETTINGS})

    def _livechat_reminder_delays(self):
        """``(remind after, close after)`` as timedeltas (zero: off)."""
        settings = self._livechat_timer_settings()
        return (
            timedelta(minutes=settings["livechat_reminder_minutes"] or 0),
            timedelta(minutes=settings["livechat_inactive_close_minutes"] or 0),
        )

    def _livechat_silent_close_delay(self):
        """The silence before a chat is closed without a reminder, as a timedelta (zero:
        off)."""
        return timedelta(
            minutes=self._livechat_timer_settings()["livechat_silent_close_minutes"] or 0
        )

    def _livechat_answer_limit(self):
        return timedelta(
            seconds=self._livechat_timer_settings()["livechat_agent_answer_seconds"] or 0
        )

    def _livechat_reminder_body(self, lang=None):
        """The reminder text in ``lang`` (the visitor's), or a default when left empty."""
        self.ensure_one()
        queue = self.with_context(lang=lang) if lang else self
        return queue.livechat_reminder_text or queue._livechat_reminder_default()

    def _livechat_inactivity_on_write(self, vals):
        """Called by ``write`` (im_livechat_channel.py) after it wrote ``vals``."""
        if set(TIMER_SETTINGS) & set(vals):
            self.env.registry.clear_cache()  # _livechat_timer_settings, on every Odoo process
        if (set(TIMER_SETTINGS) - {"livechat_escalate_before"}) & set(vals):
            # the due moments of the queue's live chats moved: recompute them now
            self.env["discuss.channel"]._livechat_wake_timers([fields.Datetime.now()])

    @api.model
    def _livechat_reminder_default(self):
        """The reminder text of a new queue (and of one left empty), translated."""
        return self.env._(
            "Are you still there? If we do not hear from you in the next few minutes, "
            "we will close this chat. You can start a new one at any time."
        )

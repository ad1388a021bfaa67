import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from ..lib.groups import LIVECHAT_USER_GROUP
from ..tools.prefetch import DETAIL_PREFETCH
from .discuss_channel_inactivity import VISITOR_CLOCK
from .im_livechat_channel_supervisors import ALERT_NOTIFICATION

_logger = logging.getLogger(__name__)

CRON_XMLID = "livechat_iconic.ir_cron_livechat_snooze"
#: the furthest an agent may snooze a chat
MAX_SNOOZE = timedelta(days=30)
SNOOZE_FIELDS = {
    "livechat_snoozed": False,
    "livechat_snooze_dt": False,
    "livechat_snoozed_by_id": False,
}


class DiscussChannel(models.Model):
    """Snooze: the agent sets a chat aside until a time or until the visitor replies.

    Built on Odoo's own pinning: the agent's member is unpinned (the chat leaves their
    Discuss list and chat windows) and pinned again when the snooze ends, with a notice.
    A visitor's reply always ends it (also a timed one), the agent's own message too
    (silently: they are back on it); other messages (notices, a colleague) keep it set
    aside. While snoozed, the visitor's inactivity clock is stopped (no reminder, no
    closing for silence); a snooze that ends on time starts it again.
    """

    _inherit = "discuss.channel"

    livechat_snoozed = fields.Boolean(
        "Snoozed", readonly=True, copy=False, groups=LIVECHAT_USER_GROUP
    )
    livechat_snooze_dt = fields.Datetime(
        "Snoozed Until",
        readonly=True,
        copy=False,
        help="When the snoozed chat comes back (empty: when the visitor replies).",
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    # the snooze cron's filter: the chats set aside until a time
    _livechat_snooze_idx = models.Index(
        "(livechat_snooze_dt) WHERE livechat_snoozed IS TRUE AND livechat_snooze_dt IS NOT NULL"
    )
    livechat_snoozed_by_id = fields.Many2one(
        "res.users",
        "Snoozed By",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )

    # -- the agent's actions ------------------------------------------------------------------
    def action_livechat_snooze_dialog(self):
        """The snooze dialog (the chat window's Snooze, the board's card)."""
        self.ensure_one()
        self._livechat_check_snoozable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Snooze the chat"),
            "res_model": "livechat_iconic.snooze",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_session_id": self.id},
        }

    def action_livechat_snooze(self, until=None):
        """Set the chat aside for the current agent until ``until`` (a UTC datetime or its
        string), or until the visitor replies when ``until`` is None."""
        self.ensure_one()
        self._livechat_check_snoozable()
        now = fields.Datetime.now()
        if until is not None:
            try:
                until = fields.Datetime.to_datetime(until)
            except (TypeError, ValueError):
                until = None
            if not until:
                raise UserError(self.env._("Choose when the chat should come back."))
            if until <= now:
                raise UserError(self.env._("A snoozed chat comes back later, not in the past."))
            if until > now + MAX_SNOOZE:
                raise UserError(self.env._("A chat can be snoozed for 30 days at most."))
        # sudo: the session's system fields (the agent's rights were checked above)
        self.sudo().write(
            {
                **VISITOR_CLOCK,
                "livechat_snoozed": True,
                "livechat_snooze_dt": until or False,
                "livechat_snoozed_by_id": self.env.user.id,
            }
        )
        self.channel_pin(pinned=False)  # Odoo's unpin: out of the list, the window closed
        self._livechat_keep_aside()
        if until:
            self._livechat_snooze_cron()._trigger(until)
        self._livechat_notify_board(["livechat_snoozed", "livechat_snooze_dt"])
        return True

    def action_livechat_unsnooze(self):
        """The agent brings the chat back before its time."""
        self.ensure_one()
        self._livechat_check_agent()
        if self.livechat_snoozed:
            self._livechat_wake(notify=False)
        return True

    def _livechat_check_snoozable(self):
        self._livechat_check_agent()
        if self.livechat_state != "chatting":
            raise UserError(self.env._("Only a chat in progress (Chatting) can be snoozed."))
        if not self.self_member_id or self.self_member_id.livechat_member_type != "agent":
            raise UserError(self.env._("Only an agent of this chat can snooze it."))

    # -- coming back ----------------------------------------------------------------------
    def _livechat_wake(self, notify=True, reason=None):
        """End the snooze: the agent who snoozed gets the chat back in their list, with a
        notice when ``notify``; on time, the visitor's silence counts from now."""
        self.ensure_one()
        agent = self.livechat_snoozed_by_id
        on_time = reason == "time"
        # sudo: the session's system fields
        self.sudo().write(
            {
                **SNOOZE_FIELDS,
                **({"livechat_visitor_silent_dt": fields.Datetime.now()} if on_time else {}),
            }
        )
        if on_time:
            self._livechat_schedule_timers()
        if agent:
            # as the agent: Odoo pins their own member and sends them the chat again
            self.with_user(agent).channel_pin(pinned=True)
            if notify:
                body = (
                    self.env._("The visitor replied.")
                    if reason == "reply"
                    else self.env._("The snooze time is over.")
                )
                payload = self.env["im_livechat.channel"]._livechat_alert_payload(
                    self,
                    self.env._("A snoozed chat is back: %s", self.livechat_visitor_name or ""),
                    body,
                )
                agent.partner_id._bus_send(ALERT_NOTIFICATION, payload)
        self._livechat_notify_board(["livechat_snoozed", "livechat_snooze_dt"])

    def _livechat_snooze_on_message(self, message):
        """Called by ``_livechat_on_message`` (discuss_channel.py), last."""
        if self.livechat_snoozed:
            author_type = self._livechat_author_type(message)
            if author_type == "visitor":
                self._livechat_wake(reason="reply")
            elif author_type == "agent" and message.author_id == (
                self.livechat_snoozed_by_id.partner_id
            ):
                self._livechat_wake(notify=False)

    def _livechat_snooze_after_post(self):
        """Called by ``_message_post_after_hook`` (discuss_channel.py), after the message's
        own effects (``_livechat_on_message``)."""
        # sudo: whether an agent set the chat aside (their field), whoever posts
        if self.channel_type == "livechat" and self.sudo().livechat_snoozed:
            # Odoo pins a chat again on any message; this one did not end the snooze
            self._livechat_keep_aside()

    def _livechat_keep_aside(self):
        """Keep the chat out of the snoozing agent's list: their member's unpin time after
        the chat's last message (Odoo shows a chat whose last message is not older than
        the unpin time; both are to the second). Odoo syncs it to the agent's browser."""
        self.ensure_one()
        # sudo: the snoozing agent's member of this session
        member = self.sudo().channel_member_ids.filtered(
            lambda m: m.partner_id == self.livechat_snoozed_by_id.partner_id
        )
        member.unpin_dt = fields.Datetime.now() + timedelta(seconds=1)

    def _livechat_snooze_on_state(self, new_state):
        """Called by ``_livechat_set_state`` (discuss_channel.py), last."""
        if new_state != "chatting":
            # a snooze is for a chat in progress: ended, queued or handed over, it is over,
            # and the chat is back in the agent's list (as Odoo shows an ended chat)
            for session in self.filtered("livechat_snoozed"):
                session._livechat_wake(notify=False)

    @api.model
    def _livechat_snooze_cron(self):
        cron_id = self.env["ir.model.data"]._xmlid_to_res_id(CRON_XMLID, raise_if_not_found=False)
        # sudo: waking a system cron, whoever snoozed
        return self.env["ir.cron"].sudo().browse(cron_id or [])

    @api.model
    def _livechat_snooze_due_domain(self, now):
        """The chats whose snooze time has come (the partial index _livechat_snooze_idx)."""
        return (
            Domain("livechat_snoozed", "=", True)
            & Domain("livechat_snooze_dt", "!=", False)
            & Domain("livechat_snooze_dt", "<=", now)
        )

    @api.model
    def _cron_livechat_snooze(self):
        """Bring back every chat whose snooze time has come, in batches (each committed
        when run as the scheduled action, rows locked with SKIP LOCKED, one savepoint per
        session); rows another transaction holds are tried again a minute later."""
        now = fields.Datetime.now()
        batch_size = self._livechat_cron_batch_size()
        skipped, back = [], 0
        while True:
            due = self.search(
                self._livechat_snooze_due_domain(now) & Domain("id", "not in", skipped),
                order="livechat_snooze_dt, id",
                limit=batch_size,
            )
            if not due:
                break
            locked = due._livechat_try_lock().filtered("livechat_snoozed")
            woken, _retry = locked._livechat_each_safely(
                lambda s: s._livechat_wake(reason="time"), "snooze"
            )
            back += len(woken)
            # held elsewhere, failed or changed: left for a later run
            skipped += (due - woken).ids
            if not self._livechat_cron_commit(len(due)):
                self._livechat_cron_unfinished(self._livechat_snooze_cron())
                return
        if skipped:
            self._livechat_snooze_cron()._trigger(now + timedelta(minutes=1))
        if back:
            _logger.info("Live chat snooze: %s chats back", back)

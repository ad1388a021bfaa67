from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from odoo.addons.im_livechat.models.discuss_channel import is_livechat_channel
from odoo.addons.mail.tools.discuss import Store

from ..lib import message_form
from ..lib.groups import LIVECHAT_USER_GROUP

END_REASONS = [
    ("sent_as_message", "Sent as Message"),
    ("visitor_inactive", "Visitor Inactive"),
]
# states in which a visitor waits for a person and may send the chat as a message instead
QUEUED_STATES = ("in_queue", "waiting")


class LivechatSessionFollowup(models.AbstractModel):
    """No visitor lost: what happens to a live chat session that no agent could serve.

    Mixed into ``discuss.channel`` (see discuss_channel.py): the visitor who cannot wait
    sends the conversation as a message, a missed chat becomes an owned help-desk ticket
    when the visitor left a way to answer, a queue may register every handled chat as a
    ticket. Tickets are OCA helpdesk_mgmt's (``helpdesk.ticket``).
    """

    _name = "livechat_iconic.session.followup"
    _description = "Live Chat Session Follow-up"

    livechat_end_reason = fields.Selection(
        END_REASONS,
        "End Reason",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups=LIVECHAT_USER_GROUP,
    )
    livechat_first_answer_dt = fields.Datetime(
        "First Answer On",
        readonly=True,
        copy=False,
        help="An agent's first message.",
        groups=LIVECHAT_USER_GROUP,
    )
    livechat_missed = fields.Boolean(
        "Missed",
        compute="_compute_livechat_missed",
        store=True,
        help="The visitor waited for a person and nobody answered before the chat ended, "
        "or the first answer came later than the queue's longest wait.",
        groups=LIVECHAT_USER_GROUP,
    )
    livechat_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        "Ticket",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups=LIVECHAT_USER_GROUP,
    )
    livechat_visitor_transcripts = fields.Integer(
        "Transcripts Asked by the Visitor", readonly=True, copy=False, groups=LIVECHAT_USER_GROUP
    )
    livechat_alert_level = fields.Integer(
        "Operators Alerted",
        readonly=True,
        copy=False,
        help="0: nobody alerted yet; 1: desktop notification sent; 2: e-mail sent too.",
        groups=LIVECHAT_USER_GROUP,
    )

    @api.depends(
        "livechat_held",
        "livechat_end_dt",
        "livechat_first_answer_dt",
        "livechat_in_queue_dt",
        "livechat_waiting_dt",
        "livechat_channel_id.livechat_max_wait_minutes",
    )
    def _compute_livechat_missed(self):
        for channel in self:
            if channel.livechat_held:
                # the visitor never wrote: nobody missed anything (no follow-up either)
                channel.livechat_missed = False
                continue
            needed = [d for d in (channel.livechat_in_queue_dt, channel.livechat_waiting_dt) if d]
            channel.livechat_missed = message_form.is_missed(
                min(needed) if needed else None,
                channel.livechat_first_answer_dt or None,
                channel.livechat_end_dt or None,
                (channel.livechat_channel_id.livechat_max_wait_minutes or 0) * 60,
            )

    # -- the visitor's side -------------------------------------------------------------------
    def _livechat_is_queued(self):
        """The visitor waits for a person who has not answered yet."""
        self.ensure_one()
        return self.livechat_state in QUEUED_STATES and not self.livechat_first_answer_dt

    def _livechat_visitor_store_fields(self):
        return [
            # sudo: whether the visitor's own session waits for a person (the state and
            # timers are the agents' fields)
            Store.Attr(
                "livechat_iconic_queued",
                lambda c: c.sudo()._livechat_is_queued(),
                predicate=is_livechat_channel,
            ),
            # sudo: whether the visitor already gave an e-mail, not the address itself
            Store.Attr(
                "livechat_iconic_has_email",
                lambda c: bool(c.sudo().livechat_visitor_email),
                predicate=is_livechat_channel,
            ),
        ]

    def _livechat_send_visitor_flags(self):
        """Tell the widget whether the visitor may still send the chat as a message."""
        for channel in self.filtered(lambda c: c.channel_type == "livechat"):
            Store(bus_channel=channel).add(
                channel, channel._livechat_visitor_store_fields()
            ).bus_send()

    def _livechat_send_as_message(self, values):
        """ "Send as a message instead": the conversation so far becomes a help-desk ticket
        and the session ends, CLOSED with end reason "sent as message".

        ``values``: the visitor's cleaned ``email``, ``name``, ``phone``. Returns the
        ticket; the same one when the session was sent already.
        """
        self.ensure_one()
        # sudo: the visitor's own session (the caller checked membership)
        channel = self.sudo()
        if channel.livechat_ticket_id:
            return channel.livechat_ticket_id
        channel._livechat_lock()
        if not channel._livechat_is_queued():
            raise UserError(_("An agent is answering you already: just write here."))
        if not channel.livechat_channel_id.helpdesk_team_id:
            raise UserError(_("Messages cannot be sent from this chat. Please write here."))
        channel._livechat_set_visitor_contact(**values)
        ticket = channel._livechat_create_ticket(
            _("%(visitor)s could not wait", visitor=channel.livechat_visitor_name),
            "livechat_iconic.helpdesk_ticket_type_request",
            email=values.get("email") or channel.livechat_visitor_email,
        )
        channel._livechat_post_notice(
            _(
                "%(visitor)s sent the conversation as a message: ticket %(ticket)s.",
                visitor=channel.livechat_visitor_name,
                ticket=ticket.number,
            )
        )
        channel._livechat_set_state(
            "closed", {"livechat_end_reason": "sent_as_message", "livechat_ticket_id": ticket.id}
        )
        channel._livechat_tell_widget_ended()  # the visitor's other tabs
        return ticket

    # -- tickets ------------------------------------------------------------------------------
    def _livechat_transcript_text(self):
        """The conversation as plain text, with the time each message was written, in the
        time zone of the reader (the current user, else the visitor's)."""
        self.ensure_one()
        conversation = self.message_ids.filtered(lambda m: m.message_type == "comment")
        return message_form.transcript_text(self._livechat_transcript_lines(conversation))

    def _livechat_create_ticket(self, title, type_xmlid, email=None, **extra):
        """A help-desk ticket in the queue's team carrying this conversation."""
        self.ensure_one()
        queue = self.livechat_channel_id
        # the page and the location go to the ticket's own fields only (shown on its form),
        # which the privacy retention erases; never into its description
        header = self.livechat_question and _("Question: %s", self.livechat_question)
        values = {
            "title": title,
            "description": "\n\n".join(p for p in (header, self._livechat_transcript_text()) if p),
            "name": self.livechat_guest_name or False,
            "email": email or self.livechat_visitor_email,
            "phone": self.livechat_visitor_phone,
            "page_url": self.livechat_page_url,
            "location": self.livechat_location,
            **extra,
        }
        ticket = self.env["helpdesk.ticket"]._livechat_create(
            queue, values, session=self, type_xmlid=type_xmlid
        )
        if ticket.partner_id and not self.livechat_partner_id:
            # a new contact, made from the details the visitor left: theirs
            self.livechat_partner_id = ticket.partner_id
        return ticket

    def _livechat_followups(self):
        """At the end of a chat: a missed chat with a way to answer becomes an owned
        ticket; a queue that registers every chat gets one for each handled chat."""
        # sudo: ending a chat creates its follow-up, whoever ended it
        for channel in self.sudo():
            queue = channel.livechat_channel_id
            if channel.livechat_ticket_id or not queue.helpdesk_team_id:
                continue
            if channel.livechat_missed:
                if channel.livechat_visitor_email or channel.livechat_visitor_phone:
                    channel._livechat_missed_ticket()
            elif queue.livechat_register_every_chat and channel.livechat_first_answer_dt:
                channel._livechat_registered_ticket()

    def _livechat_missed_ticket(self):
        """The follow-up of a missed chat: a ticket with the transcript, an owner (the
        team's leader, else its member with the fewest open tickets) and a to-do due by
        the queue's deadline (default: the next working day)."""
        self.ensure_one()
        team = self.livechat_channel_id.helpdesk_team_id
        owner = team.user_id or self._livechat_least_loaded(team.user_ids)
        ticket = self._livechat_create_ticket(
            _("Missed chat with %(visitor)s", visitor=self.livechat_visitor_name),
            "livechat_iconic.helpdesk_ticket_type_request",
            user_id=owner.id,
        )
        deadline = self.livechat_channel_id._livechat_followup_deadline(fields.Datetime.now())
        ticket.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=deadline,
            summary=_("Answer the visitor of a missed chat"),
            user_id=(owner or self.env.ref("base.user_admin")).id,
        )
        self.write({"livechat_ticket_id": ticket.id})
        self._livechat_notify_board(["livechat_ticket_id", "livechat_missed"])
        return ticket

    def _livechat_registered_ticket(self):
        """A handled chat registered as a help-desk request, done by its agent."""
        self.ensure_one()
        agent_user = self.livechat_agent_id.user_ids[:1]
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done", raise_if_not_found=False)
        ticket = self._livechat_create_ticket(
            _("Chat with %(visitor)s", visitor=self.livechat_visitor_name),
            "livechat_iconic.helpdesk_ticket_type_request",
            user_id=agent_user.id,
            stage_id=done.id if done else False,
        )
        self.write({"livechat_ticket_id": ticket.id})
        return ticket

    @api.model
    def _livechat_least_loaded(self, users):
        """Of ``users``, the one with the fewest open tickets (round robin by load)."""
        if not users:
            return users
        counts = dict(
            self.env["helpdesk.ticket"]
            .sudo()
            ._read_group(
                [("user_id", "in", users.ids), ("closed", "=", False)],
                ["user_id"],
                ["__count"],
            )
        )
        return min(users, key=lambda u: (counts.get(u, 0), u.id))

    # -- operators are told -------------------------------------------------------------------
    def _livechat_schedule_alerts(self):
        """Wake the alert cron when these queued sessions reach their queues' thresholds;
        not for a held session (no visitor message yet): ``_livechat_announce`` does then."""
        sessions = self._livechat_announced()
        if not sessions:
            return
        # Odoo's cached xmlid map: env.ref() would query the cron's existence every time
        cron = self.env["ir.cron"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id(
                "livechat_iconic.ir_cron_livechat_alerts", raise_if_not_found=False
            )
            or []
        )
        if not cron:
            return
        now = fields.Datetime.now()
        delays = {
            delay
            for queue in sessions.livechat_channel_id
            for delay in (queue.livechat_alert_after, queue.livechat_email_alert_after)
            if delay
        }
        if delays:
            cron._trigger([now + timedelta(seconds=delay) for delay in sorted(delays)])

    @api.model
    def _cron_livechat_alert_operators(self):
        """Visitors nobody took within their queue's thresholds: the queue's agents get a
        desktop notification (once per session), then an e-mail (once per session).

        Reads only the sessions past a threshold of their queue that they were not told
        about, in batches (each committed when run as the scheduled action, rows locked
        with SKIP LOCKED, one savepoint per session); a session another transaction holds
        is tried again a minute later."""
        now = fields.Datetime.now()
        domain = self._livechat_alert_domain(now)
        if domain.is_false():
            return
        batch_size = self._livechat_cron_batch_size()
        cron = self.env.ref("livechat_iconic.ir_cron_livechat_alerts", raise_if_not_found=False)
        skipped = []
        while True:
            batch = self.search(
                domain & Domain("id", "not in", skipped),
                order="livechat_in_queue_dt, id",
                limit=batch_size,
            )
            if not batch:
                break
            locked = batch._livechat_try_lock()
            done, _retry = locked._livechat_each_safely(
                lambda s: s._livechat_alert_step(now), "operator alerts"
            )
            # held elsewhere, changed or failed: left for a later run
            skipped += (batch - done).ids
            if not self._livechat_cron_commit(len(batch)):
                if cron:
                    self._livechat_cron_unfinished(cron)
                return
        if skipped and cron:
            # sudo: waking a system cron
            cron.sudo()._trigger(now + timedelta(minutes=1))

    @api.model
    def _livechat_alert_domain(self, now):
        """The queued sessions past a threshold of their queue that they were not told
        about (each queue's thresholds, read once)."""
        # sudo: the thresholds of every queue (a system action)
        queues = (
            self.env["im_livechat.channel"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch([], ["livechat_alert_after", "livechat_email_alert_after"])
        )
        past = [
            Domain("livechat_channel_id", "=", queue.id)
            & Domain("livechat_alert_level", "<", level)
            & Domain("livechat_in_queue_dt", "<=", now - timedelta(seconds=after))
            for queue in queues
            for level, after in (
                (1, queue.livechat_alert_after),
                (2, queue.livechat_email_alert_after),
            )
            if after
        ]
        return (
            Domain("channel_type", "=", "livechat")
            & Domain("livechat_state", "=", "in_queue")
            # a session held until its visitor writes alerts nobody
            & self._livechat_announced_domain()
            & Domain.OR(past)
        )

    def _livechat_alert_step(self, now):
        """Tell the agents about this queued session as far as its queue's thresholds
        say: the desktop notification, then the e-mail, each once."""
        self.ensure_one()
        queue = self.livechat_channel_id
        waited = (now - self.livechat_in_queue_dt).total_seconds()
        level = self.livechat_alert_level
        if level < 1 and queue.livechat_alert_after and waited >= queue.livechat_alert_after:
            self._livechat_desktop_alert()
            level = 1
        email_after = queue.livechat_email_alert_after
        if level < 2 and email_after and waited >= email_after:
            self._livechat_email_alert()
            level = 2
        if level != self.livechat_alert_level:
            self.livechat_alert_level = level

    def _livechat_agents_to_alert(self):
        """The queue's agents who are signed in (online or away); when none is, all of them."""
        agents = self.livechat_channel_id.user_ids
        present = agents.filtered(lambda u: u.im_status in ("online", "away"))
        return present or agents

    def _livechat_desktop_alert(self):
        self.ensure_one()
        payload = {
            "id": self.id,
            "title": _("A visitor is waiting"),
            "body": _(
                "%(visitor)s has been waiting in %(queue)s: %(question)s",
                visitor=self.livechat_visitor_name,
                queue=self.livechat_channel_id.name,
                question=self.livechat_question or _("(no question yet)"),
            ),
            "url": f"/livechat/waiting/{self.id}",
        }
        for user in self._livechat_agents_to_alert().filtered(lambda u: not u.share):
            user.partner_id._bus_send("livechat_iconic.alert", payload)

    def _livechat_email_alert(self):
        self.ensure_one()
        agents = self._livechat_agents_to_alert().filtered("email")
        if not agents:
            return
        body = self.env["ir.qweb"]._render(
            "livechat_iconic.livechat_waiting_alert_mail",
            {"channel": self, "base_url": self.get_base_url()},
            minimal_qcontext=True,
        )
        # queued: Odoo's mail cron sends it, never this transaction
        self.env["mail.mail"].sudo().create(
            {
                "subject": _(
                    "A visitor is waiting in %(queue)s", queue=self.livechat_channel_id.name
                ),
                "body_html": body,
                "email_to": ",".join(agents.mapped("email_formatted")),
                "auto_delete": True,
            }
        )

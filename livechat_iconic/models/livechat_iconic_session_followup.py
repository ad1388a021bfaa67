import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import plaintext2html

from odoo.addons.im_livechat.models.discuss_channel import is_livechat_channel
from odoo.addons.mail.tools.discuss import Store

from ..lib import alert_digest, message_form, miss_cause, routing
from ..lib.groups import LIVECHAT_USER_GROUP
from ..tools.prefetch import DETAIL_PREFETCH
from .helpdesk_ticket import TICKET_TYPE_REQUEST
from .im_livechat_channel_supervisors import ALERT_NOTIFICATION

_logger = logging.getLogger(__name__)

END_REASONS = [
    ("sent_as_message", "Sent as Message"),
    ("visitor_inactive", "Visitor Inactive"),
    ("ticket", "Ticket"),
]
# states in which a visitor waits for a person and may send the chat as a message instead
QUEUED_STATES = ("in_queue", "waiting")
# the least time between two "visitors are waiting" e-mails to one agent (minutes)
MAIL_INTERVAL_PARAM = "livechat_iconic.alert_mail_interval_minutes"


# the waiting alerts' scheduled action (data/ir_cron_data.xml)
ALERTS_CRON_XMLID = "livechat_iconic.ir_cron_livechat_alerts"


class LivechatSessionFollowup(models.AbstractModel):
    """No visitor lost: what happens to a live chat session that no agent could serve.

    Mixed into ``discuss.channel`` (see discuss_channel.py): the visitor who cannot wait
    sends the conversation as a message, a missed chat becomes an owned help-desk ticket
    when the visitor left a way to answer, an agent makes a chat a ticket, a queue may
    register every chat as a ticket when an agent takes it. Tickets are OCA
    helpdesk_mgmt's (``helpdesk.ticket``).
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
        prefetch=DETAIL_PREFETCH,
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
        "Transcripts Asked by the Visitor",
        readonly=True,
        copy=False,
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    livechat_alert_level = fields.Integer(
        "Operators Alerted",
        readonly=True,
        copy=False,
        help="0: nobody alerted yet; 1: desktop notification sent; 2: e-mail sent too.",
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
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

    def _livechat_followup_store_fields(self):
        """Part of ``_livechat_visitor_store_fields`` (discuss_channel.py)."""
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
        ticket; the same one when the session was sent already. A chat registered when an
        agent took it, then put back in the queue unanswered: its ticket is the message.
        """
        self.ensure_one()
        # sudo: the visitor's own session (the caller checked membership)
        channel = self.sudo()
        registered = channel.livechat_ticket_id
        if registered and not registered.livechat_registered:
            return registered
        channel._livechat_lock()
        if not channel._livechat_is_queued():
            raise UserError(_("An agent is answering you already: just write here."))
        if not channel.livechat_channel_id.helpdesk_team_id:
            raise UserError(_("Messages cannot be sent from this chat. Please write here."))
        channel._livechat_set_visitor_contact(**values)
        email = values.get("email") or channel.livechat_visitor_email
        if registered:
            ticket = registered
            partner, follower = ticket._livechat_visitor_partners(
                {**values, "email": email}, channel
            )
            ticket.write(
                {
                    "livechat_registered": False,
                    "partner_id": ticket.partner_id.id or partner.id or False,
                    "partner_email": email or ticket.partner_email,
                }
            )
            if follower:
                ticket.message_subscribe(partner_ids=follower.ids)
        else:
            ticket = channel._livechat_create_ticket(
                _("%(visitor)s could not wait", visitor=channel.livechat_visitor_name),
                TICKET_TYPE_REQUEST,
                email=email,
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
    def _livechat_conversation(self):
        """The messages people wrote in this chat (no notices)."""
        self.ensure_one()
        return self.message_ids.filtered(lambda m: m.message_type == "comment")

    def _livechat_transcript_text(self, messages=None):
        """The conversation (or these of its ``messages``) as plain text, with the time
        each message was written, in the time zone of the reader (the current user, else
        the visitor's)."""
        self.ensure_one()
        if messages is None:
            messages = self._livechat_conversation()
        return message_form.transcript_text(self._livechat_transcript_lines(messages))

    def _livechat_create_ticket(self, title, type_xmlid, email=None, **extra):
        """A help-desk ticket in the queue's team carrying this conversation."""
        self.ensure_one()
        queue = self.livechat_channel_id
        # the page and the location go to the ticket's own fields only (shown on its form),
        # which the privacy retention erases; never into its description
        header = self.livechat_question and _("Question: %s", self.livechat_question)
        conversation = self._livechat_conversation()
        transcript = self._livechat_transcript_text(conversation)
        values = {
            "title": title,
            "description": "\n\n".join(p for p in (header, transcript) if p),
            # the messages written later are added when the chat ends (_livechat_ticket_on_end)
            "livechat_last_message_id": max(conversation.ids, default=0),
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
        """At the end of a chat: its ticket, if any, gets the rest of the conversation and
        follows the chat's outcome (``_livechat_ticket_on_end``); otherwise a missed chat
        with a way to answer becomes an owned ticket."""
        # sudo: ending a chat creates its follow-up, whoever ended it
        for channel in self.sudo():
            if channel.livechat_ticket_id:
                channel._livechat_ticket_on_end()
            elif channel.livechat_channel_id.helpdesk_team_id and channel.livechat_missed:
                if channel.livechat_visitor_email or channel.livechat_visitor_phone:
                    channel._livechat_missed_ticket()

    def _livechat_ticket_on_end(self):
        """The chat ended: the messages written since its ticket was made (or last
        completed) are added at the end of the ticket's description (which erasing the
        visitor erases with the rest), and an internal note tells the outcome. A ticket the queue
        registered follows the outcome (``message_form.registered_ticket_closes``): an
        answered chat's is moved to the team's first closed stage (helpdesk_mgmt's Done);
        any other stays open, and a missed chat's gets the to-do of a missed chat. A ticket
        an agent made (outcome Ticket) or the visitor sent stays as it is."""
        self.ensure_one()
        ticket = self.livechat_ticket_id
        rest = self._livechat_conversation().filtered(
            lambda m: m.id > ticket.livechat_last_message_id
        )
        if rest:
            more = "\n\n".join(
                (_("Since the ticket was made:"), self._livechat_transcript_text(rest))
            )
            ticket.write(
                {
                    "description": (ticket.description or "") + plaintext2html(more),
                    "livechat_last_message_id": max(rest.ids),
                }
            )
        outcomes = dict(self._fields["livechat_outcome"]._description_selection(self.env))
        ticket.message_post(
            body=_(
                "The chat ended: %(outcome)s.",
                outcome=outcomes.get(self.livechat_outcome) or _("no outcome"),
            ),
            author_id=self.env.ref("base.partner_root").id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        if not ticket.livechat_registered:
            return
        if message_form.registered_ticket_closes(self.livechat_outcome, self.livechat_missed):
            team = ticket.team_id
            closed = team._get_applicable_stages().filtered("closed")[:1]
            if closed and not ticket.stage_id.closed:
                ticket.stage_id = closed
        elif self.livechat_missed and not ticket.activity_ids:
            team = ticket.team_id
            owner = ticket.user_id or team.user_id or self._livechat_least_loaded(team.user_ids)
            self._livechat_schedule_missed_todo(ticket, owner)

    def _livechat_missed_ticket(self):
        """The follow-up of a missed chat: a ticket with the transcript, an owner (the
        team's leader, else its member with the fewest open tickets) and a to-do due by
        the queue's deadline (default: the next working day)."""
        self.ensure_one()
        team = self.livechat_channel_id.helpdesk_team_id
        owner = team.user_id or self._livechat_least_loaded(team.user_ids)
        ticket = self._livechat_create_ticket(
            _("Missed chat with %(visitor)s", visitor=self.livechat_visitor_name),
            TICKET_TYPE_REQUEST,
            user_id=owner.id,
        )
        self._livechat_schedule_missed_todo(ticket, owner)
        self.write({"livechat_ticket_id": ticket.id})
        self._livechat_notify_board(["livechat_ticket_id", "livechat_missed"])
        return ticket

    def _livechat_schedule_missed_todo(self, ticket, owner):
        """The to-do of a missed chat's ticket, for ``owner`` (else the administrator), due
        by the queue's follow-up deadline."""
        deadline = self.livechat_channel_id._livechat_followup_deadline(fields.Datetime.now())
        ticket.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=deadline,
            summary=_("Answer the visitor of a missed chat"),
            user_id=(owner or self.env.ref("base.user_admin")).id,
        )

    def _livechat_register_on_state(self, new_state):
        """Called by ``_livechat_set_state`` after the transition: a chat a person starts
        chatting in (an agent takes it, answers it, or the visitor answers an agent's
        invitation) in a queue that registers every chat becomes a ticket then, open, with
        the conversation so far (``_livechat_registered_ticket``); a bot's chat does not."""
        if new_state != "chatting":
            return
        # sudo: the chat is registered whoever took it
        for channel in self.sudo():
            queue = channel.livechat_channel_id
            if (
                channel.livechat_ticket_id
                or not queue.livechat_register_every_chat
                or not queue.helpdesk_team_id
                or not channel.livechat_operator_id.user_ids.filtered(lambda u: u._is_internal())
            ):
                continue
            channel._livechat_registered_ticket()

    def _livechat_registered_ticket(self):
        """The chat an agent took, registered as a help-desk request of its queue's team,
        owned by that agent, open until the chat ends (``_livechat_ticket_on_end``)."""
        self.ensure_one()
        agent_user = self.livechat_operator_id.user_ids.filtered(lambda u: u._is_internal())[:1]
        ticket = self._livechat_create_ticket(
            _("Chat with %(visitor)s", visitor=self.livechat_visitor_name),
            TICKET_TYPE_REQUEST,
            user_id=agent_user.id,
            livechat_registered=True,
        )
        self.write({"livechat_ticket_id": ticket.id})
        self._livechat_notify_board(["livechat_ticket_id"])
        return ticket

    def action_livechat_ticket(self):
        """Make this chat a help-desk ticket (the chat window's and the board's Ticket):
        the conversation so far, the visitor's contact or the e-mail they gave, the queue's
        team, type Request, the agent as its owner; linked to the chat, whose outcome is
        Ticket. The chat goes on, or the agent closes it: the ticket stays open and gets
        the rest of the conversation at the end. A chat the queue registered already: that
        ticket becomes the case (it no longer follows the outcome); a chat with another
        ticket (sent as a message, missed, made before) keeps it and its outcome. Returns
        a notification with the ticket's link."""
        self.ensure_one()
        self._livechat_check_agent()
        if self.channel_type != "livechat":
            raise UserError(_("Only live chat sessions can become tickets."))
        self._livechat_lock()
        # sudo: an agent makes a ticket of a chat they can read (checked above)
        channel = self.sudo()
        queue = channel.livechat_channel_id
        ticket = channel.livechat_ticket_id
        if not ticket and not queue.helpdesk_team_id:
            raise UserError(
                _(
                    "The queue %(queue)s has no help-desk team: choose one in its settings.",
                    queue=queue.name,
                )
            )
        made = not ticket or ticket.livechat_registered
        if not ticket:
            ticket = channel._livechat_create_ticket(
                _("Chat with %(visitor)s", visitor=channel.livechat_visitor_name),
                TICKET_TYPE_REQUEST,
                user_id=self.env.user.id,
            )
        elif ticket.livechat_registered:
            ticket.livechat_registered = False
        # a ticket of its own already (sent as a message, a missed chat's, made before):
        # only shown, the chat's outcome stays
        if made:
            channel.write({"livechat_ticket_id": ticket.id, "livechat_end_reason": "ticket"})
            channel._livechat_notify_board(["livechat_ticket_id", "livechat_end_reason"])
            channel._livechat_post_notice(
                _(
                    "%(agent)s registered this conversation as ticket %(ticket)s.",
                    agent=self.env.user.name,
                    ticket=ticket.number,
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": _("Ticket %(ticket)s", ticket=ticket.number),
                "message": "%s",
                "links": [{"label": ticket.name, "url": f"/odoo/helpdesk.ticket/{ticket.id}"}],
                "sticky": False,
            },
        }

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
            self.env["ir.model.data"]._xmlid_to_res_id(ALERTS_CRON_XMLID, raise_if_not_found=False)
            or []
        )
        if not cron:
            return
        now = fields.Datetime.now()
        # zero for a queue that notifies at once: the scheduled action runs now
        delays = {
            delay
            for queue in sessions.livechat_channel_id
            for delay in queue._livechat_alert_delays()
            if delay is not None
        }
        if delays:
            cron._trigger([now + timedelta(seconds=delay) for delay in sorted(delays)])

    @api.model
    def _cron_livechat_alert_operators(self):
        """Visitors nobody took within their queue's thresholds: the queue's agents are told,
        a bounded number of times whatever the number of visitors (``lib/alert_digest.py``):
        one desktop notice per agent per run (a digest when several visitors concern them),
        at most one e-mail per agent per interval; a known customer's session is told on
        its own. Each session is marked once per threshold (``livechat_alert_level``).

        Reads only the sessions past a threshold of their queue that they were not told
        about, in batches (each committed when run as the scheduled action, rows locked
        with SKIP LOCKED, one savepoint per session); a session another transaction holds
        is tried again a minute later. The agents are told once the batches are done
        (``_livechat_send_alerts``), also when the run is out of time."""
        now = fields.Datetime.now()
        domain = self._livechat_alert_domain(now)
        batch_size = self._livechat_cron_batch_size()
        cron = self.env.ref(ALERTS_CRON_XMLID, raise_if_not_found=False)
        skipped = []
        # the levels each session reached in this run (1: the desktop notice's threshold,
        # 2: the e-mail's), of the sessions done
        reached = {}

        def step(session):
            reached[session.id] = session._livechat_alert_step(now)

        passed = {1: [], 2: []}  # the ids of the sessions done, by the level they reached
        while not domain.is_false():
            batch = self.search(
                domain & Domain("id", "not in", skipped),
                order="livechat_in_queue_dt, id",
                limit=batch_size,
            )
            if not batch:
                break
            locked = batch._livechat_try_lock()
            done, _retry = locked._livechat_each_safely(step, "operator alerts")
            for session in done:
                for level in reached.get(session.id, ()):
                    passed[level].append(session.id)
            # held elsewhere, changed or failed: left for a later run
            skipped += (batch - done).ids
            if not self._livechat_cron_commit(len(batch)):
                self._livechat_send_alerts(self.browse(passed[1]), self.browse(passed[2]), now)
                self._livechat_cron_commit(0)
                if cron:
                    self._livechat_cron_unfinished(cron)
                return
        self._livechat_send_alerts(self.browse(passed[1]), self.browse(passed[2]), now)
        self._livechat_cron_commit(0)
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
            .search_fetch(
                [],
                ["livechat_alert_at_once", "livechat_alert_after", "livechat_email_alert_after"],
            )
        )
        past = [
            Domain("livechat_channel_id", "=", queue.id)
            & Domain("livechat_alert_level", "<", level)
            & Domain("livechat_in_queue_dt", "<=", now - timedelta(seconds=after))
            for queue in queues
            for level, after in zip((1, 2), queue._livechat_alert_delays(), strict=True)
            if after is not None
        ]
        return (
            Domain("channel_type", "=", "livechat")
            & Domain("livechat_state", "=", "in_queue")
            # a session held until its visitor writes alerts nobody
            & self._livechat_announced_domain()
            & Domain.OR(past)
        )

    def _livechat_alert_step(self, now):
        """Mark this queued session as told as far as its queue's thresholds say: level 1
        (the desktop notice), then level 2 (the e-mail), each once. Returns the levels it
        reached now; the agents are told afterwards, for all the sessions of the run at
        once (``_livechat_send_alerts``)."""
        self.ensure_one()
        queue = self.livechat_channel_id
        waited = (now - self.livechat_in_queue_dt).total_seconds()
        level = self.livechat_alert_level
        reached = []
        desktop_after, email_after = queue._livechat_alert_delays()
        if level < 1 and desktop_after is not None and waited >= desktop_after:
            level = 1
            reached.append(1)
        if level < 2 and email_after is not None and waited >= email_after:
            level = 2
            reached.append(2)
        if reached:
            vals = {"livechat_alert_level": level}
            if not self.livechat_alert_dt:
                # the first notice: an escalation follows if no browser acknowledges it
                vals["livechat_alert_dt"] = now
                limit = queue.livechat_alert_ack_limit
                if limit:
                    # unless the timers run by then: each run wakes them for the next
                    # escalation due (_cron_livechat_alert_escalation)
                    self._livechat_wake_timers_once(now + timedelta(seconds=limit))
            self.write(vals)
        return reached

    @api.model
    def _livechat_alert_recipients(self, queues):
        """``{queue id: users}``: who hears about each queue's waiting visitors: its agents
        who are signed in (online or away); when none is, all of them."""
        recipients = {}
        for queue in queues:
            agents = queue.user_ids
            present = agents.filtered(lambda u: u.im_status in ("online", "away"))
            recipients[queue.id] = present or agents
        return recipients

    @api.model
    def _livechat_alert_recipients_by(self, queues, how):
        """``{queue id: users}``: who hears about each queue's waiting visitors by ``how``
        (``alert_digest.DESKTOP``: the desktop notice, ``alert_digest.MAIL``: the e-mail).
        A queue that notifies at once tells its agents as ``alert_digest.told_at_once``
        says for each one's status (the statuses of all, read at once); the other queues
        tell them as ``_livechat_alert_recipients`` says, by both."""
        at_once = queues.filtered("livechat_alert_at_once")
        recipients = self._livechat_alert_recipients(queues - at_once)
        if at_once:
            status = at_once.user_ids._livechat_agent_status()
            for queue in at_once:
                broadcast = queue.livechat_routing_mode == routing.BROADCAST
                recipients[queue.id] = queue.user_ids.filtered(
                    lambda u, b=broadcast: alert_digest.told_at_once(status[u.id], b) == how
                )
        return recipients

    def _livechat_alert_sound(self):
        """Whether a notice about these sessions comes with a sound: a visitor of a queue
        that notifies at once needs a person (``_livechat_is_queued``)."""
        # sudo: the sessions' state and their queues' option, read to tell the agents
        return any(
            s.livechat_channel_id.livechat_alert_at_once and s._livechat_is_queued()
            for s in self.sudo()
        )

    def _livechat_alert_on_announce(self):
        """Called by ``_livechat_announce`` (discuss_channel_announce.py) for the sessions
        it announces. In a queue that notifies at once, a visitor given to an agent who has
        not answered yet (WAITING) needs that agent now: the agent gets the desktop notice
        with a sound, in their language. (The queued visitors' agents are told by the alert
        scheduled action, woken now by ``_livechat_schedule_alerts``.)"""
        for session in self.filtered(
            lambda s: (
                s.livechat_state == "waiting"
                and s.livechat_channel_id.livechat_alert_at_once
                and s._livechat_is_queued()
            )
        ):
            user = session.livechat_agent_id.with_context(active_test=False).user_ids[:1]
            if user:
                session.with_context(lang=user.lang or self.env.lang)._livechat_tell_assigned(user)

    def _livechat_known_visitors(self):
        """Of these sessions, those of a known customer, whose notices are never folded
        into a digest: a signed-in user or a guest whose confirmed contact has chatted
        with an agent before (as ``livechat_iconic.throttle._livechat_exempt`` says for a
        request). A query for the guests, one per contact."""
        # Odoo's cached xmlid map: env.ref() would query every time
        public = self.env["res.partner"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id("base.public_partner")
        )
        Throttle = self.env["livechat_iconic.throttle"]
        contact = {
            session.id: session.livechat_partner_id
            or (session.livechat_customer_partner_ids - public)[:1]
            for session in self
        }
        anonymous = self.filtered(lambda s: not contact[s.id])
        guest_contacts = Throttle._livechat_guest_contacts(anonymous.livechat_customer_guest_ids)
        for session in anonymous:
            for guest in session.livechat_customer_guest_ids:
                contact[session.id] = contact[session.id] or guest_contacts.get(
                    guest.id, self.env["res.partner"]
                )
        partners = self.env["res.partner"].union(*contact.values())
        known = partners.filtered(Throttle._livechat_known_customer)
        return self.filtered(lambda s: contact[s.id] and contact[s.id] in known)

    # -- telling the agents (bounded) ---------------------------------------------------------
    @api.model
    def _livechat_send_alerts(self, desktop, mail, now):
        """Tell the agents about the sessions that passed a threshold in this run
        (``desktop``: the desktop notice's; ``mail``: the e-mail's) and whose visitors
        still wait, and send the e-mails held back whose interval is over. A failure is
        logged: the sessions stay marked, never told twice."""
        try:
            with self.env.cr.savepoint():
                sessions = desktop | mail
                sessions.invalidate_recordset(["livechat_state"])
                waiting = sessions.filtered(lambda s: s.livechat_state == "in_queue")
                known = waiting._livechat_known_visitors()
                self._livechat_desktop_notices(desktop & waiting, known)
                self._livechat_alert_mails(mail & waiting, known, now)
        except Exception:
            _logger.exception("Live chat operator alerts: telling the agents failed")

    @api.model
    def _livechat_waiting_entries(self, known):
        """These waiting sessions as the alerts' rules see them (``alert_digest.Waiting``);
        ``known``: the known customers' sessions."""
        return [
            alert_digest.Waiting(s.id, s.livechat_channel_id.id, s.livechat_in_queue_dt, s in known)
            for s in self
        ]

    def _livechat_desktop_notices(self, sessions, known):
        """One desktop notice per agent for these sessions: the session's own notice when
        only one concerns them (a known customer's always), else one digest; each in the
        agent's language."""
        if not sessions:
            return
        recipients = {
            queue_id: users.filtered(lambda u: not u.share).ids
            for queue_id, users in self._livechat_alert_recipients_by(
                sessions.livechat_channel_id, alert_digest.DESKTOP
            ).items()
        }
        plan = alert_digest.plan_desktop(
            sessions._livechat_waiting_entries(known),
            recipients,
        )
        for user in self.env["res.users"].browse(sorted(plan)):
            notices = plan[user.id]
            lang_self = self.with_context(lang=user.lang or self.env.lang)
            payloads = [
                lang_self.browse(entry.session_id)._livechat_desktop_payload()
                for entry in notices.own
            ]
            if notices.digest:
                digest = lang_self.browse([entry.session_id for entry in notices.digest])
                payloads.append(digest._livechat_digest_payload())
            for payload in payloads:
                user.partner_id._bus_send(ALERT_NOTIFICATION, payload)

    def _livechat_desktop_payload(self):
        """The desktop notice of one waiting visitor (in the context's language)."""
        self.ensure_one()
        return self.env["im_livechat.channel"]._livechat_alert_payload(
            self,
            self.env._("A visitor is waiting"),
            self.env._(
                "%(visitor)s has been waiting in %(queue)s: %(question)s",
                visitor=self.livechat_visitor_name,
                queue=self.livechat_channel_id.name,
                question=self.livechat_question or self.env._("(no question yet)"),
            ),
        )

    def _livechat_digest_payload(self):
        """One desktop notice for these waiting visitors, linking to the board."""
        return {
            "id": 0,  # no one session: the browser shows the latest digest only
            # the sessions it tells about: the browser acknowledges each (miss causes)
            "session_ids": self.ids[: miss_cause.ACK_MAX_SESSIONS],
            "title": self.env._("Visitors are waiting"),
            "body": self.env._(
                "%(count)s visitors are waiting in %(queues)s",
                count=len(self),
                queues=alert_digest.queue_names(self.livechat_channel_id.mapped("name")),
            ),
            "url": "/livechat/waiting",
            "sound": self._livechat_alert_sound(),
        }

    @api.model
    def _livechat_alert_mails(self, sessions, known, now):
        """The e-mails about these sessions, which passed the e-mail threshold: at most one
        e-mail per agent per interval (``livechat_iconic.alert_mail_interval_minutes``),
        listing the visitors waiting for them, known customers first. An agent still in
        their interval is held back: the scheduled action runs again when it ends, and the
        agents held back whose interval is over get theirs, if visitors still wait.

        Known customers are in the same bound: they are never throttled, so a script
        signed in as one could start chats without end, and an e-mail per chat to every
        agent would be what the bound prevents. What tells the agents about a known
        customer at once is the desktop notice of their own (and Slack); the e-mail is the
        later reminder, for everyone."""
        # sudo: the agents' alert times are the system's
        Alert = self.env["livechat_iconic.agent.alert"].sudo()
        interval = alert_digest.mail_interval(
            self.env["ir.config_parameter"].sudo().get_param(MAIL_INTERVAL_PARAM)
        )
        recipients = {
            queue_id: users.filtered("email")
            for queue_id, users in self._livechat_alert_recipients_by(
                sessions.livechat_channel_id, alert_digest.MAIL
            ).items()
        }
        mails = []
        agents = self.env["res.users"].union(
            *(recipients[q.id] for q in sessions.livechat_channel_id)
        )
        rows = Alert.search(
            Domain("user_id", "in", agents.ids)
            | (Domain("mail_held", "=", True) & Domain("mail_dt", "<=", now - interval))
        )
        row_of = {row.user_id.id: row for row in rows}
        due, held = self.env["res.users"], []
        for user in agents | rows.user_id:
            row = row_of.get(user.id)
            if alert_digest.may_mail(row.mail_dt if row else None, now, interval):
                due |= user
            else:
                held.append(row)
        if held:
            Alert.union(*held).write({"mail_held": True})
            self._livechat_wake_alerts(
                min(alert_digest.next_mail_at(row.mail_dt, interval) for row in held)
            )
        told = self._livechat_mail_digests(due, known)
        mails += [values for _user, values in told]
        if mails:
            # queued: Odoo's mail cron sends them, never this transaction
            self.env["mail.mail"].sudo().create(mails)
        # the agents told, and those with nothing left to tell, start a new interval
        told_users = self.env["res.users"].union(*(user for user, _values in told))
        rows.filtered(lambda r: r.user_id in due - told_users).write({"mail_held": False})
        rows.filtered(lambda r: r.user_id in told_users).write({"mail_dt": now, "mail_held": False})
        new = told_users - rows.user_id
        if new:
            Alert.create([{"user_id": user.id, "mail_dt": now} for user in new])

    @api.model
    def _livechat_mail_digests(self, users, known):
        """``[(user, mail values)]``: for each of ``users``, one e-mail about the visitors
        waiting for them past their queue's e-mail threshold (``known``, the known
        customers of this run, named first, then the longest waits; the others counted);
        none for a user whom no visitor waits for."""
        if not users:
            return []
        # sudo: the agents' queues and their waiting visitors (a system action)
        waiting = self.sudo().search_fetch(
            [
                ("channel_type", "=", "livechat"),
                ("livechat_state", "=", "in_queue"),
                ("livechat_alert_level", ">=", 2),
                ("livechat_channel_id", "in", users.sudo().livechat_channel_ids.ids),
            ],
            ["livechat_channel_id", "livechat_in_queue_dt"],
            order="livechat_in_queue_dt, id",
        )
        recipients = {
            queue_id: (agents.filtered("email") & users).ids
            for queue_id, agents in self._livechat_alert_recipients_by(
                waiting.livechat_channel_id, alert_digest.MAIL
            ).items()
        }
        by_agent = alert_digest.by_agent(
            waiting._livechat_waiting_entries(known),
            recipients,
        )
        queue_name = {queue.id: queue.name for queue in waiting.livechat_channel_id}
        told = []
        for user in users.filtered(lambda u: u.id in by_agent):
            entries = by_agent[user.id]
            named, more = alert_digest.mail_list(entries)
            values = self._livechat_alert_mail_values(
                user,
                self.browse([entry.session_id for entry in named]),
                more=more,
                queues=alert_digest.queue_names([queue_name[e.queue_id] for e in entries]),
            )
            told.append((user, values))
        return told

    @api.model
    def _livechat_alert_mail_values(self, user, sessions, more=0, queues=""):
        """The values of the e-mail that tells ``user`` about these waiting visitors
        (``more``: how many others it only counts; ``queues``: the queues of all of them,
        as ``alert_digest.queue_names`` names them), in the user's language and time
        zone."""
        tz = user.tz or "UTC"
        env = self.with_context(lang=user.lang or self.env.lang, tz=tz).env
        sessions = sessions.with_env(env)
        count = len(sessions) + more
        if count == 1:
            subject = env._(
                "A visitor is waiting in %(queue)s", queue=sessions.livechat_channel_id.name
            )
            url = f"/livechat/waiting/{sessions.id}"
        else:
            subject = env._(
                "%(count)s visitors are waiting in %(queues)s",
                count=count,
                queues=queues
                or alert_digest.queue_names(sessions.livechat_channel_id.mapped("name")),
            )
            url = "/livechat/waiting"
        body = env["ir.qweb"]._render(
            "livechat_iconic.livechat_waiting_alert_mail",
            {
                "sessions": sessions,
                "more": more,
                "tz": tz,
                "board_url": sessions[:1].get_base_url() + url,
            },
            minimal_qcontext=True,
        )
        return {
            "subject": subject,
            "body_html": body,
            "email_to": user.email_formatted,
            "auto_delete": True,
        }

    @api.model
    def _livechat_wake_alerts(self, when):
        """Run the alert scheduled action again at ``when``."""
        cron = self.env.ref(ALERTS_CRON_XMLID, raise_if_not_found=False)
        if cron:
            # sudo: waking a system cron
            cron.sudo()._trigger(when)

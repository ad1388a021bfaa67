from markupsafe import Markup

from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib import routing
from ..lib import session_state as lifecycle
from ..lib.groups import LIVECHAT_MANAGER_GROUP, LIVECHAT_USER_GROUP
from ..tools.prefetch import DETAIL_PREFETCH

ALERT_NOTIFICATION = "livechat_iconic.alert"
# an agent's message while a transfer is pending does not start the chat (see _livechat_on_message)
HOLD_CONTEXT_KEY = "livechat_iconic_transfer_hold"
# the states in which a chat can be handed over (a human is needed, the chat is not over)
TRANSFERABLE_STATES = ("in_queue", "waiting", "chatting")
TRANSFER_FIELDS = (
    "livechat_transfer_user_id",
    "livechat_transfer_from_id",
    "livechat_transfer_note",
    "livechat_transfer_dt",
    "livechat_transfer_resume_state",
)


class DiscussChannel(models.Model):
    """Transfer a chat to an online colleague or to another queue, or add a colleague.

    A transfer to a colleague is pending until the colleague takes the chat (the board's
    Chat button) or answers in it: meanwhile the session is WAITING, the colleague is a
    silent member (so that they can read and answer), nobody else may take it, and the
    transferring agent (or the colleague, declining) can cancel it. Then the colleague is
    the operator and the transferring agent leaves the chat. The note is for agents only.
    """

    _inherit = "discuss.channel"

    livechat_transfer_user_id = fields.Many2one(
        "res.users",
        string="Transfer To",
        readonly=True,
        copy=False,
        groups=LIVECHAT_USER_GROUP,
        help="The colleague this chat is being transferred to: it waits for them to take "
        "it or to answer.",
    )
    livechat_transfer_from_id = fields.Many2one(
        "res.users",
        string="Transferred By",
        readonly=True,
        copy=False,
        groups=LIVECHAT_USER_GROUP,
        help="The agent handing this chat over: leaves the chat once the colleague (or, "
        "after a transfer to a queue, that queue's agent) takes it.",
    )
    livechat_transfer_note = fields.Text(
        "Transfer Note",
        readonly=True,
        copy=False,
        groups=LIVECHAT_USER_GROUP,
        help="The transferring agent's note for the colleague; the visitor never sees it.",
        prefetch=DETAIL_PREFETCH,
    )
    livechat_transfer_dt = fields.Datetime(
        "Transfer Asked On",
        readonly=True,
        copy=False,
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    livechat_transfer_resume_state = fields.Selection(
        lifecycle.STATES,
        string="State Before Transfer",
        readonly=True,
        copy=False,
        groups=LIVECHAT_USER_GROUP,
        help="The state the chat goes back to if the transfer is cancelled.",
        prefetch=DETAIL_PREFETCH,
    )

    # -- who may transfer, and to whom ------------------------------------------------------
    def _livechat_check_transferable(self):
        """The current agent may hand this chat over: an ongoing chat (in queue, waiting
        or chatting) that they look after or are in, any queued one, or any for a live
        chat manager."""
        self.ensure_one()
        if not self.env.user.has_group(LIVECHAT_USER_GROUP):
            raise AccessError(_("Only live chat agents can transfer live chat sessions."))
        self.check_access("read")
        # sudo: members and operator of a session the agent can read (checked above)
        channel = self.sudo()
        if channel.channel_type != "livechat" or channel.livechat_state not in (
            TRANSFERABLE_STATES
        ):
            raise UserError(_("Only an ongoing live chat can be transferred."))
        # a queue may leave transfers to supervisors (discuss_channel_step_in.py)
        self._livechat_check_reassign()
        me = self.env.user
        agent = channel.livechat_agent_id
        if (
            agent
            and agent != me.partner_id
            and me.partner_id not in channel.channel_member_ids.partner_id
            and not me.has_group(LIVECHAT_MANAGER_GROUP)
        ):
            raise UserError(
                _(
                    "%(agent)s looks after this chat: only they, someone in the chat or a "
                    "live chat manager can transfer it.",
                    agent=agent.name,
                )
            )

    def _livechat_transfer_candidates(self):
        """The colleagues this chat can go to now: the agents of any queue who would get a
        new chat by the routing rule (online or away, not on a break nor invisible, not
        in a call when the queue blocks calls, with room), neither the current user nor
        anyone already in the chat. Room is counted where the chat will count: in this
        session's queue (its Maximum Sessions) and across all queues (the global cap)."""
        self.ensure_one()
        queue = self.livechat_channel_id
        # sudo: who serves the queues and who is in the chat; only the users are returned
        # (every queue: a company has a handful of them)
        agents = self.env["im_livechat.channel"].sudo().search([]).user_ids  # pylint: disable=no-search-all
        in_chat = self.sudo().channel_member_ids.partner_id
        agents = agents.filtered(
            lambda u: u.active and u != self.env.user and u.partner_id not in in_chat
        )
        if not queue or not agents:
            return self.env["res.users"]
        candidates = queue._livechat_routing_candidates(users=agents, to_choose=False)[queue]
        pool, _reason = routing.eligible(
            routing.ASSIGNED, candidates, queue.sudo().block_assignment_during_call
        )
        return self.env["res.users"].browse(sorted(c.id for c in pool))

    def _livechat_check_colleague(self, user):
        if user not in self._livechat_transfer_candidates():
            raise UserError(
                _(
                    "%(agent)s cannot take this chat now: only colleagues who are online "
                    "(not on a break nor invisible), not already in the chat and with room "
                    "for one more chat can.",
                    agent=user.name,
                )
            )

    # -- actions ------------------------------------------------------------------------------
    def action_livechat_transfer(self):
        """Button Transfer (board, chat window): the wizard to transfer the chat to a
        colleague or a queue, or to add a colleague."""
        self.ensure_one()
        self._livechat_check_transferable()
        return {
            "type": "ir.actions.act_window",
            "name": _("Transfer the Chat"),
            "res_model": "livechat_iconic.transfer",
            "views": [[False, "form"]],
            "target": "new",
            "context": {"default_session_id": self.id},
        }

    def _livechat_transfer(self, user=None, queue=None, note=None, add=False):
        """Hand this chat over to ``user`` (a colleague: pending until they take it), or
        to ``queue`` (routed there at once), or add ``user`` to it (``add``). Checked
        again under the session's lock: the colleague must still be eligible."""
        self.ensure_one()
        self._livechat_check_transferable()
        self._livechat_lock()
        self._livechat_check_transferable()
        note = (note or "").strip()
        # sudo: reading the pending transfer of a session the agent may transfer
        pending = self.sudo().livechat_transfer_user_id
        if pending and not add:
            raise UserError(
                _(
                    "This chat is already being transferred to %(agent)s: cancel that "
                    "transfer first.",
                    agent=pending.name,
                )
            )
        if queue:
            if add:
                raise UserError(_("Only a colleague can be added to a chat."))
            return self._livechat_transfer_to_queue(queue, note)
        if not user:
            raise UserError(_("Choose the colleague or the queue to transfer the chat to."))
        self._livechat_check_colleague(user)
        if add:
            return self._livechat_add_colleague(user, note)
        return self._livechat_transfer_to_colleague(user, note)

    def _livechat_transfer_to_colleague(self, user, note):
        me = self.env.user
        # sudo: the checked agent hands the chat over; membership and state are the system's
        channel = self.sudo()
        from_user = (
            channel.livechat_agent_id.user_ids[:1] or channel.livechat_transfer_from_id or me
        )
        # the colleague joins silently so they can read and answer; the visitor is told below
        channel._add_members(users=user, post_joined_message=False)
        vals = {
            "livechat_transfer_user_id": user.id,
            "livechat_transfer_from_id": from_user.id,
            "livechat_transfer_note": note or False,
            "livechat_transfer_dt": fields.Datetime.now(),
            "livechat_transfer_resume_state": channel.livechat_state,
        }
        if channel.livechat_state != "waiting":
            channel._livechat_set_state("waiting", vals)
        else:
            channel.write(vals)
            channel._livechat_notify_board(list(vals))
        channel._livechat_keep_transfer_note(note, user)
        channel._livechat_post_notice(
            channel._livechat_visitor_env()._(
                "You are being transferred to a colleague. Please hold on: they will "
                "answer you here."
            )
        )
        colleague_env = channel.with_context(lang=user.lang).env
        body = colleague_env._(
            "%(agent)s transfers %(visitor)s (%(queue)s) to you: %(question)s",
            agent=me.name,
            visitor=channel.livechat_visitor_name,
            queue=channel.livechat_channel_id.name,
            question=channel.livechat_question or colleague_env._("(no question yet)"),
        )
        if note:
            body = colleague_env._("%(body)s. Note: %(note)s", body=body, note=note)
        channel._livechat_alert(user, colleague_env._("A chat is transferred to you"), body)
        return True

    def _livechat_add_colleague(self, user, note):
        me = self.env.user
        # sudo: the checked agent invites a colleague as Odoo's "invite" does
        channel = self.sudo()
        channel._add_members(users=user, inviting_partner=me.partner_id)
        channel._livechat_keep_transfer_note(note, user)
        colleague_env = channel.with_context(lang=user.lang).env
        body = colleague_env._(
            "%(agent)s added you to the chat with %(visitor)s (%(queue)s).",
            agent=me.name,
            visitor=channel.livechat_visitor_name,
            queue=channel.livechat_channel_id.name,
        )
        if note:
            body = colleague_env._("%(body)s Note: %(note)s", body=body, note=note)
        channel._livechat_alert(user, colleague_env._("You were added to a chat"), body)
        return True

    def _livechat_transfer_to_queue(self, queue, note):
        """The chat moves to ``queue`` and is routed there as a new one: assigned queues
        give it to the next agent at once (never back to the transferring agent), a
        broadcast queue offers it to all; it waits IN QUEUE when nobody can take it. The
        transferring agent leaves once an agent of that queue has it (Odoo would end a
        chat whose last agent leaves)."""
        # sudo: the checked agent moves the chat; the routing reads the queue's agents
        channel = self.sudo()
        queue = queue.sudo()
        if queue == channel.livechat_channel_id:
            raise UserError(_("The chat is already in %(queue)s.", queue=queue.name))
        # still the first agent when the chat already waits in a queue it was transferred to
        from_user = channel.livechat_agent_id.user_ids[:1] or channel.livechat_transfer_from_id
        vals = {
            "livechat_channel_id": queue.id,
            "livechat_operator_id": self._livechat_queue_partner().id,
            "livechat_transfer_from_id": from_user.id,
            "livechat_transfer_note": note or False,
            "livechat_transfer_dt": fields.Datetime.now(),
        }
        channel._livechat_keep_transfer_note(note, queue)
        channel._livechat_post_notice(
            channel._livechat_visitor_env()._(
                "You are being transferred to %(queue)s. Please hold on.", queue=queue.name
            )
        )
        if channel.livechat_state != "in_queue":
            channel._livechat_set_state("in_queue", vals)  # broadcast queues offer it there
        else:
            channel.write(vals)
            channel._livechat_notify_board(list(vals))
            if queue.livechat_routing_mode == routing.BROADCAST:
                channel._livechat_broadcast()
        if queue.livechat_routing_mode == routing.ASSIGNED:
            decision = queue._livechat_route(
                users=queue.user_ids - from_user,
                needs=queue._livechat_needs(country_id=channel.country_id.id),
            )
            if decision:
                channel._livechat_assign_agent(self.env["res.users"].browse(decision.agent_id))
        if channel.livechat_state == "in_queue":
            channel._livechat_post_queue_notice()
        return True

    def action_livechat_transfer_cancel(self):
        """Button Cancel Transfer: the transferring agent takes the chat back, or the
        colleague declines it (or a manager cancels). The colleague leaves the chat."""
        self.ensure_one()
        self._livechat_check_agent()
        self._livechat_lock()
        me = self.env.user
        # sudo: the pending transfer, read and undone by one of the agents it concerns
        channel = self.sudo()
        target, from_user = channel.livechat_transfer_user_id, channel.livechat_transfer_from_id
        if not target:
            raise UserError(_("This chat is not being transferred to a colleague."))
        if me not in (target | from_user) and not me.has_group(LIVECHAT_MANAGER_GROUP):
            raise UserError(
                _(
                    "Only %(agent)s, who asked for the transfer, or %(colleague)s can cancel it.",
                    agent=from_user.name,
                    colleague=target.name,
                )
            )
        resume = channel.livechat_transfer_resume_state
        vals = dict.fromkeys(TRANSFER_FIELDS, False)
        if (
            resume
            and resume != channel.livechat_state
            and lifecycle.can_transition(channel.livechat_state, resume)
        ):
            channel._livechat_set_state(resume, vals)
        else:
            channel.write(vals)
            channel._livechat_notify_board(list(vals))
        if target.partner_id in channel.channel_member_ids.partner_id:
            channel._action_unfollow(partner=target.partner_id, post_leave_message=False)
        if channel.livechat_agent_id:
            channel._livechat_post_notice(
                channel._livechat_visitor_env()._(
                    "%(agent)s is still looking after you.",
                    agent=channel.livechat_operator_id.user_livechat_username
                    or channel.livechat_operator_id.name,
                )
            )
        if from_user and from_user != me:
            from_env = channel.with_context(lang=from_user.lang).env
            channel._livechat_alert(
                from_user,
                from_env._("Transfer cancelled"),
                from_env._(
                    "%(agent)s cancelled the transfer of %(visitor)s to %(colleague)s: the "
                    "chat is still yours.",
                    agent=me.name,
                    visitor=channel.livechat_visitor_name,
                    colleague=target.name,
                ),
            )
        return True

    def _livechat_transfer_stops_timers(self):
        """Whether this chat is handed over to a colleague: it waits for that colleague,
        not for the routing, and no inactivity timer runs meanwhile (the agent who asked
        can cancel). Read first by ``_livechat_inactivity_timer``."""
        # sudo: whether the session is being handed over
        return bool(self.sudo().livechat_transfer_user_id)

    # -- the colleague takes it: by the Chat button, by answering, or by the dispatch ---------
    def _livechat_transfer_check_takeable(self):
        """Called by ``_livechat_check_takeable`` (discuss_channel.py), after its own
        checks: a chat handed over to a colleague is theirs to take."""
        # sudo: the pending transfer decides who may take the chat
        target = self.sudo().livechat_transfer_user_id
        me = self.env.user
        if target and target != me:
            if me == self.sudo().livechat_transfer_from_id:
                raise UserError(
                    _(
                        "You are transferring this chat to %(agent)s: cancel the transfer "
                        "to take it back.",
                        agent=target.name,
                    )
                )
            raise UserError(_("This chat is being transferred to %(agent)s.", agent=target.name))

    def _livechat_transfer_on_take(self):
        """Called by ``action_livechat_take`` (discuss_channel.py), last: a pending
        hand-over is done, I have the chat."""
        self._livechat_transfer_done(self.env.user)

    def _livechat_transfer_on_message(self, message):
        """Called first by ``_livechat_on_message`` (discuss_channel.py); returns the
        session on which the rest of it runs: held (``HOLD_CONTEXT_KEY``) while the chat is
        handed over and someone else than the colleague writes."""
        # sudo: the pending transfer of the session someone is posting in
        channel = self.sudo()
        target = channel.livechat_transfer_user_id
        if target and message.author_id == target.partner_id:
            # the colleague answers: they accept the chat
            channel._livechat_set_state("chatting", {"livechat_operator_id": target.partner_id.id})
            channel._livechat_transfer_done(target)
        elif target or channel.livechat_transfer_from_id:
            # the transferring agent writes while the chat is handed over: it still waits
            return self.with_context(**{HOLD_CONTEXT_KEY: True})
        return self

    def _livechat_transfer_on_state(self, new_state, extra_vals, dropped):
        """Called first by ``_livechat_set_state`` (discuss_channel.py); returns the
        sessions that go on to the transition: all but those held while handed over (a
        message that would start the chat: only its other values are written). A chat
        that ends is no longer handed over."""
        if new_state == "chatting" and self.env.context.get(HOLD_CONTEXT_KEY):
            # sudo: whether the session is being handed over
            held = self.filtered(
                lambda c: (
                    c.livechat_state in ("waiting", "in_queue")
                    and (c.sudo().livechat_transfer_user_id or c.sudo().livechat_transfer_from_id)
                )
            )
            if extra_vals:
                # sudo: what the message changes besides the state (timers, first answer)
                held.sudo().write(extra_vals)
                held._livechat_notify_board(list(extra_vals))
            return self - held
        if new_state in ("closed", "left") and not dropped:
            # a chat that ends is no longer being handed over
            # sudo: the hand-over the system keeps on the session
            handed_over = self.sudo().filtered(
                lambda c: c.livechat_transfer_user_id or c.livechat_transfer_from_id
            )
            if handed_over:
                handed_over.write(dict.fromkeys(TRANSFER_FIELDS, False))
                handed_over._livechat_notify_board(["livechat_transfer_user_id"])
        return self

    def _livechat_transfer_done(self, user):
        """``user`` now has the chat: a pending transfer is over and the agent who handed
        it over leaves it (unless they took it back)."""
        self.ensure_one()
        # sudo: ending the hand-over the system keeps on the session
        channel = self.sudo()
        from_user = channel.livechat_transfer_from_id
        if not (from_user or channel.livechat_transfer_user_id):
            return
        channel.write(dict.fromkeys(TRANSFER_FIELDS, False))
        channel._livechat_notify_board(["livechat_transfer_user_id"])
        if from_user and from_user != user:
            if from_user.partner_id in channel.channel_member_ids.partner_id:
                channel._action_unfollow(partner=from_user.partner_id)
            channel._livechat_post_notice(
                channel._livechat_visitor_env()._(
                    "%(agent)s is now looking after you.",
                    agent=user.livechat_username or user.name,
                )
            )

    # -- helpers ------------------------------------------------------------------------------
    def _livechat_visitor_env(self):
        """The environment in the visitor's language, for the notices they read."""
        # sudo: the visitor's language, as Odoo reads the visitor's time zone
        customer = self.sudo().livechat_customer_history_ids[:1]
        lang = customer.partner_id.lang or customer.guest_id.lang or self.env.lang
        return self.with_context(lang=lang).env

    def _livechat_keep_transfer_note(self, note, to):
        """The note stays on the session for agents only: appended to Odoo's internal
        "Live Chat Note" (the chat window's Information panel), never posted."""
        if not note:
            return
        line = Markup("<p><b>%s</b> %s</p>") % (
            _("%(agent)s → %(to)s:", agent=self.env.user.name, to=to.display_name),
            note,
        )
        # sudo: the internal note of a session the agent may transfer
        channel = self.sudo()
        channel.livechat_note = (channel.livechat_note or Markup()) + line

    def _livechat_alert(self, user, title, body):
        """A ``livechat_iconic.alert`` notice to ``user`` about this chat (with the link to
        the board, where they press Chat)."""
        payload = self.env["im_livechat.channel"]._livechat_alert_payload(self, title, body)
        user.partner_id._bus_send(ALERT_NOTIFICATION, payload)

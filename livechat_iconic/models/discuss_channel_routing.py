import logging

from markupsafe import Markup

from odoo import _, models
from odoo.exceptions import UserError

from odoo.addons.mail.tools.discuss import Store

from ..lib import routing

_logger = logging.getLogger(__name__)

TAKEN_NOTIFICATION = "livechat_iconic.routing/taken"


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    # -- broadcast: every eligible agent is told, the first to take wins ---------------------
    def _livechat_routing_on_create(self):
        """Called by ``create`` (discuss_channel.py): the new queued sessions of broadcast
        queues are offered to their agents."""
        self.filtered(
            lambda c: (
                c.livechat_state == "in_queue"
                and c.livechat_channel_id.livechat_routing_mode == routing.BROADCAST
            )
        )._livechat_broadcast()

    def _livechat_broadcast(self):
        """Offer these queued sessions of broadcast queues to every eligible agent of their
        queue (online, away or invisible, with room): a notice with the board's link. The
        first to take the chat (``action_livechat_take``) gets it. A held session (no
        visitor message yet) is offered at that message (``_livechat_announce``)."""
        for channel in self._livechat_announced():
            queue = channel.livechat_channel_id
            decision = queue._livechat_route()
            if not decision:
                continue
            payload = queue._livechat_alert_payload(
                channel,
                _("A visitor needs an agent"),
                _(
                    "%(visitor)s in %(queue)s: the first to take the chat gets it.",
                    visitor=channel.livechat_visitor_name,
                    queue=queue.name,
                ),
            )
            payload["answer"] = True  # the notice offers to open the chat and answer it
            # sudo: notifying the queue's agents the routing chose
            for user in self.env["res.users"].sudo().browse(decision.agent_ids):
                user.partner_id._bus_send("livechat_iconic.alert", payload)

    def _livechat_routing_before_take(self):
        """Called by ``action_livechat_take`` (discuss_channel.py) before the take: the
        broadcast queue whose agents are to learn who took this queued chat (or none)."""
        queue = self.livechat_channel_id
        broadcast = queue.livechat_routing_mode == routing.BROADCAST
        was_queued = self.livechat_state == "in_queue"
        return queue if broadcast and was_queued else queue.browse()

    def _livechat_routing_on_take(self, queue):
        """Called by ``action_livechat_take`` after the take, with the queue that
        ``_livechat_routing_before_take`` gave."""
        if queue:
            self._livechat_tell_taken(queue)

    def _livechat_tell_taken(self, queue):
        """The other agents of a broadcast queue learn who took the chat."""
        me = self.env.user
        # sudo: telling the queue's agents, who were offered this chat
        for user in queue.sudo().user_ids - me:
            user.partner_id._bus_send(
                TAKEN_NOTIFICATION,
                {
                    "id": self.id,
                    "agent": me.name,
                    "message": _(
                        "%(agent)s took the chat with %(visitor)s.",
                        agent=me.name,
                        visitor=self.livechat_visitor_name,
                    ),
                },
            )

    def _livechat_routing_check_takeable(self):
        """Called by ``_livechat_check_takeable`` (discuss_channel.py): an invisible agent
        (the board's Chat button, an answer to an offer, Slack's Claim, a colleague's
        hand-over) takes no chat of an assigned queue, where the routing gives them none,
        unless they already look after it; they take those of a broadcast queue."""
        if self.livechat_agent_id == self.env.user.partner_id:
            return
        self.livechat_channel_id._livechat_routing_check_may_take()

    def _livechat_routing_check_global_cap(self):
        """Called by ``_livechat_check_capacity`` (discuss_channel.py) after the queue's
        Maximum Sessions: the global cap on parallel chats per agent across all queues."""
        cap = self.env["im_livechat.channel"]._livechat_global_cap()
        me = self.env.user
        # sudo: whether the agent is already in this chat (then it is not a new one)
        if not cap or me.partner_id in self.sudo().channel_member_ids.partner_id:
            return
        total, _per_queue = me._livechat_agent_loads()
        if total.get(me.id, 0) >= cap:
            raise UserError(
                _(
                    "You already have %(count)s chats, the most an agent may have at once.",
                    count=total[me.id],
                )
            )

    # -- dispatch: assigned queues give queued chats to agents who become available ----------
    def _livechat_routing_before_state(self, new_state):
        """Called by ``_livechat_set_state`` (discuss_channel.py) before the change: the
        sessions with an agent that ``new_state`` ends."""
        if new_state in ("closed", "left"):
            return self.filtered(lambda c: c.livechat_agent_id)
        return self.browse()

    def _livechat_routing_on_state(self, new_state, ending):
        """Called by ``_livechat_set_state`` after the change, with the sessions that
        ``_livechat_routing_before_state`` gave."""
        if new_state == "in_queue":
            self.filtered(
                lambda c: c.livechat_channel_id.livechat_routing_mode == routing.BROADCAST
            )._livechat_broadcast()
            self.env["im_livechat.channel"]._livechat_trigger_dispatch()
        elif ending:
            # an agent's chat ended: room for a queued one
            self.env["im_livechat.channel"]._livechat_trigger_dispatch()

    def _livechat_dispatch(self, now=None, carry=None):
        """Assign these queued sessions (of assigned queues) in SLA order to the agents the
        routing rule picks, in one pass; returns ``{session: user}`` of the assignments.
        The assignments are made together (``_livechat_assign_agents``): the cost of one
        grows far slower than the number of sessions. ``carry``: see
        ``im_livechat.channel._livechat_dispatch_plan``. A held session (no visitor
        message yet) is given to nobody: its visitor's first message wakes the dispatch."""
        queued = self._livechat_announced().filtered(
            lambda c: (
                c.livechat_state == "in_queue"
                and c.livechat_channel_id.livechat_routing_mode == routing.ASSIGNED
            )
        )
        if not queued:
            return {}
        assignments, _unassigned = queued.livechat_channel_id._livechat_dispatch_plan(
            queued, now=now, carry=carry
        )
        users = self.env["res.users"].browse(set(assignments.values()))
        by_id = {u.id: u for u in users}
        done = {
            channel: by_id[assignments[channel.id]]
            for channel in queued.filtered(lambda c: c.id in assignments)
        }
        if done:
            self._livechat_assign_agents(done)
            _logger.info("Live chat dispatch: %s queued sessions assigned", len(done))
        return done

    def _livechat_lock_for_dispatch(self):
        """Lock these sessions for the dispatch; those another transaction holds (a
        visitor posting, an agent taking the chat) are skipped, not waited for. Returns
        the locked ones still IN QUEUE, read afresh."""
        if not self:
            return self
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT id FROM discuss_channel WHERE id IN %s FOR NO KEY UPDATE SKIP LOCKED",
            [tuple(self.ids)],
        )
        locked = self.browse([row[0] for row in self.env.cr.fetchall()])
        locked.invalidate_recordset()
        return self.filtered(lambda c: c in locked and c.livechat_state == "in_queue")

    def _livechat_assign_agent(self, user):
        """Give this queued session to ``user`` (see ``_livechat_assign_agents``)."""
        self.ensure_one()
        return self._livechat_assign_agents({self: user})

    def _livechat_assign_agents(self, assignments):
        """Give queued sessions to agents, ``assignments`` being ``{session: user}``: the
        agent joins (Odoo's joined notice to the agent, the "invited" line in the chat, the
        member count to the chat), becomes the operator, the session goes WAITING (the
        agent has not answered yet) and the agent gets a notice. Done for all the sessions
        at once: the members in one create, the state change for all of them, so the hooks
        of the state change (timers, board, Slack, queue positions) run once per batch."""
        if not assignments:
            return True
        # sudo: the routing assigns the sessions; the agents serve their queues
        channels = self.browse([c.id for c in assignments]).sudo()
        user_of = {c.id: u for c, u in assignments.items()}
        channels._livechat_add_agents({c: user_of[c.id] for c in channels})
        # each session its operator (written together at flush), then one state change
        for channel in channels:
            channel.livechat_operator_id = user_of[channel.id].partner_id
        no_agent = channels.filtered(lambda c: c.livechat_failure == "no_agent")
        for group, extra in (
            (channels - no_agent, {}),
            (no_agent, {"livechat_failure": "no_answer"}),
        ):
            if group:
                group._livechat_set_state("waiting", extra)
        channels._livechat_notify_board(["livechat_operator_id"])
        for channel in channels:
            channel._livechat_tell_assigned(user_of[channel.id])
            # a pending transfer ends with the assignment (discuss_channel_transfer.py)
            channel._livechat_transfer_done(user_of[channel.id])
        return True

    def _livechat_tell_assigned(self, user):
        """The notice to ``user`` that this chat was given to them (routing, pass-on)."""
        self.ensure_one()
        queue = self.livechat_channel_id
        user.partner_id._bus_send(
            "livechat_iconic.alert",
            queue._livechat_alert_payload(
                self,
                _("A chat was assigned to you"),
                _(
                    "%(visitor)s in %(queue)s: %(question)s",
                    visitor=self.livechat_visitor_name,
                    queue=queue.name,
                    question=self.livechat_question or _("(no question yet)"),
                ),
            ),
        )

    def _livechat_add_agents(self, user_of):
        """``user_of`` ``{session: user}``: each user joins their session as its agent, as
        Odoo's ``_add_members(users=user, post_joined_message=True)`` does it (the joined
        notice on the agent's bus, the "invited" line in the chat, the member count on the
        chat's bus, a session that needed help is in progress), with the members of all
        the sessions created at once (one member history write for all)."""
        Member = self.env["discuss.channel.member"].sudo()
        # Odoo recomputes these stored lists one session at a time once the agents' member
        # history exists, reading each session's current list first: read them for all now
        self.mapped("livechat_agent_partner_ids")
        self.mapped("livechat_bot_partner_ids")
        self.mapped("livechat_customer_partner_ids")
        self.mapped("livechat_expertise_ids")
        existing = {
            (m.channel_id.id, m.partner_id.id)
            for m in Member.search_fetch(
                [
                    ("channel_id", "in", self.ids),
                    ("partner_id", "in", [u.partner_id.id for u in user_of.values()]),
                ],
                ["channel_id", "partner_id"],
            )
        }
        new_members = Member.create(
            [
                {
                    "channel_id": channel.id,
                    "partner_id": user.partner_id.id,
                    "livechat_member_type": "agent",
                }
                for channel, user in user_of.items()
                if (channel.id, user.partner_id.id) not in existing
            ]
        )
        if not new_members:
            return new_members
        public = self.env.user._is_public()
        # what the notices show of the sessions' members, read for all of them at once
        members = self.channel_member_ids
        members.mapped("livechat_member_type")
        members.partner_id.mapped("im_status")
        members.guest_id.mapped("name")
        members.guest_id.mapped("im_status")
        self.mapped("rating_avg")
        # the notices of all the members first, then the messages: the stores read the
        # sessions together, before a message changes them
        for member in new_members:
            channel = member.channel_id
            payload = {
                "channel_id": channel.id,
                "data": Store(bus_channel=member._bus_channel())
                .add(channel)
                .add(member, "unpin_dt")
                .get_result(),
            }
            if not member.is_self and not public:
                payload["invited_by_user_id"] = self.env.user.id
            member._bus_send("discuss.channel/joined", payload)
            Store(bus_channel=channel).add(channel, "member_count").add(member).bus_send()
        # what message_post works out for each message, worked out for all the sessions
        author_id, email_from = self._message_compute_author()
        alias_domains = self._mail_get_alias_domains(default_company=self.env.company)
        companies = self._mail_get_companies(default=self.env.company)
        reply_to = self._notify_get_reply_to(default=email_from, author_id=author_id)
        for member in new_members:
            channel = member.channel_id
            notification = (
                _("joined the channel")
                if member.is_self
                else _("invited %s to the channel", member._get_html_link(for_persona=True))
            )
            channel.message_post(
                body=Markup(
                    '<div class="o_mail_notification" data-oe-type="channel-joined">%s</div>'
                )
                % notification,
                message_type="notification",
                subtype_xmlid="mail.mt_comment",
                record_alias_domain_id=alias_domains[channel.id].id,
                record_company_id=companies[channel.id].id,
                reply_to=reply_to[channel.id],
            )
        new_members.channel_id.filtered(lambda c: c.livechat_status == "need_help").write(
            {"livechat_status": "in_progress"}
        )
        return new_members

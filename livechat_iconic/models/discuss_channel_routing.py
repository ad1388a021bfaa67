import logging

from odoo import _, api, models
from odoo.exceptions import UserError

from ..lib import routing

_logger = logging.getLogger(__name__)

TAKEN_NOTIFICATION = "livechat_iconic.routing/taken"


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    # -- broadcast: every eligible agent is told, the first to take wins ---------------------
    @api.model_create_multi
    def create(self, vals_list):
        channels = super().create(vals_list)
        channels.filtered(
            lambda c: (
                c.livechat_state == "in_queue"
                and c.livechat_channel_id.livechat_routing_mode == routing.BROADCAST
            )
        )._livechat_broadcast()
        return channels

    def _livechat_broadcast(self):
        """Offer these queued sessions of broadcast queues to every eligible agent of their
        queue (online, away or invisible, with room): a notice with the board's link. The
        first to take the chat (``action_livechat_take``) gets it."""
        for channel in self:
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

    def action_livechat_take(self):
        queue = self.livechat_channel_id
        broadcast = queue.livechat_routing_mode == routing.BROADCAST
        was_queued = self.livechat_state == "in_queue"
        result = super().action_livechat_take()
        if broadcast and was_queued:
            self._livechat_tell_taken(queue)
        return result

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

    def _livechat_check_capacity(self):
        """Odoo's per-queue Maximum Sessions (super), then the global cap on parallel
        chats per agent across all queues."""
        result = super()._livechat_check_capacity()
        cap = self.env["im_livechat.channel"]._livechat_global_cap()
        me = self.env.user
        # sudo: whether the agent is already in this chat (then it is not a new one)
        if not cap or me.partner_id in self.sudo().channel_member_ids.partner_id:
            return result
        total, _per_queue = me._livechat_agent_loads()
        if total.get(me.id, 0) >= cap:
            raise UserError(
                _(
                    "You already have %(count)s chats, the most an agent may have at once.",
                    count=total[me.id],
                )
            )
        return result

    # -- dispatch: assigned queues give queued chats to agents who become available ----------
    def _livechat_set_state(self, new_state, extra_vals=None, dropped=False):
        ending = (
            self.filtered(lambda c: c.livechat_agent_id)
            if new_state
            in (
                "closed",
                "left",
            )
            else self.browse()
        )
        result = super()._livechat_set_state(new_state, extra_vals=extra_vals, dropped=dropped)
        if new_state == "in_queue":
            self.filtered(
                lambda c: c.livechat_channel_id.livechat_routing_mode == routing.BROADCAST
            )._livechat_broadcast()
            self.env["im_livechat.channel"]._livechat_trigger_dispatch()
        elif ending:
            # an agent's chat ended: room for a queued one
            self.env["im_livechat.channel"]._livechat_trigger_dispatch()
        return result

    def _livechat_dispatch(self, now=None):
        """Assign these queued sessions (of assigned queues) in SLA order to the agents the
        routing rule picks, in one pass; returns ``{session: user}`` of the assignments."""
        queued = self.filtered(
            lambda c: (
                c.livechat_state == "in_queue"
                and c.livechat_channel_id.livechat_routing_mode == routing.ASSIGNED
            )
        )
        if not queued:
            return {}
        assignments, _unassigned = queued.livechat_channel_id._livechat_dispatch_plan(
            queued, now=now
        )
        users = self.env["res.users"].browse(set(assignments.values()))
        by_id = {u.id: u for u in users}
        done = {}
        for channel in queued.filtered(lambda c: c.id in assignments):
            user = by_id[assignments[channel.id]]
            channel._livechat_assign_agent(user)
            done[channel] = user
        if done:
            _logger.info("Live chat dispatch: %s queued sessions assigned", len(done))
        return done

    def _livechat_assign_agent(self, user):
        """Give this queued session to ``user``: member, operator, state WAITING (the
        agent has not answered yet)."""
        self.ensure_one()
        # sudo: the routing assigns the session; the agent serves its queue
        channel = self.sudo()
        if user.partner_id not in channel.channel_member_ids.partner_id:
            channel._add_members(users=user, post_joined_message=True)
        extra = {"livechat_operator_id": user.partner_id.id}
        if channel.livechat_failure == "no_agent":
            extra["livechat_failure"] = "no_answer"
        channel._livechat_set_state("waiting", extra)
        user.partner_id._bus_send(
            "livechat_iconic.alert",
            channel.livechat_channel_id._livechat_alert_payload(
                channel,
                _("A chat was assigned to you"),
                _(
                    "%(visitor)s in %(queue)s: %(question)s",
                    visitor=channel.livechat_visitor_name,
                    queue=channel.livechat_channel_id.name,
                    question=channel.livechat_question or _("(no question yet)"),
                ),
            ),
        )
        return True

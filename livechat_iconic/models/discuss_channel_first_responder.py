from odoo import _, models
from odoo.exceptions import UserError

from ..lib import routing


class DiscussChannel(models.Model):
    """Broadcast queues: an agent who was offered a waiting chat may open it and simply
    answer; the first to answer (or to press Chat) gets it, as the board's take does."""

    _inherit = "discuss.channel"

    def _livechat_is_broadcast_offer(self):
        self.ensure_one()
        return (
            self.livechat_state == "in_queue"
            and self.livechat_channel_id.livechat_routing_mode == routing.BROADCAST
        )

    def action_livechat_answer(self):
        """Button Answer (on the offer's notice): open a waiting chat of a broadcast queue
        to read it and answer, without taking it yet; the first message takes it. Only for
        the agents the routing offers it to."""
        self.ensure_one()
        self._livechat_check_agent()
        # sudo: the queue's routing and the session's members, for an agent who can read it
        channel = self.sudo()
        me = self.env.user
        if me.partner_id in channel.channel_member_ids.partner_id:
            return self._livechat_open_action()
        if not channel._livechat_is_broadcast_offer():
            return self.action_livechat_take()
        if me.id not in channel.livechat_channel_id._livechat_route().agent_ids:
            raise UserError(
                _("This chat is offered to the agents of %(queue)s who are available.",
                  queue=channel.livechat_channel_id.name)
            )  # fmt: skip
        channel._add_members(users=me, post_joined_message=False)
        return self._livechat_open_action()

    def _livechat_first_responder_on_message(self, message):
        """Called by ``_livechat_on_message`` (discuss_channel.py) before the session's own
        clocks: an agent's answer to an offered chat takes it."""
        # sudo: reading the session's queue and members for the author's role
        channel = self.sudo()
        if (
            channel.channel_type == "livechat"
            and channel._livechat_is_broadcast_offer()
            and message.author_id.user_ids
            and self._livechat_author_type(message) == "agent"
            and channel.livechat_operator_id != message.author_id
        ):
            # the first to answer gets the chat, under the board's lock and rules
            self.with_user(message.author_id.user_ids[0])._livechat_take_by_answer()

    def _livechat_take_by_answer(self):
        """The current agent answered an offered chat: they take it (the others who opened
        it leave, and every agent of the queue learns who took it)."""
        self.ensure_one()
        self._livechat_lock()
        self._livechat_check_takeable()
        me = self.env.user.partner_id
        # sudo: the taker is an agent who may take the chat (checked above)
        channel = self.sudo()
        channel._livechat_drop_onlookers()
        extra = {"livechat_operator_id": me.id}
        if channel.livechat_failure == "no_agent":
            extra["livechat_failure"] = "no_answer"
        queue = channel.livechat_channel_id
        channel._livechat_set_state("chatting", extra)
        self._livechat_tell_taken(queue)

    def _livechat_first_responder_before_take(self):
        """Called by ``action_livechat_take`` (discuss_channel.py) before the take: whether
        the chat is a broadcast offer."""
        return bool(self.livechat_channel_id and self.sudo()._livechat_is_broadcast_offer())

    def _livechat_first_responder_on_take(self, offered):
        """Called by ``action_livechat_take`` after the take, with what
        ``_livechat_first_responder_before_take`` gave."""
        if offered:
            # sudo: the taker's chat; the agents who opened it to answer leave it
            self.sudo()._livechat_drop_onlookers()

    def _livechat_drop_onlookers(self):
        """The agents who opened this offered chat to answer it and wrote nothing leave it
        silently, now that the current agent has it."""
        self.ensure_one()
        me = self.env.user.partner_id
        writers = self.message_ids.author_id
        for member in self.channel_member_ids.filtered(
            lambda m: (
                m.livechat_member_type == "agent"
                and m.partner_id != me
                and m.partner_id not in writers
            )
        ):
            self._livechat_drop_agent(member.partner_id)

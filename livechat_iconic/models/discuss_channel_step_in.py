from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.im_livechat.models.discuss_channel import is_livechat_channel
from odoo.addons.mail.tools.discuss import Store

from ..lib.groups import LIVECHAT_USER_GROUP


class DiscussChannel(models.Model):
    """Colleagues step in; managers reassign.

    A chat whose visitor waits for a reply longer than the queue allows goes from CHATTING
    to WAITING "for a reply" (the timers scheduled action, rules in ``lib/inactivity.py``):
    the Customers Waiting board shows it so, and a colleague can step in (join the chat,
    as Odoo's "join a chat looking for help" does); its agent is told and keeps the chat.
    The first agent's or the colleague's answer makes it CHATTING again, its clocks going
    on. Unlike a chat its agent never answered, it is not passed on to the next agent.

    A queue may leave transfers and reassignments (taking a chat another agent looks
    after) to supervisors: checked here, called by the transfer and the take.
    """

    _inherit = "discuss.channel"

    livechat_waiting_reply = fields.Boolean(
        "Waiting for a Reply",
        readonly=True,
        copy=False,
        groups=LIVECHAT_USER_GROUP,
        help="Waiting: the visitor has waited longer than the queue allows for a reply in "
        "the conversation; a colleague can step in.",
    )
    livechat_reassign_restricted = fields.Boolean(
        "Transfers Left to Supervisors",
        compute="_compute_livechat_reassign_restricted",
        groups=LIVECHAT_USER_GROUP,
        help="The queue lets only supervisors transfer its chats, and you are not one.",
    )
    livechat_take_restricted = fields.Boolean(
        "Reassigning Left to Supervisors",
        compute="_compute_livechat_reassign_restricted",
        groups=LIVECHAT_USER_GROUP,
        help="Another agent looks after this chat and its queue lets only supervisors "
        "reassign it, and you are not one.",
    )

    @api.depends_context("uid")
    @api.depends(
        "livechat_channel_id.livechat_reassign_supervisors_only",
        "livechat_operator_id",
        "livechat_transfer_user_id",
    )
    def _compute_livechat_reassign_restricted(self):
        me = self.env.user
        allowed = {queue.id: queue._livechat_may_reassign(me) for queue in self.livechat_channel_id}
        for channel in self:
            restricted = not allowed.get(channel.livechat_channel_id.id, True)
            channel.livechat_reassign_restricted = restricted
            channel.livechat_take_restricted = restricted and channel._livechat_is_others_chat()

    def _livechat_is_others_chat(self):
        """Another agent looks after this chat, and it is not being handed over to me."""
        self.ensure_one()
        me = self.env.user
        # sudo: who looks after the chat and whom it is handed over to
        channel = self.sudo()
        agent = channel.livechat_agent_id
        return bool(agent) and agent != me.partner_id and channel.livechat_transfer_user_id != me

    def _livechat_check_reassign(self, taking=False):
        """Refuse a transfer (or, ``taking``, a take of another agent's chat) to anyone but
        a supervisor when the queue leaves them to supervisors. Called by
        ``_livechat_check_transferable`` (discuss_channel_transfer.py) and
        ``_livechat_check_takeable`` (discuss_channel.py)."""
        self.ensure_one()
        queue = self.livechat_channel_id
        if not queue or queue._livechat_may_reassign(self.env.user):
            return
        if not taking:
            raise AccessError(
                _(
                    "In %(queue)s only supervisors transfer chats or add a colleague to them.",
                    queue=queue.name,
                )
            )
        if self._livechat_is_others_chat():
            raise AccessError(
                _(
                    "%(agent)s looks after this chat: in %(queue)s only supervisors "
                    "reassign chats. When the visitor waits for a reply, you can step in.",
                    agent=self.sudo().livechat_agent_id.name,
                    queue=queue.name,
                )
            )

    def _livechat_step_in_store_fields(self, target):
        """Called by ``_to_store_defaults`` (discuss_channel.py): for an internal user,
        whether the chat's queue leaves transfers to supervisors; the chat window hides
        its Transfer action then from anyone who is not one (the global
        ``livechat_iconic_reassigns``, res_users_step_in.py)."""
        if not target.is_internal(self.env):
            return []
        # sudo: the queue's option, the same for every agent of the chat
        return [
            Store.Attr(
                "livechat_transfers_for_supervisors",
                lambda c: c.livechat_channel_id.sudo().livechat_reassign_supervisors_only,
                predicate=is_livechat_channel,
            )
        ]

    # -- the visitor waits for a reply --------------------------------------------------------
    def _livechat_wait_for_reply(self):
        """The visitors of these chats have waited the queue's limit for a reply: the chats
        are WAITING for a reply (the board shows them so). Called by the timers' batch
        (discuss_channel_inactivity.py)."""
        self._livechat_set_state("waiting", {"livechat_waiting_reply": True})

    def _livechat_waiting_reply_keeps_clocks(self, new_state, extra):
        """Called by ``_livechat_apply_state``: whether this move keeps the state's clock
        (to WAITING for a reply, or back to CHATTING from there: the same conversation)."""
        if new_state == "waiting":
            return bool(extra.get("livechat_waiting_reply"))
        # sudo: the flag the state change reads
        return new_state == "chatting" and self.sudo().livechat_waiting_reply

    def action_livechat_step_in(self):
        """Button Step In (board): a colleague joins a chat whose visitor waits for a reply,
        as Odoo joins a chat looking for help (``livechat_join_channel_needing_help``: a
        member, and Odoo's "joined the channel" notice in the chat). The chat's agent is
        told and keeps it; the colleague's answer makes it CHATTING again."""
        self.ensure_one()
        self._livechat_check_agent()
        self._livechat_lock()
        me = self.env.user
        # sudo: the state and members of a session the agent can read (checked above)
        channel = self.sudo()
        if (
            channel.channel_type != "livechat"
            or channel.livechat_state != "waiting"
            or not channel.livechat_waiting_reply
        ):
            raise UserError(_("This visitor is not waiting for a reply any more."))
        if me.partner_id in channel.channel_member_ids.partner_id:
            raise UserError(_("You are already in this chat: answer the visitor there."))
        self._livechat_check_capacity()
        channel._add_members(users=me)
        agent = channel.livechat_agent_id.with_context(active_test=False).user_ids[:1]
        if agent and agent != me:
            agent_env = channel.with_context(lang=agent.lang).env
            channel._livechat_alert(
                agent,
                agent_env._("A colleague stepped in"),
                agent_env._(
                    "%(colleague)s joined your chat with %(visitor)s (%(queue)s): the "
                    "visitor was waiting for a reply.",
                    colleague=me.name,
                    visitor=channel.livechat_visitor_name,
                    queue=channel.livechat_channel_id.name,
                ),
            )
        return self._livechat_open_action()

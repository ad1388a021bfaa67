from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL

from ..lib import routing
from ..lib.groups import LIVECHAT_MANAGER_GROUP

#: the setting: what happens to an agent who lets a chat pass unanswered (routing.MISSED_*)
MISSED_POLICY_PARAM = "livechat_iconic.agent_missed_policy"
# A status change made by the timers: the chats are passed on by the timers' batches
DEFER_PASS_ON = "livechat_iconic_defer_pass_on"

#: Odoo counts a chat as ongoing for max_sessions while active in the last 15 minutes
RECENT_CHAT = timedelta(minutes=15)

AGENT_STATUSES = [
    (routing.ONLINE, "Online"),
    (routing.AWAY, "Away"),
    (routing.INVISIBLE, "Invisible"),
    (routing.BREAK, "Break"),
    (routing.OFFLINE, "Offline"),
]


class ResUsers(models.Model):
    _inherit = "res.users"

    livechat_agent_status = fields.Selection(
        AGENT_STATUSES,
        "Agent Status",
        compute="_compute_livechat_agent_status",
        help="Online: available. Away: idle for a while, still serves chats. Invisible: "
        "signed in but shown offline; gets chats only from broadcast queues. Break: no "
        "new chats, keeps the current ones. Offline: not signed in.",
    )
    livechat_agent_load = fields.Integer(
        "Ongoing Chats",
        compute="_compute_livechat_agent_status",
        help="Live chats the agent is in now, across all queues (as Odoo counts them for "
        "the Maximum Sessions).",
    )

    @api.depends("manual_im_status", "presence_ids.status")
    @api.depends_context("uid")
    def _compute_livechat_agent_status(self):
        """Shown to live chat managers for every agent; to an agent for themselves and the
        agents of their own queues only (empty for anyone else)."""
        shown = self._livechat_status_shown()
        status = shown._livechat_agent_status()
        total, _per_queue = shown._livechat_agent_loads()
        for user in self:
            user.livechat_agent_status = status.get(user.id, False)
            user.livechat_agent_load = total.get(user.id, 0)

    def _livechat_status_shown(self):
        """The users of ``self`` whose status and load the current user may see: all for a
        live chat manager (or the system), else themselves and their queues' agents."""
        if self.env.su or self.env.user.has_group(LIVECHAT_MANAGER_GROUP):
            return self
        return self & self._livechat_teammates()

    @api.model
    def _livechat_teammates(self):
        """The current user and the agents of their queues."""
        me = self.env.user
        # sudo: who serves the same queues as me (Odoo's user_ids of the queues)
        return (me.sudo().livechat_channel_ids.user_ids | me.sudo()).with_env(self.env)

    @api.model
    def action_livechat_agents(self):
        """Live Chat > Agents: each agent's status and load, for live chat managers every
        agent of a queue; for an agent, the agents of their own queues."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "livechat_iconic.res_users_action_livechat_agents"
        )
        if not self.env.user.has_group(LIVECHAT_MANAGER_GROUP):
            action["domain"] = [("id", "in", self._livechat_teammates().ids)]
        return action

    # -- facts for the routing (batched: a fixed number of queries) --------------------------
    def _livechat_agent_status(self):
        """``{user id: status}`` (routing.STATUSES), from Odoo's presence and manual status."""
        # sudo: an agent's presence is public to internal users (Odoo's im_status)
        users = self.sudo()
        presence = {}
        for row in (
            self.env["mail.presence"]
            .sudo()
            .search_fetch([("user_id", "in", users.ids)], ["user_id", "status"], order="id")
        ):
            presence.setdefault(row.user_id.id, row.status)  # the first, as presence_ids[:1]
        return {
            user.id: routing.agent_status(presence.get(user.id), user.manual_im_status)
            for user in users
        }

    def _livechat_agent_loads(self):
        """``({user id: ongoing chats}, {(user id, queue id): ongoing chats})``: the live
        chats each user is in, counted as Odoo counts them for ``max_sessions`` (not ended,
        active in the last 15 minutes), in total and per queue. One query."""
        if not self:
            return {}, {}
        user_by_partner = {u.partner_id.id: u.id for u in self.sudo()}
        # sudo: counting the agents' sessions, as Odoo's routing does
        groups = (
            self.env["discuss.channel.member"]
            .sudo()
            ._read_group(
                Domain("partner_id", "in", list(user_by_partner))
                & Domain("channel_id.channel_type", "=", "livechat")
                & Domain("channel_id.livechat_end_dt", "=", False)
                # a datetime, not "-15M": a relative date reads the user's time zone
                & Domain("channel_id.last_interest_dt", ">=", fields.Datetime.now() - RECENT_CHAT),
                groupby=["partner_id", "channel_id.livechat_channel_id"],
                aggregates=["__count"],
            )
        )
        total, per_queue = {}, {}
        for partner, queue, count in groups:
            user_id = user_by_partner[partner.id]
            total[user_id] = total.get(user_id, 0) + count
            if queue:
                per_queue[user_id, queue.id] = count
        return total, per_queue

    def _livechat_last_assigned(self):
        """``{user id: datetime}``: when each user last joined a live chat that is still
        going on as its agent (Odoo's member history, as its buffer time reads it). One
        query."""
        if not self:
            return {}
        user_by_partner = {u.partner_id.id: u.id for u in self.sudo()}
        # sudo: the agents' history is read to spread the chats, never shown
        groups = (
            self.env["im_livechat.channel.member.history"]
            .sudo()
            ._read_group(
                [
                    ("livechat_member_type", "=", "agent"),
                    ("partner_id", "in", list(user_by_partner)),
                    ("channel_id.livechat_end_dt", "=", False),
                ],
                groupby=["partner_id"],
                aggregates=["create_date:max"],
            )
        )
        return {user_by_partner[partner.id]: last for partner, last in groups}

    def _livechat_in_call_users(self):
        """The users of ``self`` in a call: a Discuss call (Odoo's ``is_in_call``) or a
        phone call (``_livechat_in_phone_call``)."""
        # sudo: Odoo's livechat checks its agents' call flag the same way
        in_discuss_call = self.sudo().filtered("is_in_call")
        return (in_discuss_call | self._livechat_in_phone_call()).with_env(self.env)

    def _livechat_in_phone_call(self):
        """Hook for a telephony addon: the users of ``self`` who are in a phone call now.

        Queues with "No Chats During Call" (``block_assignment_during_call``) give them no
        new chat. Override it in batch, e.g.::

            def _livechat_in_phone_call(self):
                on_phone = self.filtered(lambda u: u.voip_call_state == "ongoing")
                return super()._livechat_in_phone_call() | on_phone

        and call ``self.env["im_livechat.channel"]._livechat_trigger_dispatch()`` when a
        call ends, so queued chats are assigned. Default: nobody.
        """
        return self.browse()

    def _livechat_routing_skills(self):
        """``{user id: frozenset of tags}`` matched against a session's needs: languages
        (``lang:<code>``), expertises (``expertise:<id>``), country (``country:<id>``).

        Read from the users' settings, where Odoo stores them, in one pass: the users'
        ``livechat_lang_ids`` and ``livechat_expertise_ids`` are computed fields that copy
        the settings' values into the cache one user at a time: about 30 ms of Python for
        50 agents at every session start (cProfile), against about 5 ms for this query."""
        # sudo: Odoo's own routing reads these agent settings for any visitor
        users = self.sudo()
        settings = self.env["res.users.settings"]
        langs, expertises = (
            settings._fields["livechat_lang_ids"],
            settings._fields["livechat_expertise_ids"],
        )
        settings.flush_model(["user_id", "livechat_lang_ids", "livechat_expertise_ids"])
        self.env["res.lang"].flush_model(["code"])
        self.env.cr.execute(
            SQL(
                """
                SELECT s.user_id,
                       ARRAY(SELECT lang.code FROM %(lang_rel)s r JOIN res_lang lang
                               ON lang.id = r.%(lang_id)s WHERE r.%(lang_settings)s = s.id),
                       ARRAY(SELECT e.%(expertise_id)s FROM %(expertise_rel)s e
                              WHERE e.%(expertise_settings)s = s.id)
                  FROM res_users_settings s
                 WHERE s.user_id IN %(user_ids)s
                """,
                lang_rel=SQL.identifier(langs.relation),
                lang_id=SQL.identifier(langs.column2),
                lang_settings=SQL.identifier(langs.column1),
                expertise_rel=SQL.identifier(expertises.relation),
                expertise_id=SQL.identifier(expertises.column2),
                expertise_settings=SQL.identifier(expertises.column1),
                user_ids=tuple(users.ids) or (0,),
            )
        )
        tags_of = {
            user_id: {f"lang:{code}" for code in codes}
            | {f"expertise:{expertise_id}" for expertise_id in expertise_ids}
            for user_id, codes, expertise_ids in self.env.cr.fetchall()
        }
        skills = {}
        for user in users:
            tags = tags_of.get(user.id, set())
            if user.partner_id.lang:
                tags.add(f"lang:{user.partner_id.lang}")
            if user.partner_id.country_id:
                tags.add(f"country:{user.partner_id.country_id.id}")
            skills[user.id] = frozenset(tags)
        return skills

    # -- status changes ----------------------------------------------------------------------
    @api.model
    def action_livechat_set_status(self, status):
        """The current user's one-click status (systray): online, away, invisible or break,
        stored as Odoo's manual status (see ``routing.MANUAL_IM_STATUS``)."""
        if status not in routing.MANUAL_IM_STATUS:
            raise UserError(_("Unknown status %(status)s.", status=status))
        user = self.env.user
        user.manual_im_status = routing.MANUAL_IM_STATUS[status]
        user._livechat_tell_status()
        return user.livechat_agent_status

    def _livechat_break_after_miss(self):
        """These agents let a chat pass unanswered (the queue's answer time ran out): each
        one still shown online goes on Break (the setting ``MISSED_POLICY_PARAM``, see
        ``routing.break_after_miss``) and is told why, so that the next chats go to the
        agents who are at their desk. Returns the users put on Break."""
        # sudo: the system's timer changes the agents' status
        policy = self.env["ir.config_parameter"].sudo().get_param(MISSED_POLICY_PARAM)
        users = self.sudo().filtered(lambda u: routing.break_after_miss(policy, u.manual_im_status))
        if not users:
            return users
        # their other unanswered chats are due at once: the timers' next batches pass
        # them on (``discuss.channel._livechat_agent_away``), not this status change
        users.with_context(**{DEFER_PASS_ON: True}).manual_im_status = routing.MANUAL_IM_STATUS[
            routing.BREAK
        ]
        self.env["discuss.channel"]._livechat_wake_timers_once(fields.Datetime.now())
        for user in users:
            # in the agent's language, whoever runs the timers
            user._livechat_tell_status(
                user.with_context(lang=user.lang).env._(
                    "You did not answer a chat in time: it was passed on and your status is "
                    "now Break. Choose Online to get chats again."
                )
            )
        return users

    def _livechat_tell_status(self, message=None):
        """The user's clients learn their status at once, as Odoo's
        /mail/set_manual_im_status tells them; ``message``: why it changed, shown to the
        user as a lasting notice."""
        self.ensure_one()
        self._bus_send(
            "bus.bus/im_status_updated",
            {
                "debounce": False,
                "im_status": self.partner_id.im_status,
                "partner_id": self.partner_id.id,
            },
            subchannel="presence",
        )
        if message:
            self._bus_send(
                "simple_notification",
                {
                    "type": "warning",
                    "title": self.with_context(lang=self.lang).env._("Live Chat"),
                    "message": message,
                    "sticky": True,
                },
            )

    def write(self, vals):
        result = super().write(vals)
        if "manual_im_status" in vals and vals["manual_im_status"] in (False, "away"):
            # back to serving (online or away): queued chats may be theirs now
            if self.sudo().livechat_channel_ids:
                self.env["im_livechat.channel"]._livechat_trigger_dispatch()
        elif "manual_im_status" in vals:
            # invisible or on a break: the hand-overs offered to them are declined, the
            # chats given to them go on to a colleague (after a miss: by the timers)
            self._livechat_decline_hand_overs()
            if not self.env.context.get(DEFER_PASS_ON):
                self._livechat_pass_on_unanswered()
        return result

    def _livechat_decline_hand_overs(self):
        """These agents went Invisible or on Break: a colleague's hand-over they have not
        accepted yet is declined in their name (``action_livechat_transfer_cancel``,
        discuss_channel_transfer.py): the chat stays with that colleague. Broadcast queues
        hand nothing over to one agent."""
        # sudo: the hand-overs waiting for these agents, declined in their name below
        handed_over = (
            self.env["discuss.channel"]
            .sudo()
            .search(
                [
                    ("channel_type", "=", "livechat"),
                    ("livechat_transfer_user_id", "in", self.ids),
                    ("livechat_channel_id.livechat_routing_mode", "!=", routing.BROADCAST),
                ],
                order="id",
            )
        )
        for channel in handed_over:
            channel.with_user(channel.livechat_transfer_user_id).action_livechat_transfer_cancel()

    def _livechat_pass_on_unanswered(self):
        """These agents went Invisible or on Break: the chats of assigned queues given to
        them that they have not answered yet (WAITING) go to the queue's next agent, or
        back to the queue, as when an agent does not answer in time (Odoo's routing gives
        an invisible agent no chat of an assigned queue: neither does a hand-over they did
        not accept yet). The same pass-on as the inactivity timers
        (``_livechat_pass_on``, discuss_channel_inactivity.py), recorded as a missed
        assignment. Chats they already answer stay theirs (Break keeps the current
        chats); broadcast queues give chats to no one agent. A colleague's hand-over
        they have not accepted yet is declined first (``_livechat_decline_hand_overs``)."""
        partners = self.sudo().partner_id
        if not partners:
            return
        # sudo: the routing moves the sessions the agents no longer serve
        sessions = (
            self.env["discuss.channel"]
            .sudo()
            .search(
                [
                    ("channel_type", "=", "livechat"),
                    ("livechat_state", "=", "waiting"),
                    # a chat back in WAITING for the visitor's reply was answered: it stays
                    ("livechat_waiting_reply", "=", False),
                    ("livechat_operator_id", "in", partners.ids),
                    ("livechat_channel_id.livechat_routing_mode", "!=", routing.BROADCAST),
                    ("livechat_transfer_user_id", "=", False),
                ],
                order="id",
            )
        )
        # a session another transaction is changing (the agent is answering it) stays
        sessions = sessions._livechat_try_lock()
        if not sessions:
            return
        now = fields.Datetime.now()
        plan, _unassigned = sessions.livechat_channel_id._livechat_dispatch_plan(sessions, now)
        sessions._livechat_pass_on(plan, now)

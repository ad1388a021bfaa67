from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import AGENT_GROUPS, LivechatIconicCase

TAKEN = "livechat_iconic.routing/taken"


@tagged("post_install", "-at_install")
class TestRouting(LivechatIconicCase):
    """Routing on real Odoo: the session start (Odoo's _get_operator), broadcast, dispatch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent_carol = new_test_user(
            cls.env, login="iconic_carol", groups=AGENT_GROUPS, name="Carol Agent"
        )
        cls.livechat_channel.user_ids = [Command.link(cls.agent_carol.id)]
        cls.agents = cls.agent | cls.agent_bob | cls.agent_carol
        cls.env["ir.config_parameter"].sudo().set_param("livechat_iconic.max_parallel_chats", 0)

    # -- helpers ----------------------------------------------------------------------------
    def online(self, *users, idle_minutes=0):
        for user in self.env["res.users"].union(*users):
            self.env["mail.presence"]._update_presence(
                user, inactivity_period=idle_minutes * 60 * 1000
            )

    def set_status(self, user, status):
        self.assertEqual(
            self.env["res.users"].with_user(user).action_livechat_set_status(status), status
        )

    def priorities(self, **by_login):
        users = {u.login: u for u in self.agents}
        self.livechat_channel.livechat_agent_ids = [
            Command.create({"user_id": users[login].id, "priority": p})
            for login, p in by_login.items()
        ]

    def busy_with(self, user, count=1):
        """``user`` is already in ``count`` ongoing chats of the queue."""
        for _i in range(count):
            channel = self.start_visitor_chat("Other question")
            if channel.livechat_operator_id != user.partner_id:
                channel.with_user(user).action_livechat_take()

    # -- assigned ---------------------------------------------------------------------------
    def test_language_and_expertise_read_from_the_agents_settings(self):
        """The agents' languages and expertises (Odoo's user settings, read in one query
        for all the candidates) choose the agent, as Odoo's own routing does."""
        self.online(self.agents)
        french = self.env["res.lang"]._activate_lang("fr_FR")
        cameras = self.env["im_livechat.expertise"].create({"name": "Cameras"})
        self.agent_carol.livechat_lang_ids = french
        self.agent_bob.livechat_expertise_ids = cameras
        skills = self.agents._livechat_routing_skills()
        self.assertIn("lang:fr_FR", skills[self.agent_carol.id])
        self.assertNotIn("lang:fr_FR", skills[self.agent.id])
        self.assertEqual(
            skills[self.agent_bob.id] - skills[self.agent.id], {f"expertise:{cameras.id}"}
        )
        queue = self.livechat_channel
        self.assertEqual(queue._get_operator(lang="fr_FR"), self.agent_carol)
        self.assertEqual(queue._get_operator(expertises=cameras), self.agent_bob)

    def test_assigned_goes_to_the_highest_priority(self):
        self.online(self.agents)
        self.priorities(iconic_alice=1, iconic_bob=5, iconic_carol=3)
        channel = self.start_visitor_chat("Question")
        self.assertEqual(channel.livechat_operator_id, self.agent_bob.partner_id)
        self.assertEqual(channel.livechat_state, "waiting")
        self.assertIn(self.agent_bob.partner_id, channel.channel_member_ids.partner_id)

    def test_assigned_then_least_loaded_then_longest_since_last(self):
        self.online(self.agents)
        self.priorities(iconic_alice=1, iconic_bob=1, iconic_carol=0)
        first = self.start_visitor_chat("One")
        second = self.start_visitor_chat("Two")
        # the two agents of priority 1 share the first two chats, Carol (0) gets none
        self.assertEqual(
            (first | second).livechat_operator_id, (self.agent | self.agent_bob).partner_id
        )
        with freeze_time(fields.Datetime.now() + timedelta(minutes=1)):
            # both have one chat: the one assigned longest ago gets the next
            third = self.start_visitor_chat("Three")
        self.assertEqual(third.livechat_operator_id, first.livechat_operator_id)

    def test_never_over_the_queue_or_the_global_capacity(self):
        self.online(self.agents)
        self.priorities(iconic_alice=9, iconic_bob=5, iconic_carol=1)
        self.livechat_channel.write({"max_sessions_mode": "limited", "max_sessions": 1})
        first = self.start_visitor_chat("One")
        second = self.start_visitor_chat("Two")
        self.assertEqual(first.livechat_operator_id, self.agent.partner_id)
        self.assertEqual(second.livechat_operator_id, self.agent_bob.partner_id)
        # the global cap: Carol already has a chat in another queue
        self.livechat_channel.max_sessions_mode = "unlimited"
        self.env["ir.config_parameter"].sudo().set_param("livechat_iconic.max_parallel_chats", 1)
        third = self.start_visitor_chat("Three")
        self.assertEqual(third.livechat_operator_id, self.agent_carol.partner_id)
        fourth = self.start_visitor_chat("Four")
        self.assertEqual(fourth.livechat_state, "in_queue", "everyone is at the global cap")
        with self.assertRaisesRegex(UserError, "the most an agent may have"):
            fourth.with_user(self.agent).action_livechat_take()

    # -- statuses ---------------------------------------------------------------------------
    def test_away_serves_invisible_and_break_do_not_in_assigned(self):
        self.online(self.agent, idle_minutes=16)  # past the default 15 minutes: Away
        self.assertEqual(self.agent.livechat_agent_status, "away")
        self.online(self.agent_bob, self.agent_carol)
        self.set_status(self.agent_bob, "invisible")
        self.set_status(self.agent_carol, "break")
        self.assertEqual(self.agent_bob.livechat_agent_status, "invisible")
        self.assertEqual(self.agent_bob.im_status, "offline", "shown offline")
        channel = self.start_visitor_chat("Question")
        self.assertEqual(channel.livechat_operator_id, self.agent.partner_id)
        given = self.start_visitor_chat("Another question")
        self.assertEqual(given.livechat_operator_id, self.agent.partner_id)
        channel.with_user(self.agent).message_post(
            body="Hello", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.set_status(self.agent, "break")
        queued = self.start_visitor_chat("Question")
        self.assertEqual(queued.livechat_state, "in_queue")
        self.assertEqual(channel.livechat_operator_id, self.agent.partner_id, "keeps current")
        # the chat given to her and not answered yet goes back to the queue: nobody else
        # is shown online (test_invisible.py: the pass-on when someone is)
        self.assertEqual(given.livechat_state, "in_queue")

    def test_away_after_the_configured_idle_time(self):
        self.online(self.agent, idle_minutes=14)
        self.assertEqual(self.agent.presence_ids.status, "online")
        self.online(self.agent, idle_minutes=16)
        self.assertEqual(self.agent.presence_ids.status, "away", "Odoo alone: 30 minutes")
        self.env["ir.config_parameter"].sudo().set_param("livechat_iconic.away_after_minutes", 5)
        self.online(self.agent, idle_minutes=6)
        self.assertEqual(self.agent.presence_ids.status, "away")

    def test_all_invisible_shows_offline(self):
        self.online(self.agents)
        self.assertEqual(self.livechat_channel.available_operator_ids, self.agents)
        for user in self.agents:
            self.set_status(user, "invisible")
        self.livechat_channel.invalidate_recordset(["available_operator_ids"])
        self.assertFalse(self.livechat_channel.available_operator_ids)
        # proactive triggers do not fire: the widget does not open itself
        rule = self.env["im_livechat.channel.rule"].create(
            {"channel_id": self.livechat_channel.id, "action": "auto_popup"}
        )
        rules = self.visitor_opens_page("/contactus")["im_livechat.channel.rule"]
        self.assertEqual([(r["id"], r["action"]) for r in rules], [(rule.id, "display_button")])
        self.set_status(self.agent_carol, "online")
        rules = self.visitor_opens_page("/contactus")["im_livechat.channel.rule"]
        self.assertEqual([r["action"] for r in rules], ["auto_popup"], "fires when shown online")
        self.set_status(self.agent_carol, "invisible")
        self.livechat_channel.queue_when_unavailable = False
        info = self.livechat_channel.get_livechat_info()
        self.assertFalse(info["available"], "the widget shows offline")
        self.set_status(self.agent, "online")
        self.livechat_channel.invalidate_recordset(["available_operator_ids"])
        self.assertTrue(self.livechat_channel.get_livechat_info()["available"])

    # -- calls ------------------------------------------------------------------------------
    def test_no_chat_during_a_discuss_call_or_a_phone_call(self):
        self.online(self.agent, self.agent_bob)
        self.livechat_channel.user_ids = [Command.unlink(self.agent_carol.id)]
        self.priorities(iconic_alice=5, iconic_bob=1)
        self.livechat_channel.block_assignment_during_call = True
        room = self.env["discuss.channel"]._create_channel(name="Room", group_id=None)
        room._add_members(users=self.agent)
        member = room.channel_member_ids.filtered(lambda m: m.partner_id == self.agent.partner_id)
        self.env["discuss.channel.rtc.session"].create({"channel_member_id": member.id})
        channel = self.start_visitor_chat("Question")
        self.assertEqual(channel.livechat_operator_id, self.agent_bob.partner_id)

        # a telephony addon says Bob is on the phone (its override of the hook)
        def on_phone(users):
            return users.filtered(lambda u: u == self.agent_bob)

        Users = type(self.env["res.users"])
        with patch.object(Users, "_livechat_in_phone_call", on_phone):
            queued = self.start_visitor_chat("Question")
        self.assertEqual(queued.livechat_state, "in_queue")

    # -- broadcast --------------------------------------------------------------------------
    def test_broadcast_offers_to_every_eligible_agent_even_invisible(self):
        self.livechat_channel.livechat_routing_mode = "broadcast"
        self.online(self.agents)
        self.set_status(self.agent_bob, "invisible")
        self.set_status(self.agent_carol, "break")
        self.env["bus.bus"].search([]).unlink()
        channel = self.start_visitor_chat("Question")
        self.assertEqual(channel.livechat_state, "in_queue")
        self.assertEqual(channel.livechat_operator_id, self.queue_partner)
        told = self.env["bus.bus"].search([("message", "like", "livechat_iconic.alert")])
        channels = "".join(told.mapped("channel"))
        for user, expected in (
            (self.agent, True),
            (self.agent_bob, True),
            (self.agent_carol, False),
        ):
            self.assertEqual(
                f'"res.partner",{user.partner_id.id}]' in channels, expected, user.name
            )
        # the invisible agent takes it; the others are told who
        channel.with_user(self.agent_bob).action_livechat_take()
        self.assertEqual(channel.livechat_operator_id, self.agent_bob.partner_id)
        self.env.cr.precommit.run()  # the bus messages are written at commit
        taken = self.env["bus.bus"].search([("message", "like", TAKEN)])
        self.assertIn("Bob Agent took the chat", "".join(taken.mapped("message")))

    # -- dispatch ---------------------------------------------------------------------------
    def test_dispatch_when_an_agent_becomes_available(self):
        cron = self.env.ref("livechat_iconic.ir_cron_livechat_dispatch")
        first = self.start_visitor_chat("First")
        with freeze_time(fields.Datetime.now() + timedelta(seconds=30)):
            second = self.start_visitor_chat("Second")
        self.assertEqual((first | second).mapped("livechat_state"), ["in_queue"] * 2)
        self.livechat_channel.write({"max_sessions_mode": "limited", "max_sessions": 1})
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        self.online(self.agent)  # Alice signs in: the dispatch is woken
        self.assertGreater(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), len(triggers)
        )
        self.env["im_livechat.channel"]._cron_livechat_dispatch()
        self.assertEqual(first.livechat_state, "waiting", "the longest wait goes first")
        self.assertEqual(first.livechat_operator_id, self.agent.partner_id)
        self.assertIn(self.agent.partner_id, first.channel_member_ids.partner_id)
        self.assertEqual(second.livechat_state, "in_queue", "Alice is at the queue's maximum")
        # back from a break: the dispatch is woken too (she answered first: her chat
        # stays hers during the break)
        first.with_user(self.agent).message_post(
            body="Hello", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.set_status(self.agent, "break")
        count = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        self.set_status(self.agent, "online")
        self.assertGreater(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), count
        )
        # her chat ends: room for the next one, and the dispatch is woken
        count = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        first.with_user(self.agent).action_livechat_close()
        self.assertGreater(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), count
        )
        self.env["im_livechat.channel"]._cron_livechat_dispatch()
        self.assertEqual(second.livechat_operator_id, self.agent.partner_id)
        self.assertEqual(second.livechat_state, "waiting")

    def test_dispatch_serves_by_predicted_breach(self):
        strict = self.env["im_livechat.channel"].create(
            {
                "name": "Strict",
                "user_ids": [Command.set(self.agent.ids)],
                "livechat_first_response_target": 30,
            }
        )
        self.livechat_channel.livechat_first_response_target = 600
        lenient = self.start_visitor_chat("Lenient")  # waited longer, 600 s target
        with freeze_time(fields.Datetime.now() + timedelta(seconds=60)):
            strict_session = self.make_jsonrpc_request(
                "/im_livechat/get_session", {"channel_id": strict.id}
            )
            strict_session = self.env["discuss.channel"].browse(strict_session["channel_id"])
            self.visitor_post(strict_session, "Strict")  # queued once its visitor wrote
            self.online(self.agent)
            self.env["ir.config_parameter"].sudo().set_param(
                "livechat_iconic.max_parallel_chats", 1
            )
            self.env["im_livechat.channel"]._cron_livechat_dispatch()
        self.assertEqual(strict_session.livechat_operator_id, self.agent.partner_id)
        self.assertEqual(lenient.livechat_state, "in_queue")

    def test_supervisor_screen_reads_status_and_load_in_batch(self):
        self.online(self.agents)
        self.set_status(self.agent_carol, "break")
        self.start_visitor_chat("Question")
        users = self.env["res.users"].search([("id", "in", self.agents.ids)])
        users.invalidate_recordset()
        with self.assertQueryCount(8):
            rows = users.read(["livechat_agent_status", "livechat_agent_load"])
        got = {r["id"]: (r["livechat_agent_status"], r["livechat_agent_load"]) for r in rows}
        self.assertEqual(got[self.agent_carol.id], ("break", 0))
        self.assertEqual(sum(load for _s, load in got.values()), 1)

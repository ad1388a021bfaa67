from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import AGENT_GROUPS
from .helpdesk_common import LivechatHelpdeskCase

INVISIBLE_REFUSED = "You are invisible"
ALERT = "livechat_iconic.alert"


@tagged("post_install", "-at_install")
class TestInvisible(LivechatHelpdeskCase):
    """Invisible as the telematics maker means it: signed in but shown offline. A queue
    whose agents are at work but none shown online shows offline (its message form, or
    no button) even when it keeps visitors waiting, and fires nothing proactive; an
    invisible agent takes and gets no chat of an assigned queue (board, routing and
    dispatch, transfer; Slack's Claim: livechat_iconic_slack's test_slack_claim.py) and
    takes those of a broadcast queue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.livechat_channel.queue_when_unavailable = True  # "accepts waiting visitors"
        cls.agent_carol = new_test_user(
            cls.env, login="iconic_carol", groups=AGENT_GROUPS, name="Carol Agent"
        )
        cls.sales = cls.env["im_livechat.channel"].create(
            {"name": "Sales", "user_ids": [Command.set(cls.agent_carol.ids)]}
        )
        cls.env["ir.config_parameter"].sudo().set_param("livechat_iconic.max_parallel_chats", 0)

    # -- helpers ----------------------------------------------------------------------------
    def at_work(self, user, status):
        """``user`` is signed in (a live presence) with ``status``."""
        self.env["mail.presence"]._update_presence(user)
        self.assertEqual(
            self.env["res.users"].with_user(user).action_livechat_set_status(status), status
        )

    def widget(self, url="/contactus"):
        """What the widget gets on ``url``: (button, form reason, {rule id: action})."""
        data = self.visitor_opens_page(url)
        store = data["Store"]
        form = store.get("livechat_iconic_form")
        rules = {r["id"]: r["action"] for r in data.get("im_livechat.channel.rule", [])}
        return store["livechat_available"], form and form["reason"], rules

    def queued(self, queue=None):
        channel = self.start_visitor_chat(
            "Is my tracker online?", channel_id=(queue or self.livechat_channel).id
        )
        self.assertEqual(channel.livechat_state, "in_queue")
        return channel

    # -- the widget -------------------------------------------------------------------------
    def test_widget_shows_offline_when_nobody_is_shown_online(self):
        proactive = self.env["im_livechat.channel.rule"].create(
            {"channel_id": self.livechat_channel.id, "action": "display_button_and_text"}
        )
        # nobody signed in: the queue keeps visitors waiting, as it says
        self.assertEqual(self.widget(), (True, False, {proactive.id: "display_button"}))
        for alice, bob in (
            ("invisible", "invisible"),
            ("invisible", "break"),
            ("break", "break"),
        ):
            with self.subTest(alice=alice, bob=bob):
                self.at_work(self.agent, alice)
                self.at_work(self.agent_bob, bob)
                # the button opens the message form; nothing proactive
                self.assertEqual(self.widget(), (True, "offline", {proactive.id: "display_button"}))
        # invisible, and the other agent not signed in: offline all the same
        self.env["mail.presence"].search([("user_id", "=", self.agent_bob.id)]).unlink()
        self.assertEqual(self.widget(), (True, "offline", {proactive.id: "display_button"}))
        # a broadcast queue, whose invisible agents would see the chats: offline too
        self.livechat_channel.livechat_routing_mode = "broadcast"
        self.assertEqual(self.widget()[1], "offline")
        # no help-desk team, hence no form: no button at all
        self.livechat_channel.helpdesk_team_id = False
        self.assertEqual(self.widget()[:2], (False, False))
        # someone shown online again: the chat, and the rule fires
        self.at_work(self.agent_bob, "online")
        self.assertEqual(self.widget(), (True, False, {proactive.id: "display_button_and_text"}))

    def test_an_away_agent_is_shown_online(self):
        self.at_work(self.agent, "invisible")
        self.at_work(self.agent_bob, "away")
        self.assertEqual(self.widget()[:2], (True, False))

    # -- the board's Chat button ------------------------------------------------------------
    def test_board_take_refused_in_an_assigned_queue(self):
        channel = self.queued()
        self.at_work(self.agent, "invisible")
        with self.assertRaisesRegex(UserError, INVISIBLE_REFUSED):
            channel.with_user(self.agent).action_livechat_take()
        self.assertEqual(channel.livechat_state, "in_queue")
        self.assertNotIn(self.agent.partner_id, channel.channel_member_ids.partner_id)
        # back online: she takes it; then invisible again, her own chat stays hers
        self.at_work(self.agent, "online")
        channel.with_user(self.agent).action_livechat_take()
        self.at_work(self.agent, "invisible")
        channel.with_user(self.agent).action_livechat_take()
        self.assertEqual(channel.livechat_agent_id, self.agent.partner_id)
        # invisible whatever the presence says (the browser closed since)
        other = self.queued()
        self.env["mail.presence"].search([("user_id", "=", self.agent_bob.id)]).unlink()
        self.agent_bob.manual_im_status = "offline"
        with self.assertRaisesRegex(UserError, INVISIBLE_REFUSED):
            other.with_user(self.agent_bob).action_livechat_take()

    def test_board_take_allowed_in_a_broadcast_queue(self):
        self.livechat_channel.livechat_routing_mode = "broadcast"
        channel = self.queued()
        self.at_work(self.agent_bob, "invisible")
        channel.with_user(self.agent_bob).action_livechat_take()
        self.assertEqual(channel.livechat_state, "chatting")
        self.assertEqual(channel.livechat_agent_id, self.agent_bob.partner_id)

    # -- routing: the session start and the dispatch -----------------------------------------
    def test_routing_and_dispatch_give_an_invisible_agent_nothing(self):
        self.at_work(self.agent, "invisible")
        channel = self.queued()  # the session start (Odoo's _get_operator): nobody
        self.env["im_livechat.channel"]._cron_livechat_dispatch()
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_state, "in_queue", "the dispatch gives her nothing")
        self.assertNotIn(self.agent.partner_id, channel.channel_member_ids.partner_id)
        self.at_work(self.agent_bob, "online")
        self.env["im_livechat.channel"]._cron_livechat_dispatch()
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_agent_id, self.agent_bob.partner_id)
        # a broadcast queue offers its chats to its invisible agent
        self.sales.livechat_routing_mode = "broadcast"
        self.at_work(self.agent_carol, "invisible")
        self.env["bus.bus"].search([]).unlink()
        offered = self.queued(self.sales)
        self.env.cr.precommit.run()  # the bus messages are written at commit
        told = self.env["bus.bus"].search([("message", "like", ALERT)])
        self.assertIn(
            f'"res.partner",{self.agent_carol.partner_id.id}]', "".join(told.mapped("channel"))
        )
        offered.with_user(self.agent_carol).action_livechat_take()
        self.assertEqual(offered.livechat_agent_id, self.agent_carol.partner_id)

    # -- transfer ---------------------------------------------------------------------------
    def test_transfer_never_hands_a_chat_to_an_invisible_agent_of_an_assigned_queue(self):
        channel = self.queued()
        channel.with_user(self.agent).action_livechat_take()  # Alice's chat, then
        self.at_work(self.agent_bob, "invisible")
        with self.assertRaisesRegex(UserError, "cannot take this chat now"):
            channel.with_user(self.agent)._livechat_transfer(user=self.agent_bob)
        # to an assigned queue whose only agent is invisible: it waits there
        self.at_work(self.agent_carol, "invisible")
        channel.with_user(self.agent)._livechat_transfer(queue=self.sales)
        self.assertEqual(
            (channel.livechat_channel_id, channel.livechat_state), (self.sales, "in_queue")
        )
        self.assertNotIn(self.agent_carol.partner_id, channel.channel_member_ids.partner_id)
        with self.assertRaisesRegex(UserError, INVISIBLE_REFUSED):
            channel.with_user(self.agent_carol).action_livechat_take()

    def test_transfer_to_a_broadcast_queue_reaches_its_invisible_agent(self):
        self.sales.livechat_routing_mode = "broadcast"
        channel = self.queued()
        channel.with_user(self.agent).action_livechat_take()  # Alice's chat, then
        self.at_work(self.agent_carol, "invisible")
        channel.with_user(self.agent)._livechat_transfer(queue=self.sales)
        self.assertEqual(channel.livechat_state, "in_queue")
        channel.with_user(self.agent_carol).action_livechat_take()
        self.assertEqual(channel.livechat_agent_id, self.agent_carol.partner_id)
        self.assertNotIn(self.agent.partner_id, channel.channel_member_ids.partner_id)

    # -- Visitors on the Site: an invitation opens a chat of the website's queue -------------
    def _on_site_visitor(self):
        website = self.env["website"].get_current_website()
        website.channel_id = self.livechat_channel
        return self.env["website.visitor"].create(
            {
                "access_token": "a1b2c3d4e5f60718293a4b5c6d7e8f90",
                "website_id": website.id,
                "last_connection_datetime": fields.Datetime.now(),
            }
        )

    def test_invisible_agent_invites_nobody_into_an_assigned_queue(self):
        visitor = self._on_site_visitor()
        self.at_work(self.agent, "invisible")
        with self.assertRaisesRegex(UserError, INVISIBLE_REFUSED):
            visitor.with_user(self.agent).action_livechat_invite()
        self.assertFalse(visitor.discuss_channel_ids)
        # shown online again, she invites
        self.at_work(self.agent, "online")
        visitor.with_user(self.agent).action_livechat_invite()
        self.assertEqual(visitor.discuss_channel_ids.livechat_state, "invited")

    def test_invisible_agent_invites_into_a_broadcast_queue(self):
        self.livechat_channel.livechat_routing_mode = "broadcast"
        visitor = self._on_site_visitor()
        self.at_work(self.agent, "invisible")
        visitor.with_user(self.agent).action_livechat_invite()
        self.assertEqual(visitor.discuss_channel_ids.livechat_state, "invited")
        self.assertEqual(visitor.discuss_channel_ids.livechat_agent_id, self.agent.partner_id)

    # -- going invisible, or on a break, after being given a chat ------------------------------
    def test_going_invisible_passes_on_the_chats_not_answered_yet(self):
        self.at_work(self.agent, "online")
        self.at_work(self.agent_bob, "break")
        given = self.start_visitor_chat("Where is my van?")
        answered = self.visitor_session("And my truck?", agent=self.agent, reply="Looking")
        self.assertEqual(
            (given.livechat_state, given.livechat_agent_id), ("waiting", self.agent.partner_id)
        )
        self.assertEqual(answered.livechat_state, "chatting")
        self.at_work(self.agent_bob, "online")
        self.at_work(self.agent, "invisible")
        given.invalidate_recordset()
        self.assertEqual(
            (given.livechat_state, given.livechat_agent_id), ("waiting", self.agent_bob.partner_id)
        )
        self.assertNotIn(self.agent.partner_id, given.channel_member_ids.partner_id)
        self.assertEqual(given.livechat_missed_assignment_ids.user_id, self.agent)
        # the chat she answers stays hers
        self.assertEqual(answered.livechat_agent_id, self.agent.partner_id)
        # Bob goes on a break in turn: nobody else is shown online, back to the queue
        self.at_work(self.agent_bob, "break")
        given.invalidate_recordset()
        self.assertEqual(given.livechat_state, "in_queue")
        self.assertFalse(given.livechat_agent_id)
        self.assertEqual(given.livechat_missed_assignment_ids.user_id, self.agent | self.agent_bob)

    def test_going_invisible_declines_a_hand_over_not_accepted_yet(self):
        self.at_work(self.agent, "online")
        self.at_work(self.agent_bob, "online")
        channel = self.visitor_session("Is my tracker online?", agent=self.agent, reply="Hi")
        channel.with_user(self.agent)._livechat_transfer(user=self.agent_bob)
        self.assertEqual(channel.livechat_transfer_user_id, self.agent_bob)
        self.at_work(self.agent_bob, "invisible")
        channel.invalidate_recordset()
        self.assertFalse(channel.livechat_transfer_user_id)
        self.assertEqual(channel.livechat_agent_id, self.agent.partner_id, "still Alice's")
        self.assertNotIn(self.agent_bob.partner_id, channel.channel_member_ids.partner_id)

    def test_a_broadcast_queue_keeps_its_chats_when_an_agent_hides(self):
        self.livechat_channel.livechat_routing_mode = "broadcast"
        self.at_work(self.agent, "online")
        channel = self.visitor_session("Hello", agent=self.agent)
        self.at_work(self.agent, "invisible")
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_agent_id, self.agent.partner_id)
        self.assertFalse(channel.livechat_missed_assignment_ids)

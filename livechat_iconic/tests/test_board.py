import json
import logging
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time
from lxml import etree

from odoo import Command, fields, modules
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.http_routing.tests.common import MockRequest

from .common import LivechatIconicCase

_logger = logging.getLogger(__name__)


class BoardCase(LivechatIconicCase):
    """What the board's list reads (``board_spec``) and its action's domain."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        view = cls.env.ref("livechat_iconic.discuss_channel_view_list_board")
        Channel = cls.env["discuss.channel"]
        cls.board_spec = {}
        for node in etree.fromstring(view.arch).iter("field"):
            field = Channel._fields[node.get("name")]
            cls.board_spec[field.name] = (
                {"fields": {"display_name": {}}} if field.type == "many2one" else {}
            )
        # what the board's action lists (a session is there once its visitor wrote)
        cls.board_domain = safe_eval(
            cls.env.ref("livechat_iconic.discuss_channel_action_board").domain
        )


@tagged("post_install", "-at_install")
class TestCustomersWaitingBoard(BoardCase):
    def _create_sessions(self, count):
        guests = self.env["mail.guest"].create([{"name": f"Visitor {i}"} for i in range(count)])
        operators = [self.queue_partner, self.agent.partner_id, self.agent_bob.partner_id]
        return self.env["discuss.channel"].create(
            [
                {
                    "name": guest.name,
                    "channel_type": "livechat",
                    "livechat_channel_id": self.livechat_channel.id,
                    "livechat_operator_id": operators[i % 3].id,
                    "channel_member_ids": [
                        Command.create({"guest_id": guest.id, "livechat_member_type": "visitor"})
                    ],
                    "livechat_ip": f"81.2.69.{i % 250}",
                    "livechat_browser": "Firefox 121.0",
                    "livechat_city": "London",
                    "country_id": self.env.ref("base.uk").id,
                    "livechat_question": f"Question {i}",
                    "livechat_held": False,  # their visitors wrote
                }
                for i, guest in enumerate(guests)
            ]
        )

    def _board_queries(self, limit):
        board = self.env["discuss.channel"].with_user(self.agent)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = board.web_search_read(self.board_domain, self.board_spec, limit=limit)
        return self.env.cr.sql_log_count - before, result

    def test_same_number_of_queries_for_10_and_500_sessions(self):
        self._create_sessions(10)
        self._board_queries(None)  # warm the caches that do not depend on the rows
        queries_10, result = self._board_queries(None)
        self.assertEqual(result["length"], 10)
        self._create_sessions(490)
        self.env.invalidate_all()
        with self.assertQueryCount(queries_10):
            result = (
                self.env["discuss.channel"]
                .with_user(self.agent)
                .web_search_read(self.board_domain, self.board_spec, limit=None)
            )
        self.assertEqual(result["length"], 500)
        _logger.info("Customers Waiting list: %s queries for 10 and for 500 sessions", queries_10)
        row = next(r for r in result["records"] if r["livechat_question"] == "Question 1")
        self.assertEqual(row["livechat_agent_id"]["display_name"], "Alice Agent")
        self.assertEqual(row["livechat_state"], "waiting")

    def test_grouped_by_state_shows_all_seven_columns(self):
        self._create_sessions(3)
        groups = (
            self.env["discuss.channel"]
            .with_user(self.agent)
            .with_context(read_group_expand=True)
            .web_read_group(self.board_domain, ["livechat_state"], ["__count"])["groups"]
        )
        self.assertEqual(
            [g["livechat_state"] for g in groups],
            ["loading", "invited", "in_queue", "waiting", "chatting", "closed", "left"],
        )

    def test_bus_notifications_carry_changed_fields_only(self):
        channel = self.start_visitor_chat("Question")
        self._reset_bus()
        channel.with_user(self.agent).action_livechat_take()
        self.assertEqual(
            self._board_messages(),
            [
                [
                    {
                        "id": channel.id,
                        "livechat_operator_id": self.agent.partner_id.id,
                        "livechat_state": "chatting",
                    }
                ]
            ],
        )
        self._reset_bus()
        channel.with_user(self.agent).action_livechat_close()
        self.assertEqual(
            self._board_messages(),
            [
                [
                    {
                        "id": channel.id,
                        "livechat_end_dt": channel.livechat_end_dt.strftime("%Y-%m-%d %H:%M:%S"),
                        "livechat_state": "closed",
                    }
                ]
            ],
        )

    def test_one_message_per_transaction(self):
        first = self.start_visitor_chat("First")
        second = self.start_visitor_chat("Second")
        self._reset_bus()
        # several changes of two sessions in one transaction
        first.with_user(self.agent).action_livechat_take()
        second.with_user(self.agent_bob).action_livechat_take()
        first.with_user(self.agent).action_livechat_close()
        messages = self._board_messages()
        self.assertEqual(len(messages), 1, "one board message for the whole transaction")
        by_id = {session["id"]: session for session in messages[0]}
        self.assertEqual(by_id[first.id]["livechat_state"], "closed", "the final values")
        self.assertEqual(by_id[second.id]["livechat_state"], "chatting")

    def test_nothing_sent_when_nothing_on_the_board_changed(self):
        channel = self.start_visitor_chat("Question")
        self.visitor_opens_page(self.base_url() + "/shop")
        self.make_jsonrpc_request(
            "/livechat_iconic/visitor_contact",
            {"channel_id": channel.id, "email": "stranger@example.com", "name": "Sam"},
        )
        self._reset_bus()
        # the same page again, the same details again: nothing on the board changes
        self.visitor_opens_page(self.base_url() + "/shop")
        self.make_jsonrpc_request(
            "/livechat_iconic/visitor_contact",
            {"channel_id": channel.id, "email": "stranger@example.com", "name": "Sam"},
        )
        self.assertEqual(self._board_messages(), [])
        self.visitor_opens_page(self.base_url() + "/contactus")
        self.assertEqual(
            self._board_messages(),
            [[{"id": channel.id, "livechat_page_url": self.base_url() + "/contactus"}]],
        )

    def test_a_visitors_next_messages_send_the_board_nothing(self):
        channel = self.start_visitor_chat("First question")
        unanswered_since = channel.livechat_unanswered_dt
        self.assertTrue(unanswered_since)
        self._reset_bus()
        # the board shows since when the visitor waits for an answer: the first
        # unanswered message; the next ones change nothing there
        self.visitor_post(channel, "Anybody there?")
        self.visitor_post(channel, "Hello?")
        self.assertEqual(channel.livechat_unanswered_dt, unanswered_since)
        self.assertEqual(self._board_messages(), [])

    def _pending_board_change(self, channel, field_names):
        """A board change of a committed transaction, as in production: a pending row,
        sent by whichever flush comes (test cursors otherwise flush at once)."""
        channel._livechat_notify_board(field_names)
        with patch.object(modules.module, "current_test", False):
            self.env.cr.precommit.run()
        self.env.cr.postcommit.clear()  # the request's own flush: called below instead

    def test_one_board_message_a_second_and_nothing_held_back_is_lost(self):
        Channel = self.env["discuss.channel"]
        first = self.start_visitor_chat("First")
        second = self.start_visitor_chat("Second")
        self._reset_bus()
        self.env.cr.execute("UPDATE livechat_iconic_board_clock SET sent_at = '-infinity'")
        self._pending_board_change(first, ["livechat_page_url"])
        self.assertEqual(Channel._livechat_board_flush(), 1, "nothing sent lately: at once")
        # more traffic within the second: held back, whatever its amount
        self._pending_board_change(second, ["livechat_page_url"])
        self._pending_board_change(first, ["livechat_question"])
        self.assertEqual(Channel._livechat_board_flush(), 0, "one message a second at most")
        self.assertEqual(len(self._board_messages()), 1)
        # a second later the ticker's flush sends what was held back, in one message
        self.env.cr.execute(
            "UPDATE livechat_iconic_board_clock SET sent_at = sent_at - interval '1 second'"
        )
        self.assertEqual(Channel._livechat_board_flush(), 2)
        messages = self._board_messages()
        self.assertEqual(len(messages), 2)
        self.assertEqual(
            sorted(messages[1], key=lambda s: s["id"]),
            [
                {"id": first.id, "livechat_question": "First"},  # its page went already
                {"id": second.id, "livechat_page_url": second.livechat_page_url},
            ],
        )
        self.env.cr.execute("UPDATE livechat_iconic_board_clock SET sent_at = '-infinity'")
        self.assertEqual(Channel._livechat_board_flush(), 0, "nothing pending: nothing sent")
        self.assertEqual(len(self._board_messages()), 2)

    def test_new_session_is_announced_at_its_first_message(self):
        self._reset_bus()
        channel = self.start_visitor_chat()
        self.assertEqual(self._board_messages(), [], "nobody wrote yet: nothing to tell")
        self.visitor_post(channel, "Hello")
        [[announced]] = self._board_messages()
        self.assertEqual(announced["id"], channel.id)
        self.assertEqual(announced["livechat_state"], "in_queue")
        self.assertEqual(announced["livechat_question"], "Hello")

    def test_only_agents_listen_to_the_board(self):
        group = self.env.ref("im_livechat.im_livechat_group_user")
        employee = new_test_user(self.env, login="iconic_not_agent", groups="base.group_user")
        for user, expected in ((self.agent, True), (employee, False)):
            env = self.env(user=user)
            # Odoo's own test request (http_routing): the websocket reads the session
            with MockRequest(env):
                channels = env["ir.websocket"]._build_bus_channel_list(["livechat_iconic.board"])
            # records are in the list too: compare tuples and strings only
            board = [
                c for c in channels if isinstance(c, tuple) and c[1] == "LIVECHAT_ICONIC_BOARD"
            ]
            self.assertEqual([c[0] for c in board], [group] if expected else [], user.login)
            self.assertNotIn("livechat_iconic.board", [c for c in channels if isinstance(c, str)])

    def _board_messages(self):
        """The board's messages sent so far in this transaction: each message's sessions."""
        group = self.env.ref("im_livechat.im_livechat_group_user")
        self.env.cr.precommit.run()  # notifications become bus.bus rows on commit
        messages = []
        for row in self.env["bus.bus"].sudo().search([], order="id"):
            message = json.loads(row.message)
            if message["type"] == "livechat_iconic.board/update":
                self.assertEqual(
                    json.loads(row.channel),
                    [self.env.cr.dbname, "res.groups", group.id, "LIVECHAT_ICONIC_BOARD"],
                )
                messages.append(message["payload"]["sessions"])
        return messages

    def _reset_bus(self):
        self.env.cr.precommit.run()
        self.env["bus.bus"].sudo().search([]).unlink()

    def test_view_does_not_join_and_stable_url_redirects(self):
        channel = self.visitor_session(agent=self.agent, reply="Happy to help")
        action = channel.with_user(self.agent_bob).action_livechat_view()
        self.assertEqual(action["res_id"], channel.id)
        view = self.env["ir.ui.view"].browse(action["views"][0][0])
        self.assertEqual(view.arch_db.count('edit="false"'), 1, "the view is read-only")
        transcript = channel.with_user(self.agent_bob).livechat_transcript
        self.assertRegex(transcript, r"<b>Visitor</b> Question.*<b>Alice Agent</b> Happy to help")
        self.assertNotIn(self.agent_bob.partner_id, channel.channel_member_ids.partner_id)
        self.authenticate("iconic_bob", "iconic_bob")
        response = self.url_open(f"/livechat/waiting/{channel.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(
            response.headers["Location"].endswith(f"/odoo/livechat-waiting?highlight={channel.id}")
        )

    def test_only_agents_take_or_close(self):
        channel = self.start_visitor_chat("Question")
        employee = new_test_user(self.env, login="iconic_employee", groups="base.group_user")
        for action in ("action_livechat_take", "action_livechat_close"):
            with self.assertRaises(AccessError):
                getattr(channel.with_user(employee), action)()
        self.assertEqual(channel.livechat_state, "in_queue")

    def test_taking_respects_the_queues_maximum_sessions(self):
        self.livechat_channel.write({"max_sessions_mode": "limited", "max_sessions": 1})
        first = self.start_visitor_chat("First visitor")
        self.opener.cookies.clear()
        second = self.start_visitor_chat("Second visitor")
        first.with_user(self.agent).action_livechat_take()
        with self.assertRaisesRegex(UserError, "already have 1 chats in Support"):
            second.with_user(self.agent).action_livechat_take()
        self.assertEqual(second.livechat_state, "in_queue")
        # a chat the agent is already in is not a new one
        first.with_user(self.agent).action_livechat_take()
        second.with_user(self.agent_bob).action_livechat_take()
        self.assertEqual(second.livechat_agent_id, self.agent_bob.partner_id)


@tagged("post_install", "-at_install")
class TestBoardServeOrder(BoardCase):
    """The board lists the queued visitors in the dispatch's order: two visitors wait IN
    QUEUE 110 and 115 seconds from their target (the same band of urgency), the one who
    came later has more at stake (``_livechat_stakes``, which livechat_iconic_leads fills
    from CRM, is stood in for here)."""

    #: the board's order as the web client sends it (the views' default_order)
    CLIENT_ORDER = (
        "livechat_breach_dt ASC,livechat_queue_priority DESC,livechat_sla_since_dt ASC,id ASC"
    )

    def two_queued(self, order_by_value):
        self.livechat_channel.livechat_order_by_value = order_by_value
        self.now = fields.Datetime.now()
        with freeze_time(self.now - timedelta(seconds=10)):
            poor = self.start_visitor_chat("Poor")
        with freeze_time(self.now - timedelta(seconds=5)):
            rich = self.start_visitor_chat("Rich")
        self.assertEqual((poor | rich).mapped("livechat_state"), ["in_queue"] * 2)
        stakes = {rich.id: {"count": 1, "value": 5000.0}, poor.id: {"count": 1, "value": 10.0}}
        Channel = type(self.env["discuss.channel"])
        self.startPatcher(
            patch.object(
                Channel,
                "_livechat_stakes",
                lambda sessions: {i: v for i, v in stakes.items() if i in sessions.ids},
            )
        )
        return poor, rich

    def board_list(self, **kwargs):
        with freeze_time(self.now):
            result = (
                self.env["discuss.channel"]
                .with_user(self.agent)
                .web_search_read(
                    self.board_domain, self.board_spec, order=self.CLIENT_ORDER, **kwargs
                )
            )
        return [r["id"] for r in result["records"]]

    def board_queue_column(self):
        with freeze_time(self.now):
            groups = (
                self.env["discuss.channel"]
                .with_user(self.agent)
                .web_read_group(
                    self.board_domain,
                    ["livechat_state"],
                    ["__count"],
                    order=self.CLIENT_ORDER,
                    auto_unfold=True,
                    unfold_read_specification={"livechat_visitor_name": {}},
                )["groups"]
            )
        column = next(g for g in groups if g["livechat_state"] == "in_queue")
        return [r["id"] for r in column["__records"]]

    def test_equally_urgent_the_higher_value_first(self):
        poor, rich = self.two_queued(order_by_value=True)
        self.assertEqual(self.board_list(), [rich.id, poor.id])
        self.assertEqual(self.board_queue_column(), [rich.id, poor.id])
        # page by page: the first place shows the first visitor to serve
        self.assertEqual(self.board_list(limit=1), [rich.id])
        self.assertEqual(self.board_list(limit=1, offset=1), [poor.id])
        # the dispatch serves them in that order
        with freeze_time(self.now):
            served = self.env["im_livechat.channel"]._livechat_serve_order(poor | rich, self.now)
        self.assertEqual([w.id for w in served], [rich.id, poor.id])

    def test_without_the_option_the_longest_wait_first(self):
        poor, rich = self.two_queued(order_by_value=False)
        self.assertEqual(self.board_list(), [poor.id, rich.id])
        self.assertEqual(self.board_queue_column(), [poor.id, rich.id])

    def test_a_column_sort_is_the_users(self):
        poor, rich = self.two_queued(order_by_value=True)
        with freeze_time(self.now):
            result = (
                self.env["discuss.channel"]
                .with_user(self.agent)
                .web_search_read(
                    self.board_domain, self.board_spec, order="livechat_sla_since_dt ASC"
                )
            )
        self.assertEqual([r["id"] for r in result["records"]], [poor.id, rich.id])

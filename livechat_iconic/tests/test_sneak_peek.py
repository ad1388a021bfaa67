import json
import logging

from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.bus.models.bus import json_dump

from ..lib import sneak_peek
from ..models.discuss_channel_sneak_peek import peek_rows_of
from .common import AGENT_GROUPS, LivechatIconicCase

ROUTE = "/livechat_iconic/sneak_peek"
NOTIFICATION = "livechat_iconic.sneak_peek/update"
MARKER = "SneakPeekMarkerQuokka"  # a text no table holds but what the visitor typed

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestSneakPeek(LivechatIconicCase):
    """The visitor's typing reaches the session's agents only, masked, and nothing of it
    stays in the database once delivered or superseded."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent_carol = new_test_user(
            cls.env, login="iconic_carol", groups=AGENT_GROUPS, name="Carol Agent"
        )

    def setUp(self):
        super().setUp()
        self.channel = self.visitor_session("Question", agent=self.agent, reply="Hello")

    def peek(self, text, channel=None):
        return self.make_jsonrpc_request(
            ROUTE, {"channel_id": (channel or self.channel).id, "text": text}
        )

    def peek_rows(self, channel=None):
        """The bus rows of sneak peeks (of ``channel``, else all): [(target, payload)]."""
        self.env.cr.execute("SELECT channel, message FROM bus_bus ORDER BY id")
        rows = []
        for target, message in self.env.cr.fetchall():
            message = json.loads(message)
            if message["type"] == NOTIFICATION and (
                not channel or message["payload"]["channel_id"] == channel.id
            ):
                rows.append((json.loads(target), message["payload"]))
        return rows

    def partner_target(self, partner):
        return json.loads(json_dump([self.env.cr.dbname, "res.partner", partner.id]))

    def test_only_the_agents_get_it_masked_by_the_server(self):
        bob_member = self.channel.with_user(self.agent)._add_members(users=self.agent_bob)
        self.assertEqual(bob_member.livechat_member_type, "agent")
        # a widget that does not mask: the server does
        result = self.peek("my card is 4111 1111 1111 1111, mail jane@example.com")
        self.assertEqual(result, {"ok": True})
        rows = self.peek_rows()
        expected = f"my card is {sneak_peek.MASK}, mail {sneak_peek.MASK}"
        self.assertCountEqual(
            rows,
            [
                (self.partner_target(partner), {"channel_id": self.channel.id, "text": expected})
                for partner in (self.agent.partner_id, self.agent_bob.partner_id)
            ],
            "one row per agent's partner; not the channel, the visitor nor another agent",
        )

    def test_a_newer_peek_replaces_the_older_one(self):
        self.peek("I would like")
        self.peek("I would like to")
        self.assertEqual([p["text"] for _t, p in self.peek_rows()], ["I would like to"])
        self.peek("")
        self.assertEqual([p["text"] for _t, p in self.peek_rows()], [""])

    def test_rows_cleared_when_the_visitor_posts_and_when_the_chat_ends(self):
        other = self.visitor_session("Other question", agent=self.agent_carol)
        self.peek("Other typing", channel=other)
        self.peek("My order number is")
        self.visitor_post(self.channel, "My order number is")
        self.assertFalse(
            self.peek_rows(self.channel),
            "no peek left (the agents' clients empty their line when the message arrives)",
        )
        self.peek("And also")
        self.visitor_leaves(self.channel)
        self.assertFalse(self.peek_rows(self.channel))
        self.assertEqual(
            [p["text"] for _t, p in self.peek_rows(other)], ["Other typing"], "another session's"
        )
        self.assertEqual(self.peek(MARKER), {"ok": False}, "ended: refused silently")
        self.assertFalse(self.peek_rows(self.channel))

    def test_rows_are_found_by_the_index_never_by_a_scan(self):
        """O(1) per keystroke: the delete of a session's earlier peeks is an index look-up
        of the partial index holding peek rows only (bus_bus holds a day of everything)."""
        self.peek("Typing")
        with self.env.cr.savepoint(flush=False):
            self.env.cr.execute("SET LOCAL enable_seqscan = off")
            self.env.cr.execute(
                SQL("EXPLAIN DELETE FROM bus_bus WHERE %s", peek_rows_of(self.channel.id))
            )
            plan = "\n".join(row[0] for row in self.env.cr.fetchall())
            self.env.cr.execute("SET LOCAL enable_seqscan = on")
        self.assertIn("bus_bus_livechat_iconic_sneak_peek_idx", plan)
        self.assertNotIn("Seq Scan", plan)

    def test_only_the_visitor_of_the_session_may_send(self):
        self.opener.cookies.clear()  # another visitor, with a chat of their own
        other = self.start_visitor_chat("Other question")
        for channel_id in (self.channel.id, 2**31 - 1):
            response = self.post_jsonrpc(ROUTE, {"channel_id": channel_id, "text": MARKER})
            self.assertEqual(response.status_code, 404)
            self.assertNotIn(MARKER, response.text)
        self.opener.cookies.clear()  # anonymous, no guest at all
        response = self.post_jsonrpc(ROUTE, {"channel_id": other.id, "text": MARKER})
        self.assertEqual(response.status_code, 404)
        self.authenticate(self.agent.login, self.agent.login)  # the agent is no visitor
        response = self.post_jsonrpc(ROUTE, {"channel_id": self.channel.id, "text": MARKER})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.peek_rows())

    def test_bad_input_is_refused(self):
        cases = [
            ({"channel_id": "abc", "text": "x"}, "missing or is not a number"),
            ({"channel_id": self.channel.id}, "must be text"),
            ({"channel_id": self.channel.id, "text": 12}, "must be text"),
            ({"channel_id": self.channel.id, "text": ["x"]}, "must be text"),
            ({"channel_id": self.channel.id, "text": {"a": "b"}}, "must be text"),
            ({"channel_id": self.channel.id, "text": MARKER * 30}, "too long"),
        ]
        for params, message in cases:
            with self.subTest(params=params):
                response = self.post_jsonrpc(ROUTE, params)
                self.assertEqual(response.status_code, 400, response.text[:300])
                self.assertIn(message, response.json()["error"]["message"])
                self.assertNotIn(MARKER, response.text)
        response = self.post_jsonrpc(ROUTE, {"channel_id": self.channel.id, "text": "x" * 5000})
        self.assertEqual(response.status_code, 413)
        self.assertFalse(self.peek_rows())

    def test_queue_option_off(self):
        self.assertTrue(self.livechat_channel.livechat_sneak_peek, "on by default")
        self.livechat_channel.livechat_sneak_peek = False
        self.assertEqual(self.peek("Hello"), {"ok": False})
        self.assertFalse(self.peek_rows())
        self.assertFalse(self.channel._livechat_sneak_peek_enabled(), "the widget is told")

    def test_nothing_of_it_in_the_database_or_the_logs_after_a_session(self):
        with self.assertLogs(level=logging.DEBUG) as logs:
            _logger.info("the session starts")
            self.peek(f"{MARKER} one")
            self.peek(f"{MARKER} one two")
            self.assertTrue(self.peek_rows(), "delivered through the bus meanwhile")
            self.visitor_post(self.channel, "Thanks, that is all")
            self.peek(f"{MARKER} three")
            self.visitor_leaves(self.channel)
        # every logger at DEBUG, but Odoo's SQL debug log (--log-sql, off by default, a
        # developer's tool that writes every query with its values) is not a log of ours
        self.assertFalse(
            [
                line
                for line in logs.output
                if MARKER in line and not line.startswith("DEBUG:odoo.sql_db:")
            ]
        )
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
        tables = [name for (name,) in self.env.cr.fetchall()]
        self.assertIn("bus_bus", tables)
        holding = []
        for table in tables:
            self.env.cr.execute(
                SQL(
                    "SELECT 1 FROM %s AS t WHERE row_to_json(t)::text LIKE %s LIMIT 1",
                    SQL.identifier(table),
                    f"%{MARKER}%",
                )
            )
            if self.env.cr.fetchone():
                holding.append(table)
        self.assertEqual(holding, [], "no table holds what the visitor typed")

import logging
import time

from odoo.tests import tagged

from .common import SlackCase, claim_body, signed_headers

ROUTE = "/livechat_iconic_slack/actions"


@tagged("post_install", "-at_install")
class TestSlackClaim(SlackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent.email = "alice@example.com"
        cls.agent_bob.email = "bob@example.com"
        cls.slack.users = {"alice@example.com": "UALICE", "bob@example.com": "UBOB"}

    def click(self, body, headers):
        return self.url_open(ROUTE, data=body, headers=headers, allow_redirects=False)

    def ephemerals(self):
        return self.outbox.search([("kind", "=", "ephemeral")], order="id")

    def test_claim_takes_the_session_as_the_agent_found_by_email(self):
        session = self.visitor_session("Help")
        body = claim_body(session.id, "UBOB")
        response = self.click(body, signed_headers(body))
        self.assertEqual(response.status_code, 200, response.text)
        session.invalidate_recordset()
        self.assertEqual(session.livechat_state, "chatting")
        self.assertEqual(session.livechat_operator_id, self.agent_bob.partner_id)
        self.assertEqual(self.agent_bob.livechat_slack_user_id, "UBOB", "remembered")
        self.assertTrue(self.slack.calls("users.lookupByEmail"))
        [reply] = self.ephemerals()
        self.assertEqual((reply.slack_channel, reply.slack_user), ("CSUPPORT", "UBOB"))
        self.assertIn("is yours", reply.text)
        # the notice says who took it, and the reply reaches Bob only
        self.send()
        self.send()
        [ephemeral] = self.slack.delivered("chat.postEphemeral")
        self.assertEqual(ephemeral["user"], "UBOB")

        # Alice clicks too late: told who has it, nothing changes
        body = claim_body(session.id, "UALICE", action_ts="1700000000.2")
        lookups = len(self.slack.calls("users.lookupByEmail"))
        self.assertEqual(self.click(body, signed_headers(body)).status_code, 200)
        session.invalidate_recordset()
        self.assertEqual(session.livechat_operator_id, self.agent_bob.partner_id)
        self.assertIn("Bob Agent", self.ephemerals()[-1].text)
        self.assertEqual(self.ephemerals()[-1].slack_user, "UALICE")
        self.assertEqual(
            len(self.slack.calls("users.lookupByEmail")), lookups, "Alice was found before"
        )

    def test_bad_or_stale_signature_gets_401_and_changes_nothing(self):
        session = self.visitor_session("Help")
        body = claim_body(session.id, "UALICE")
        cases = {
            "bad": signed_headers(body, secret="not-the-secret"),
            "stale": signed_headers(body, timestamp=int(time.time()) - 6 * 60),
            "future": signed_headers(body, timestamp=int(time.time()) + 6 * 60),
            "not a number": {**signed_headers(body), "X-Slack-Request-Timestamp": "soon"},
            "unsigned": {"Content-Type": "application/x-www-form-urlencoded"},
            "tampered": signed_headers(claim_body(session.id, "UBOB")),
        }
        for name, headers in cases.items():
            with (
                self.subTest(name),
                self.assertLogs("odoo.addons.livechat_iconic_slack", logging.INFO) as logs,
            ):
                response = self.click(body, headers)
                self.assertEqual(response.status_code, 401)
                self.assertIn("Slack action refused", logs.output[0])
        session.invalidate_recordset()
        self.assertEqual(session.livechat_state, "in_queue")
        self.assertFalse(self.ephemerals())
        self.assertFalse(self.slack.calls())

    def test_a_replayed_request_is_refused(self):
        """Slack's signed request captured and sent again later: outside the five
        minutes, refused."""
        session = self.visitor_session("Help")
        then = int(time.time()) - 301
        body = claim_body(session.id, "UALICE")
        with self.assertLogs("odoo.addons.livechat_iconic_slack", logging.INFO):
            self.assertEqual(
                self.click(body, signed_headers(body, timestamp=then)).status_code, 401
            )

    def test_the_same_click_twice_within_the_window_does_nothing_more(self):
        session = self.visitor_session("Help")
        body = claim_body(session.id, "UBOB")
        headers = signed_headers(body)
        self.assertEqual(self.click(body, headers).status_code, 200)
        self.assertEqual(len(self.ephemerals()), 1)
        session.invalidate_recordset()
        self.assertEqual(session.livechat_operator_id, self.agent_bob.partner_id)
        calls = len(self.slack.calls())
        with self.assertLogs("odoo.addons.livechat_iconic_slack", logging.INFO) as logs:
            self.assertEqual(self.click(body, headers).status_code, 200)
        self.assertIn("seen already", "\n".join(logs.output))
        self.assertEqual(len(self.ephemerals()), 1, "no second reply")
        self.assertEqual(len(self.slack.calls()), calls, "nothing asked of Slack")

    def test_malformed_headers_and_bodies_get_401_never_an_error(self):
        session = self.visitor_session("Help")
        body = claim_body(session.id, "UALICE")
        good = signed_headers(body)
        latin = b"payload=" + "caf\xe9".encode("latin-1")  # not UTF-8
        cases = {
            "superscript digits": (body, {**good, "X-Slack-Request-Timestamp": "\xb2\xb3"}),
            "huge timestamp": (body, {**good, "X-Slack-Request-Timestamp": "9" * 400}),
            "non-ASCII signature": (body, {**good, "X-Slack-Signature": "v0=\xe9\xe9"}),
            "huge signature": (body, {**good, "X-Slack-Signature": "v0=" + "a" * 10000}),
            "no v0": (body, {**good, "X-Slack-Signature": "abc"}),
            "body not UTF-8": (latin, signed_headers(latin)),
        }
        for name, (data, headers) in cases.items():
            with (
                self.subTest(name),
                self.assertLogs("odoo.addons.livechat_iconic_slack", logging.INFO) as logs,
                self.assertNoLogs("odoo", logging.ERROR),
            ):
                response = self.click(data, headers)
                self.assertEqual(response.status_code, 401, response.text[:300])
                self.assertIn("Slack action refused", logs.output[0])
                self.assertNotIn("Traceback", response.text)
        session.invalidate_recordset()
        self.assertEqual(session.livechat_state, "in_queue")
        self.assertFalse(self.ephemerals())

    def test_claim_of_a_session_that_no_longer_exists(self):
        session = self.visitor_session("Help")
        gone = session.id
        session.sudo().unlink()
        body = claim_body(gone, "UALICE")
        with self.assertLogs("odoo.addons.livechat_iconic_slack", logging.INFO) as logs:
            self.assertEqual(self.click(body, signed_headers(body)).status_code, 200)
        self.assertIn("no longer exists", "\n".join(logs.output))
        self.assertIn("no longer exists", self.ephemerals().text)

    def test_a_slack_user_who_is_no_agent(self):
        session = self.visitor_session("Help")
        body = claim_body(session.id, "USTRANGER")
        with self.assertLogs("odoo.addons.livechat_iconic_slack", logging.INFO):
            self.assertEqual(self.click(body, signed_headers(body)).status_code, 200)
        self.assertIn("matches no live chat agent", self.ephemerals().text)
        session.invalidate_recordset()
        self.assertEqual(session.livechat_state, "in_queue")

    def test_other_buttons_and_garbage(self):
        session = self.visitor_session("Help")
        body = b"payload=not-json"
        with self.assertLogs("odoo.addons.livechat_iconic_slack", logging.INFO):
            self.assertEqual(self.click(body, signed_headers(body)).status_code, 400)
        body = claim_body(session.id, "UALICE").replace(b"livechat_iconic_claim", b"other")
        self.assertEqual(self.click(body, signed_headers(body)).status_code, 200)
        body = claim_body("1; DROP TABLE", "UALICE")
        self.assertEqual(self.click(body, signed_headers(body)).status_code, 200)
        session.invalidate_recordset()
        self.assertEqual(session.livechat_state, "in_queue")

    def test_a_claim_respects_the_queues_maximum_sessions(self):
        self.livechat_channel.write({"max_sessions_mode": "limited", "max_sessions": 1})
        first = self.visitor_session("First")
        first.with_user(self.agent_bob).action_livechat_take()
        self.opener.cookies.clear()
        second = self.visitor_session("Second")
        body = claim_body(second.id, "UBOB")
        self.assertEqual(self.click(body, signed_headers(body)).status_code, 200)
        second.invalidate_recordset()
        self.assertEqual(second.livechat_state, "in_queue", "Bob is at the queue's maximum")
        self.assertIn("already have 1 chats", self.ephemerals()[-1].text)

    def test_an_invisible_agent_claims_only_in_a_broadcast_queue(self):
        session = self.visitor_session("Help")
        self.env["mail.presence"]._update_presence(self.agent_bob)
        self.env["res.users"].with_user(self.agent_bob).action_livechat_set_status("invisible")
        body = claim_body(session.id, "UBOB")
        with self.assertLogs("odoo.addons.livechat_iconic_slack", logging.INFO) as logs:
            self.assertEqual(self.click(body, signed_headers(body)).status_code, 200)
        self.assertIn("refused", "\n".join(logs.output))
        session.invalidate_recordset()
        self.assertEqual(session.livechat_state, "in_queue", "an assigned queue")
        self.assertIn("You are invisible", self.ephemerals()[-1].text)
        # a broadcast queue offers its chats to its invisible agents: the claim takes it
        self.livechat_channel.livechat_routing_mode = "broadcast"
        body = claim_body(session.id, "UBOB", action_ts="1700000000.3")
        self.assertEqual(self.click(body, signed_headers(body)).status_code, 200)
        session.invalidate_recordset()
        self.assertEqual(session.livechat_state, "chatting")
        self.assertEqual(session.livechat_operator_id, self.agent_bob.partner_id)
        self.assertIn("is yours", self.ephemerals()[-1].text)

import hashlib
import hmac
import json
import time
from datetime import datetime, timedelta
from urllib.parse import urlencode

from odoo.tests import freeze_time

from odoo.addons.livechat_iconic.tests.common import LivechatIconicCase

from .slack_server import FakeSlack

TOKEN = "xoxb-test-token"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


def set_slack_params(env, base_url, channel="#support"):
    params = env["ir.config_parameter"].sudo()
    for key, value in {
        "enabled": "True",
        "bot_token": TOKEN,
        "channel": channel,
        "base_url": base_url,
        "signing_secret": SIGNING_SECRET,
    }.items():
        params.set_param(f"livechat_iconic_slack.{key}", value)


def signed_headers(body, timestamp=None, secret=SIGNING_SECRET):
    """The headers Slack sends with an interactivity request (v0 HMAC-SHA256)."""
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + timestamp.encode() + b":" + body
    signature = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature,
        "Content-Type": "application/x-www-form-urlencoded",
    }


def claim_body(session_id, slack_user, channel="CSUPPORT", action_ts="1700000000.1"):
    """The body of a click on a notice's Claim button, as Slack posts it."""
    payload = {
        "type": "block_actions",
        "user": {"id": slack_user, "username": slack_user.lower(), "team_id": "T1"},
        "channel": {"id": channel, "name": "support"},
        "container": {"type": "message", "channel_id": channel},
        "trigger_id": "1.2.3",
        "response_url": "https://hooks.slack.com/actions/T1/1/xyz",
        "actions": [
            {
                "type": "button",
                "action_id": "livechat_iconic_claim",
                "value": str(session_id),
                "action_ts": action_ts,
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


class SlackCase(LivechatIconicCase):
    """Live chat sessions and a Slack-compatible server on 127.0.0.1 that the real
    slack_sdk WebClient of the addon talks to."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.slack = FakeSlack(token=TOKEN)
        cls.slack.start()
        cls.addClassCleanup(cls.slack.stop)
        set_slack_params(cls.env, cls.slack.base_url)
        cls.outbox = cls.env["livechat_iconic_slack.outbox"]

    def setUp(self):
        super().setUp()
        with self.slack.lock:
            self.slack.requests.clear()
            self.slack.script.clear()
            self.slack.messages.clear()
            self.slack.lose_answers.clear()
        self.clock = datetime(2030, 1, 1, 12, 0, 0)

    def send(self, at=None):
        """One pass of the outbox's cron at the test's clock (or ``at``, which becomes the
        clock), on frozen time; then a second passes. Returns what the pass returns."""
        self.clock = at or self.clock
        with freeze_time(self.clock):
            result = self.outbox._send_due()
        self.clock += timedelta(seconds=1)
        return result

    def send_until_done(self, start=None, max_passes=500):
        """Run passes at each next-try moment, as the cron would, until nothing is
        pending; returns the moments of the passes."""
        moment = start or self.clock
        moments = []
        for _i in range(max_passes):
            moments.append(moment)
            next_dt, _moved = self.send(moment)
            if not next_dt:
                return moments
            moment = max(next_dt, moment)
        raise AssertionError("the outbox never emptied")

    def posts(self):
        return self.slack.delivered("chat.postMessage")

    def updates(self):
        return self.slack.delivered("chat.update")

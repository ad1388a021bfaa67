"""A Slack-compatible Web API server on 127.0.0.1, for tests and demos.

Not a mock of our client: it speaks HTTP like https://slack.com/api/ does, so the
real ``slack_sdk.WebClient`` talks to it. It answers ``chat.postMessage``,
``chat.update``, ``chat.delete``, ``chat.postEphemeral``, ``conversations.history``,
``users.lookupByEmail`` and ``auth.test``,
records every request, and can be told to answer 429 (with ``Retry-After``), 5xx or
a Slack error body, for the next N requests.

By hand (then set the system parameter ``livechat_iconic_slack.base_url`` to the
printed URL, and any bot token)::

    python3 livechat_iconic_slack/tests/slack_server.py --port 18100 \
        --user agent@example.com=U0AGENT

Only the standard library: nothing from Odoo.
"""

import argparse
import itertools
import json
import logging
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

_logger = logging.getLogger(__name__)


METHODS = (
    "auth.test",
    "chat.delete",
    "chat.postEphemeral",
    "chat.postMessage",
    "chat.update",
    "conversations.history",
    "users.lookupByEmail",
)


class FakeSlack:
    """The server's state: channels, users, messages, scripted failures, requests."""

    def __init__(self, token="xoxb-test", channels=None, users=None):
        self.token = token  # None: any token is accepted
        # channel name or id -> id; None: any channel exists
        self.channels = dict(channels) if channels is not None else None
        self.users = dict(users or {})  # e-mail -> Slack user id
        self.messages = {}  # (channel id, ts) -> last params
        self.requests = []  # (method, params, accepted, answer) in arrival order
        self.script = []  # [method or None, remaining count, status, body, headers]
        self.lose_answers = {}  # method -> how many accepted requests get no answer
        self.lock = threading.Lock()
        self._ts = itertools.count(1)
        self._ts_base = int(time.time())  # message times as Slack's: seconds since the epoch
        self.server = None
        self.thread = None

    # -- scripting ------------------------------------------------------------------------
    def fail(self, times, status=503, error=None, retry_after=None, method=None):
        """The next ``times`` requests (to ``method``, or any) get ``status``; with
        ``error``, a Slack error body; with ``retry_after``, that header."""
        body = {"ok": False, "error": error} if error else None
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        with self.lock:
            self.script.append([method, times, status, body, headers])

    def lose_answer(self, method, times=1):
        """The next ``times`` requests to ``method`` are carried out, but their answer is
        lost (the connection closes before it): the caller cannot know."""
        with self.lock:
            self.lose_answers[method] = self.lose_answers.get(method, 0) + times

    def take_lost_answer(self, method):
        with self.lock:
            if self.lose_answers.get(method, 0) > 0:
                self.lose_answers[method] -= 1
                return True
            return False

    def calls(self, method=None):
        """Requests (to ``method``, or all), failed ones included, in arrival order."""
        with self.lock:
            return [r[1] for r in self.requests if method in (None, r[0])]

    def delivered(self, method):
        """Requests to ``method`` that were accepted, in order."""
        with self.lock:
            return [r[1] for r in self.requests if r[0] == method and r[2]]

    def timeline(self):
        """(method, message ts) of the accepted requests, in order."""
        with self.lock:
            return [(r[0], (r[3] or {}).get("ts")) for r in self.requests if r[2]]

    # -- the API --------------------------------------------------------------------------
    def answer(self, method, params, token):
        """(status, body dict, headers) for one request."""
        with self.lock:
            for entry in self.script:
                if entry[1] > 0 and entry[0] in (None, method):
                    entry[1] -= 1
                    self.requests.append((method, params, False, entry[3]))
                    return entry[2], entry[3], entry[4]
            status, body = self._api(method, params, token)
            self.requests.append((method, params, bool(body.get("ok")), body))
            return status, body, {}

    def _channel_id(self, name):
        if not name:
            return None
        if self.channels is None:
            return name if name.startswith("C") else "C" + name.lstrip("#").upper()[:10]
        return self.channels.get(name)

    def _api(self, method, params, token):
        if method not in METHODS:
            return 404, {"ok": False, "error": "unknown_method"}
        if not token:
            return 200, {"ok": False, "error": "not_authed"}
        if self.token is not None and token != self.token:
            return 200, {"ok": False, "error": "invalid_auth"}
        if method == "auth.test":
            return 200, {"ok": True, "team": "Test", "user": "livechat", "user_id": "UBOT"}
        if method == "users.lookupByEmail":
            user_id = self.users.get((params.get("email") or "").lower())
            if not user_id:
                return 200, {"ok": False, "error": "users_not_found"}
            return 200, {"ok": True, "user": {"id": user_id, "profile": {"email": params["email"]}}}
        channel = self._channel_id(params.get("channel"))
        if not channel:
            return 200, {"ok": False, "error": "channel_not_found"}
        if method == "conversations.history":
            oldest = float(params.get("oldest") or 0)
            found = [
                {"ts": ts, "text": sent.get("text"), "metadata": sent.get("metadata")}
                for (sent_channel, ts), sent in sorted(self.messages.items(), reverse=True)
                if sent_channel == channel and float(ts) >= oldest
            ]
            return 200, {"ok": True, "messages": found[: int(params.get("limit") or 100)]}
        if method == "chat.delete":
            if self.messages.pop((channel, params.get("ts")), None) is None:
                return 200, {"ok": False, "error": "message_not_found"}
            return 200, {"ok": True, "channel": channel, "ts": params["ts"]}
        if not (params.get("text") or params.get("blocks")):
            return 200, {"ok": False, "error": "no_text"}
        if method == "chat.postEphemeral":
            return 200, {"ok": True, "message_ts": self._next_ts()}
        if method == "chat.update":
            key = (channel, params.get("ts"))
            if key not in self.messages:
                return 200, {"ok": False, "error": "message_not_found"}
            self.messages[key] = params
            return 200, {
                "ok": True,
                "channel": channel,
                "ts": params["ts"],
                "text": params.get("text"),
            }
        ts = self._next_ts()
        self.messages[(channel, ts)] = params
        return 200, {
            "ok": True,
            "channel": channel,
            "ts": ts,
            "message": {"text": params.get("text")},
        }

    def _next_ts(self):
        return f"{self._ts_base + next(self._ts)}.000100"

    # -- serving --------------------------------------------------------------------------
    def start(self, port=0, host="127.0.0.1"):
        """Serve in a daemon thread; returns the base URL (``http://127.0.0.1:N/api/``)."""
        self.server = ThreadingHTTPServer((host, port), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self.base_url

    @property
    def base_url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/api/"

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.thread.join(timeout=5)
            self.server = None


def _handler(slack):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):
            _logger.debug("fake Slack: " + fmt, *args)

        def _params(self):
            url = urlsplit(self.path)
            params = dict(parse_qsl(url.query))
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            kind = self.headers.get("Content-Type") or ""
            if raw and kind.startswith("application/json"):
                data = json.loads(raw.decode())
                params.update(data if isinstance(data, dict) else {})
            elif raw:
                params.update(parse_qsl(raw.decode()))
            return url.path, params

        def _serve(self):
            path, params = self._params()
            method = path.rsplit("/", 1)[-1]
            auth = self.headers.get("Authorization") or ""
            token = auth[7:] if auth.startswith("Bearer ") else params.get("token")
            status, body, headers = slack.answer(method, params, token)
            if slack.take_lost_answer(method):
                self.close_connection = True  # done, but the caller never hears of it
                return
            payload = json.dumps(body).encode() if body is not None else b"upstream unavailable"
            self.send_response(status)
            ctype = "application/json; charset=utf-8" if body is not None else "text/plain"
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        do_POST = do_GET = _serve

    return Handler


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=18100)
    parser.add_argument("--token", default=None, help="the only bot token accepted (default: any)")
    parser.add_argument(
        "--user",
        action="append",
        default=[],
        metavar="EMAIL=SLACK_ID",
        help="a Slack user users.lookupByEmail finds (repeatable)",
    )
    args = parser.parse_args(argv)
    users = dict(item.split("=", 1) for item in args.user)
    slack = FakeSlack(token=args.token, users={k.lower(): v for k, v in users.items()})
    url = slack.start(port=args.port)
    out = sys.stdout
    out.write(f"Slack-compatible test server at {url}  (Ctrl+C stops it)\n")
    out.flush()
    seen = 0
    try:
        while True:
            time.sleep(0.5)
            with slack.lock:
                new = slack.requests[seen:]
            for method, params, ok, _answer in new:
                text = str(params.get("text") or params.get("email") or "")[:160]
                line = f"{method} {'ok' if ok else 'FAILED'} {params.get('channel', '')}: {text}"
                out.write(line.replace("\n", " ") + "\n")
                out.flush()
            seen += len(new)
    except KeyboardInterrupt:
        slack.stop()


if __name__ == "__main__":
    main()

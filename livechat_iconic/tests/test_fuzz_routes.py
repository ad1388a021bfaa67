"""Random JSON to every public route of ours and to the Odoo routes we extend.

Property: whatever a stranger sends, as an anonymous caller or as a guest with a session,
the answer is never a server error, never carries a traceback, Odoo logs no ERROR, and an
error creates nothing. ``LIVECHAT_FUZZ_EXAMPLES`` (default 4 per route and persona, fixed
seed) sets the number of examples; ``bench/fuzz_routes.py`` runs thousands, and reads the
examples run per route and the failures from ``LIVECHAT_FUZZ_REPORT`` (a JSON file written
at the end when that variable names one).
"""

import json
import os
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import tagged

from .common import LivechatIconicCase

EXAMPLES = int(os.environ.get("LIVECHAT_FUZZ_EXAMPLES", "4"))
LONG_RUN = "LIVECHAT_FUZZ_EXAMPLES" in os.environ
REPORT = os.environ.get("LIVECHAT_FUZZ_REPORT")
#: failing examples kept for the report (hypothesis replays a failure while shrinking it)
REPORTED_FAILURES = 50

# route: the argument names its callers send (the fuzzer also sends others)
ROUTES = {
    "/livechat_iconic/visitor_contact": ("channel_id", "email", "phone", "name"),
    "/livechat_iconic/message": (
        "channel_id",
        "name",
        "email",
        "phone",
        "message",
        "topic_id",
        "request_key",
    ),
    "/livechat_iconic/send_as_message": ("channel_id", "email", "name", "request_key"),
    "/livechat_iconic/email_transcript": ("channel_id", "email"),
    "/livechat_iconic/email_proof/request": ("channel_id", "email", "contact"),
    "/livechat_iconic/email_proof/check": ("channel_id", "email", "code"),
    "/livechat_iconic/sneak_peek": ("channel_id", "text"),
    "/livechat_iconic/your_conversations": (),
    "/im_livechat/get_session": (
        "channel_id",
        "previous_operator_id",
        "chatbot_script_id",
        "persisted",
        "livechat_iconic_topic_id",
    ),
    "/im_livechat/chatbot/restart": ("channel_id", "chatbot_script_id"),
    "/im_livechat/chatbot/step/trigger": ("channel_id", "chatbot_script_id", "data_id"),
    "/im_livechat/chatbot/step/validate_email": ("channel_id",),
    "/im_livechat/visitor_leave_session": ("channel_id",),
    "/mail/action": ("fetch_params", "context"),
    "/mail/data": ("fetch_params", "context"),
}

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
    | st.sampled_from(["1", "0", "-1", "a@example.com", "%@example.com", "<b>x</b>", "\x00"])
)
VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def fetch_params():
    """``/mail/action``'s list of ``[name, params]``: init_livechat with anything."""
    names = st.sampled_from(["init_livechat", "init_messaging", "mail.canned.response"])
    return st.lists(st.tuples(names, VALUES).map(list) | VALUES, max_size=3)


def params_for(route):
    names = ROUTES[route]
    special = {"fetch_params": fetch_params()}
    known = st.fixed_dictionaries({}, optional={name: special.get(name, VALUES) for name in names})
    return st.tuples(known, st.dictionaries(st.text(max_size=8), VALUES, max_size=2)).map(
        lambda pair: {**pair[1], **pair[0]}
    )


CALLS = st.sampled_from(sorted(ROUTES)).flatmap(
    lambda route: st.tuples(st.just(route), params_for(route), st.booleans(), st.booleans())
)
FUZZ = settings(
    max_examples=EXAMPLES * len(ROUTES) * 2,
    deadline=None,
    derandomize=not LONG_RUN,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@tagged("post_install", "-at_install")
class TestFuzzPublicRoutes(LivechatIconicCase):
    guest_channel = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.examples = Counter()  # (route, persona) -> calls made
        cls.failures = []

    @classmethod
    def tearDownClass(cls):
        if REPORT:
            Path(REPORT).write_text(
                json.dumps(
                    {
                        "examples": [[*key, count] for key, count in sorted(cls.examples.items())],
                        "failures": cls.failures,
                    }
                )
            )
        super().tearDownClass()

    def counts(self):
        return (
            self.env["discuss.channel"].search_count([("channel_type", "=", "livechat")]),
            self.env["helpdesk.ticket"].sudo().search_count([]),
            self.env["res.partner"].sudo().with_context(active_test=False).search_count([]),
            self.env["mail.mail"].sudo().search_count([]),
        )

    def call(self, route, params):
        body = json.dumps({"jsonrpc": "2.0", "id": 7, "method": "call", "params": params})
        return self.opener.post(
            self.base_url() + route,
            data=body.encode(),
            headers={"Content-Type": "application/json"},
            timeout=30,
        )

    @FUZZ
    @given(CALLS)
    def test_random_json_never_breaks_a_route(self, call):
        route, params, as_guest, own_session = call
        if as_guest and not self.guest_channel:
            self.guest_channel = self.start_visitor_chat("Fuzzing")
        elif not as_guest:
            self.opener.cookies.clear()
            self.guest_channel = None
        if as_guest and own_session and "fetch_params" not in ROUTES[route]:
            params["channel_id"] = self.guest_channel.id  # the guest's own session
        persona = "guest" if as_guest else "anonymous"
        self.examples[route, persona] += 1
        try:
            self.check_call(route, params)
        except AssertionError as error:
            if len(self.failures) < REPORTED_FAILURES:
                self.failures.append([route, persona, repr(params)[:300], str(error)[:500]])
            raise

    def check_call(self, route, params):
        before = self.counts()
        with self.assertNoLogs("odoo", "ERROR"):
            response = self.call(route, params)
        text = response.text
        self.assertLess(response.status_code, 500, f"{route} {params!r}: {text[:300]}")
        self.assertNotIn("Traceback", text, f"{route} {params!r}")
        answer = response.json() if "json" in response.headers.get("Content-Type", "") else {}
        error = answer.get("error") if isinstance(answer, dict) else None
        if error:
            self.assertNotEqual(error.get("message"), "Odoo Server Error", f"{route} {params!r}")
            self.assertNotIn("debug", error.get("data") or {}, f"{route} {params!r}")
            self.assertEqual(self.counts(), before, f"{route} {params!r}: half-created")

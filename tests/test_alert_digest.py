"""The agents' waiting alerts, bounded (pure, no Odoo): livechat_iconic/lib/alert_digest.py."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from livechat_iconic.lib import alert_digest
from livechat_iconic.lib.alert_digest import Waiting

NOW = datetime(2026, 12, 7, 10, 0, 0)
SALES, SUPPORT = 1, 2
ALICE, BOB, CARL = 11, 12, 13


def waiting(session_id, queue_id=SUPPORT, minutes=5, known=False):
    return Waiting(session_id, queue_id, NOW - timedelta(minutes=minutes), known)


def test_each_agent_hears_of_their_queues_sessions_longest_wait_first():
    sessions = [waiting(1, SUPPORT, 2), waiting(2, SALES, 9), waiting(3, SUPPORT, 5)]
    told = alert_digest.by_agent(sessions, {SUPPORT: [ALICE, BOB], SALES: [BOB]})
    assert [w.session_id for w in told[ALICE]] == [3, 1]
    assert [w.session_id for w in told[BOB]] == [2, 3, 1]
    assert CARL not in told


def test_a_flood_gives_each_agent_one_digest():
    flood = [waiting(i, minutes=i % 7) for i in range(1, 301)]
    plan = alert_digest.plan_desktop(flood, {SUPPORT: [ALICE, BOB]})
    assert set(plan) == {ALICE, BOB}
    for notices in plan.values():
        assert notices.own == []
        assert len(notices.digest) == 300


def test_one_session_keeps_its_own_notice():
    plan = alert_digest.plan_desktop([waiting(7)], {SUPPORT: [ALICE]})
    assert plan[ALICE].own == [waiting(7)]
    assert plan[ALICE].digest == []


def test_a_known_customer_is_never_folded():
    known = waiting(5, known=True)
    plan = alert_digest.plan_desktop([waiting(1), waiting(2), known], {SUPPORT: [ALICE]})
    assert plan[ALICE].own == [known]
    assert [w.session_id for w in plan[ALICE].digest] == [1, 2]
    # one stranger beside a known customer: both get their own notice, no digest
    plan = alert_digest.plan_desktop([waiting(1, minutes=1), known], {SUPPORT: [ALICE]})
    assert [w.session_id for w in plan[ALICE].own] == [5, 1]
    assert plan[ALICE].digest == []


def test_no_recipient_no_notice():
    assert alert_digest.plan_desktop([waiting(1)], {SALES: [ALICE]}) == {}


@given(
    st.lists(st.tuples(st.integers(1, 3), st.integers(0, 600), st.booleans()), max_size=60),
)
def test_notices_per_agent_never_exceed_the_known_customers_plus_one(rows):
    sessions = [
        Waiting(i, queue, NOW - timedelta(seconds=s), known)
        for i, (queue, s, known) in enumerate(rows)
    ]
    recipients = {1: [ALICE], 2: [ALICE, BOB], 3: [CARL]}
    plan = alert_digest.plan_desktop(sessions, recipients)
    for agent, notices in plan.items():
        mine = [w for w in sessions if agent in recipients[w.queue_id]]
        known = sum(1 for w in mine if w.known)
        assert len(notices.own) + (1 if notices.digest else 0) <= known + 1
        # every session the agent hears about is told, once
        told = sorted(w.session_id for w in notices.own + notices.digest)
        assert told == sorted(w.session_id for w in mine)


def test_mail_interval_from_the_setting():
    assert alert_digest.mail_interval(None) == timedelta(minutes=15)
    assert alert_digest.mail_interval(False) == timedelta(minutes=15)
    assert alert_digest.mail_interval("") == timedelta(minutes=15)
    assert alert_digest.mail_interval("soon") == timedelta(minutes=15)
    assert alert_digest.mail_interval(" 30 ") == timedelta(minutes=30)
    assert alert_digest.mail_interval("0") == timedelta(0)
    assert alert_digest.mail_interval(0) == timedelta(0)
    assert alert_digest.mail_interval("-5") == timedelta(0)
    assert alert_digest.mail_interval("100000") == timedelta(days=1)


def test_one_mail_per_interval():
    interval = timedelta(minutes=15)
    assert alert_digest.may_mail(None, NOW, interval), "never mailed"
    last = NOW - timedelta(minutes=14, seconds=59)
    assert not alert_digest.may_mail(last, NOW, interval)
    assert alert_digest.may_mail(NOW - interval, NOW, interval)
    assert alert_digest.next_mail_at(last, interval) == NOW + timedelta(seconds=1)
    assert alert_digest.may_mail(NOW, NOW, timedelta(0)), "0: every run"


def test_the_mail_names_the_longest_waits_and_counts_the_others():
    sessions = [waiting(i, minutes=i) for i in range(1, 26)]
    named, more = alert_digest.mail_list(sessions)
    assert [w.session_id for w in named] == list(range(25, 15, -1))
    assert more == 15
    named, more = alert_digest.mail_list(sessions[:3])
    assert (len(named), more) == (3, 0)


def test_the_mail_names_known_customers_first():
    sessions = [waiting(i, minutes=i) for i in range(1, 26)]
    sessions[0] = sessions[0]._replace(known=True)  # the shortest wait
    named, more = alert_digest.mail_list(sessions)
    assert [w.session_id for w in named][:2] == [1, 25]
    assert more == 15


def test_queue_names_of_a_digest():
    assert alert_digest.queue_names(["Support", "Sales", "Support"]) == "Support, Sales"
    assert alert_digest.queue_names(["A", "B", "C", "D", ""]) == "A, B, C, …"
    assert alert_digest.queue_names([]) == ""


# -- a queue that notifies at once ---------------------------------------------------------
def test_at_once_the_thresholds_are_zero():
    assert alert_digest.alert_delays(True, 60, 300) == (0, 0)
    assert alert_digest.alert_delays(True, 0, 0) == (0, 0)
    # else the queue's own thresholds, 0 meaning never
    assert alert_digest.alert_delays(False, 60, 300) == (60, 300)
    assert alert_digest.alert_delays(False, 0, 300) == (None, 300)
    assert alert_digest.alert_delays(False, 60, False) == (60, None)


def test_at_once_signed_in_agents_get_the_desktop_notice_the_others_the_email():
    told = alert_digest.told_at_once
    assert told("online", False) == alert_digest.DESKTOP
    assert told("away", False) == alert_digest.DESKTOP
    assert told("invisible", False) is None, "no chats of an assigned queue"
    for broadcast in (True, False):
        assert told("offline", broadcast) == alert_digest.MAIL
        assert told("break", broadcast) is None, "no new chats on a break"
    # a broadcast queue's routing offers the chat at once to whoever may take it: no
    # second desktop notice
    for status in ("online", "away", "invisible"):
        assert told(status, True) is None

"""A burst of visitors in one Slack channel (pure, no Odoo): livechat_iconic_slack/lib/burst.py
and the summary line of lib/notice.py."""

from datetime import datetime, timedelta

from livechat_iconic_slack.lib import burst, notice

NOW = datetime(2030, 1, 1, 12, 0, 0)


def test_the_quota_from_the_setting():
    assert burst.own_per_minute(None) == 3
    assert burst.own_per_minute(False) == 3
    assert burst.own_per_minute("") == 3
    assert burst.own_per_minute("many") == 3
    assert burst.own_per_minute(" 5 ") == 5
    assert burst.own_per_minute("0") == 0
    assert burst.own_per_minute("-1") == 0
    assert burst.own_per_minute("1000") == burst.MAX_OWN_PER_MINUTE


def test_the_first_few_get_their_own_notice_then_they_are_folded():
    assert [burst.folds(count, 3, False) for count in range(5)] == [
        False,
        False,
        False,
        True,
        True,
    ]


def test_a_known_customer_is_never_folded():
    assert not burst.folds(100, 3, True)


def test_quota_zero_folds_nothing():
    assert not burst.folds(100, 0, False)


def test_a_summary_goes_after_the_slots_given_and_a_minute_after_the_last():
    assert burst.summary_slot(None, None, NOW) == NOW
    assert burst.summary_slot(NOW + timedelta(seconds=2), None, NOW) == NOW + timedelta(seconds=3)
    last_summary = NOW - timedelta(seconds=20)
    assert burst.summary_slot(None, last_summary, NOW) == NOW + timedelta(seconds=40)
    long_ago = NOW - timedelta(minutes=5)
    assert burst.summary_slot(None, long_ago, NOW) == NOW


def test_the_summary_line_counts_and_links_the_waiting_list():
    url = "https://odoo.example/livechat/waiting"
    fallback, blocks = notice.build_summary(27, url)
    assert fallback == f"27 more visitors waiting {url}"
    assert blocks[0]["text"]["text"].startswith("*27 more visitors waiting*\n")
    [button] = blocks[1]["elements"]
    assert button["url"] == url
    assert button["action_id"] == notice.OPEN_ACTION_ID
    assert notice.CLAIM_ACTION_ID not in repr(blocks), "nothing to claim in a summary"
    fallback, _blocks = notice.build_summary(1, url)
    assert fallback.startswith("1 more visitor waiting ")


def test_the_summary_line_is_translated():
    words = {"%(count)s more visitors waiting": "Oczekujący odwiedzający: jeszcze %(count)s"}

    def polish(source, **kwargs):
        return words.get(source, source) % kwargs if kwargs else words.get(source, source)

    fallback, _blocks = notice.build_summary(4, "", polish)
    assert fallback == "Oczekujący odwiedzający: jeszcze 4"

"""The queue a new chat lands in (livechat_iconic/lib/queue_choice.py), without Odoo."""

from hypothesis import given
from hypothesis import strategies as st

from livechat_iconic.lib.queue_choice import FALLBACK, REGION, TOPIC, choose_queue

WEB, SALES, SUPPORT, UAE, EUROPE = 1, 2, 3, 4, 5


def test_no_topic_no_rule_stays_in_the_widgets_queue():
    assert choose_queue(WEB, serving={WEB}).queue_id == WEB
    assert choose_queue(WEB).steps == ()


def test_topic_picks_the_queue():
    choice = choose_queue(WEB, topic_queue_id=SALES, serving={SALES})
    assert (choice.queue_id, choice.steps) == (SALES, (TOPIC,))


def test_topic_of_the_same_queue_is_no_step():
    assert choose_queue(WEB, topic_queue_id=WEB).steps == ()


def test_region_rule_of_the_topics_queue_applies():
    choice = choose_queue(
        WEB, topic_queue_id=SALES, region_queue_of={SALES: UAE, WEB: EUROPE}, serving={UAE}
    )
    assert (choice.queue_id, choice.steps) == (UAE, (TOPIC, REGION))


def test_region_without_topic():
    choice = choose_queue(WEB, region_queue_of={WEB: UAE}, serving={UAE})
    assert (choice.queue_id, choice.steps) == (UAE, (REGION,))


def test_region_with_nobody_goes_to_its_fallback():
    choice = choose_queue(
        WEB, region_queue_of={WEB: UAE}, fallback_of={UAE: EUROPE}, serving={EUROPE, WEB}
    )
    assert (choice.queue_id, choice.steps) == (EUROPE, (REGION, FALLBACK))


def test_fallback_with_nobody_either_keeps_the_queue():
    choice = choose_queue(WEB, region_queue_of={WEB: UAE}, fallback_of={UAE: EUROPE})
    assert (choice.queue_id, choice.steps) == (UAE, (REGION,))


def test_fallback_not_used_when_someone_serves():
    choice = choose_queue(SUPPORT, fallback_of={SUPPORT: WEB}, serving={SUPPORT, WEB})
    assert choice.queue_id == SUPPORT


def test_region_queues_rules_and_fallbacks_fallback_are_not_followed():
    choice = choose_queue(
        WEB,
        region_queue_of={WEB: UAE, UAE: EUROPE},
        fallback_of={UAE: SUPPORT, SUPPORT: SALES},
        serving={SALES},
    )
    assert choice.queue_id == UAE  # one region hop, one fallback hop at most


ids = st.integers(min_value=1, max_value=6)


@given(
    start=ids,
    topic=st.none() | ids,
    region=st.dictionaries(ids, ids),
    fallback=st.dictionaries(ids, ids),
    serving=st.frozensets(ids),
)
def test_properties(start, topic, region, fallback, serving):
    choice = choose_queue(
        start, topic_queue_id=topic, region_queue_of=region, fallback_of=fallback, serving=serving
    )
    # at most one step of each kind, in this order
    assert list(choice.steps) == [s for s in (TOPIC, REGION, FALLBACK) if s in choice.steps]
    # a fallback only ever leads to a queue that serves
    if FALLBACK in choice.steps:
        assert choice.queue_id in serving
    # the queue is one of those the inputs name
    assert choice.queue_id in {start, topic, *region.values(), *fallback.values()}

"""What is at stake with a confirmed contact (livechat_iconic_leads/lib/stakes.py)."""

from livechat_iconic_leads.lib.stakes import Opportunity, Stakes, summarize


def test_no_opportunity_nothing_at_stake():
    assert summarize([]) == Stakes(0, 0.0, None)


def test_count_and_sum_of_expected_revenue():
    stakes = summarize([Opportunity(1, 1000.0, "fair"), Opportunity(2, 2500.5, "good")])
    assert stakes.count == 2
    assert stakes.value == 3500.5


def test_quality_of_the_richest_opportunity():
    stakes = summarize([Opportunity(1, 9000.0, "bad"), Opportunity(2, 100.0, "good")])
    assert stakes.quality == "bad"


def test_tie_goes_to_the_newest():
    stakes = summarize([Opportunity(1, 500.0, "bad"), Opportunity(2, 500.0, "good")])
    assert stakes.quality == "good"


def test_no_revenue_and_negative_revenue_count_as_none():
    stakes = summarize([Opportunity(1, None, None), Opportunity(2, -50.0, "fair")])
    assert stakes == Stakes(2, 0.0, "fair")

"""The queued visitor's wait knowing the ages of the chats in progress
(``bench/wait_given_ages.py``, the model ``bench/staffing_replay.py`` tries against the
Erlang one): pure, no Odoo."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from livechat_iconic.lib import staffing

_PATH = Path(__file__).resolve().parent.parent / "bench" / "wait_given_ages.py"
_spec = importlib.util.spec_from_file_location("wait_given_ages", _PATH)
wait_given_ages = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(wait_given_ages)


# a chat of a mean 6 minutes, handle time CV 0.8: log-normal of sigma sqrt(ln 1.64)
SIGMA = math.sqrt(math.log(1.64))
MU = math.log(360) - SIGMA**2 / 2


def test_log_normal_fit():
    mean, sd = wait_given_ages.log_normal_fit([math.e, math.e**3, 0, None])
    assert mean == pytest.approx(2.0)
    assert sd == pytest.approx(1.0)
    assert wait_given_ages.log_normal_fit([60]) is None


def test_wait_given_ages_is_reproducible_and_ordered():
    estimate = wait_given_ages.queued_wait_given_ages(3, [30, 200, 600, 90], MU, SIGMA)
    assert estimate == wait_given_ages.queued_wait_given_ages(3, [30, 200, 600, 90], MU, SIGMA)
    middle, low, high = estimate
    assert 0 <= low <= middle <= high
    assert wait_given_ages.queued_wait_given_ages(1, [], MU, SIGMA) is None
    with pytest.raises(ValueError):
        wait_given_ages.queued_wait_given_ages(0, [30], MU, SIGMA)


def test_wait_given_ages_near_the_erlang_model_for_fresh_chats():
    # many chats just started: departures come at about servers / mean handle time
    ages = [i * 36.0 for i in range(10)]
    middle, _low, _high = wait_given_ages.queued_wait_given_ages(10, ages, MU, SIGMA, draws=400)
    erlang_middle = staffing.queued_wait_estimate(10, 10, 360)[0]
    assert middle == pytest.approx(erlang_middle, rel=0.35)


def test_a_chat_about_to_end_answers_the_next_visitor_sooner():
    # one server: the chat has lasted 20 s (most of it ahead) or 50 minutes
    # (a long chat, likely to go on: log-normal times have a falling end rate late on)
    fresh = wait_given_ages.queued_wait_given_ages(1, [20], MU, 0.3)[0]
    late = wait_given_ages.queued_wait_given_ages(1, [500], MU, 0.3)[0]
    assert late < fresh  # narrow law (sigma 0.3): a chat past the mean ends soon


@given(st.integers(1, 8), st.lists(st.floats(0, 3600), min_size=1, max_size=6))
def test_a_later_place_never_waits_less_given_ages(position, ages):
    now = wait_given_ages.queued_wait_given_ages(position, ages, MU, SIGMA, draws=50)
    later = wait_given_ages.queued_wait_given_ages(position + 1, ages, MU, SIGMA, draws=50)
    # the same seed draws the same chats: the next end is never earlier
    assert later[0] >= now[0]


def test_best_share_within():
    # 10, 11, 12 fit one window of +-30% (12 <= 10 * 1.3 / 0.7); 100 does not
    assert wait_given_ages.best_share_within([10, 11, 12, 100], 0.3) == 0.75
    assert wait_given_ages.best_share_within([], 0.3) == 0.0
    assert wait_given_ages.draw_quantiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == (6, 2, 10)
    assert wait_given_ages.draw_quantiles([]) is None

"""Who may chat through a channel rule (livechat_iconic/lib/audience.py), without Odoo."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from livechat_iconic.lib import audience as a

MASTER_TECHS, PORTAL, EMPLOYEES = 10, 11, 12
VIP, RESELLER = 20, 21


def test_everyone_admits_guests_and_users_alike():
    assert a.refusal(a.EVERYONE, signed_in=False) is None
    assert a.refusal(a.EVERYONE, signed_in=True, group_ids={PORTAL}) is None
    # groups and tags matter only to a rule for signed-in users
    assert a.refusal(a.EVERYONE, signed_in=False, required_group_ids={MASTER_TECHS}) is None


def test_signed_in_refuses_guests_first():
    assert a.refusal(a.SIGNED_IN, signed_in=False) == a.SIGN_IN
    assert a.refusal(a.SIGNED_IN, signed_in=False, required_tag_ids={VIP}) == a.SIGN_IN


def test_signed_in_without_groups_or_tags_admits_any_user():
    assert a.refusal(a.SIGNED_IN, signed_in=True) is None


def test_one_group_or_one_tag_is_enough():
    rule = {"required_group_ids": {MASTER_TECHS}, "required_tag_ids": {VIP, RESELLER}}
    master = {"group_ids": {PORTAL, MASTER_TECHS}, "tag_ids": ()}
    tagged_customer = {"group_ids": {PORTAL}, "tag_ids": {RESELLER}}
    other = {"group_ids": {PORTAL, EMPLOYEES}, "tag_ids": {99}}
    assert a.refusal(a.SIGNED_IN, signed_in=True, **master, **rule) is None
    assert a.refusal(a.SIGNED_IN, signed_in=True, **tagged_customer, **rule) is None
    assert a.refusal(a.SIGNED_IN, signed_in=True, **other, **rule) == a.NOT_MEMBER


def test_unknown_audience_is_refused():
    with pytest.raises(ValueError):
        a.refusal("friends", signed_in=True)


ids = st.frozensets(st.integers(1, 6), max_size=4)


@given(st.sampled_from(a.AUDIENCES), st.booleans(), ids, ids, ids, ids)
def test_admitted_exactly_when_the_rule_says_so(audience, signed_in, groups, tags, rgroups, rtags):
    verdict = a.refusal(
        audience,
        signed_in=signed_in,
        group_ids=groups,
        tag_ids=tags,
        required_group_ids=rgroups,
        required_tag_ids=rtags,
    )
    assert verdict in (None, *a.REFUSALS)
    admitted = audience == a.EVERYONE or (
        signed_in and (not (rgroups or rtags) or bool(groups & rgroups or tags & rtags))
    )
    assert (verdict is None) == admitted
    if not admitted:
        assert verdict == (a.SIGN_IN if not signed_in else a.NOT_MEMBER)


@pytest.mark.parametrize(("audience", "signed_in"), itertools.product(a.AUDIENCES, (0, 1)))
def test_more_groups_never_refuse_an_admitted_user(audience, signed_in):
    rule = {"required_group_ids": {MASTER_TECHS}}
    before = a.refusal(audience, signed_in=bool(signed_in), group_ids={MASTER_TECHS}, **rule)
    after = a.refusal(audience, signed_in=bool(signed_in), group_ids={MASTER_TECHS, PORTAL}, **rule)
    assert before == after

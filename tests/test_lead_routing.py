"""Region choice and duplicate keys (livechat_iconic_leads/lib), no Odoo."""

from livechat_iconic_leads.lib.matching import company_key
from livechat_iconic_leads.lib.routing import Region, pick_region

AT, DE, AE, BR = 1, 2, 3, 4
REGIONS = [
    Region(10, frozenset({AT}), client_status="end_user"),
    Region(20, frozenset({AT, DE})),
    Region(30, frozenset({AE})),
    Region(40, frozenset(), is_default=True),
]


def test_home_country_end_users_have_their_own_region():
    assert pick_region(REGIONS, AT, "end_user") == 10
    assert pick_region(REGIONS, AT, "service_provider") == 20
    assert pick_region(REGIONS, AT, None) == 20


def test_country_region_then_default_then_none():
    assert pick_region(REGIONS, DE, "end_user") == 20
    assert pick_region(REGIONS, AE) == 30
    assert pick_region(REGIONS, BR) == 40
    assert pick_region(REGIONS, None) == 40
    assert pick_region(REGIONS[:3], BR) is None


def test_company_key_ignores_case_accents_punctuation():
    assert company_key("Data247 - masinotrading&consulting") == company_key(
        " DATA247  masinotrading & Consulting."
    )
    assert company_key("Škoda Auto") == company_key("skoda auto")
    assert company_key(" - ") == ""
    assert company_key("Data247") != company_key("Data248")

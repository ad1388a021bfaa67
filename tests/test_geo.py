"""The visitor's address and place label (pure, no Odoo, no GeoIP database).

The GeoIP lookup itself is Odoo's ``request.geoip``; the Odoo tests of the addon
(``livechat_iconic/tests/test_visitor_context.py``) feed it places in memory.
"""

from __future__ import annotations

import dataclasses

import pytest

from livechat_iconic.lib.geo import Location, client_ip

# --- Location ---------------------------------------------------------------------


def test_location_label_skips_empty_parts():
    assert Location().label == ""
    assert not Location()
    assert Location(city="Paris", country_code="FR", country_name="France").label == "Paris, France"
    assert Location(region="Texas").label == "Texas"
    assert Location(country_code="US")  # known country code, nothing to show
    assert Location(country_code="US").label == ""
    assert (
        Location("Linköping", "Östergötland County", "SE", "Sweden").label
        == "Linköping, Östergötland County, Sweden"
    )


def test_location_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Location().city = "Atlantis"


# --- client_ip --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("81.2.69.142", "81.2.69.142"),
        (" 81.2.69.142\n", "81.2.69.142"),
        ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
        ("[::1]", "::1"),
        ("::ffff:81.2.69.142", "81.2.69.142"),
        ("10.0.0.1", "10.0.0.1"),  # valid, even if private: validation only
        ("", ""),
        ("   ", ""),
        (None, ""),
        ("not an ip", ""),
        ("localhost", ""),
        ("1.2.3", ""),
        ("256.1.1.1", ""),
        ("999.1.1.1", ""),
        ("81.2.69.142:8069", ""),
        ("81.2.69.142, 10.0.0.1", ""),  # X-Forwarded-For is not parsed here
        (3232235777, ""),
        (b"81.2.69.142", ""),
    ],
)
def test_client_ip(raw, expected):
    assert client_ip(raw) == expected

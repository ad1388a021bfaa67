"""Geolocation against a tiny GeoIP2-City database built in a temp dir (pure, no Odoo)."""

from __future__ import annotations

import dataclasses
import logging
from types import SimpleNamespace

import geoip2.database
import pytest
from mmdb_writer import MMDBWriter
from netaddr import IPSet

from livechat_iconic.lib import geo
from livechat_iconic.lib.geo import Location, client_ip, locate
from livechat_iconic.lib.geoip_test_db import SAMPLE_IPS, build_city_db


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return build_city_db(tmp_path_factory.mktemp("geoip") / "city.mmdb")


@pytest.fixture(scope="module")
def reader(db_path):
    with geoip2.database.Reader(db_path) as city_reader:
        yield city_reader


class ForbiddenReader:
    """Fails the test if a lookup is attempted."""

    def city(self, ip):
        raise AssertionError(f"{ip} must not be looked up")


# --- the test database itself --------------------------------------------------


def test_build_city_db_writes_a_geoip2_city_database(tmp_path):
    path = build_city_db(tmp_path / "x.mmdb")
    assert path == str(tmp_path / "x.mmdb")
    with geoip2.database.Reader(path) as city_reader:
        meta = city_reader.metadata()
        assert meta.database_type == "GeoIP2-City"
        assert meta.ip_version == 6
        record = city_reader.city("81.2.69.142")  # IPv4 lookup in the IPv6 tree
        assert record.city.name == "London"
        assert record.subdivisions[0].iso_code == "ENG"
        assert record.country.iso_code == "GB"
        assert record.continent.code == "EU"
        assert record.location.time_zone == "Europe/London"
        assert record.location.latitude == pytest.approx(51.5142)


# --- locate ---------------------------------------------------------------------


@pytest.mark.parametrize(("ip", "expected"), list(SAMPLE_IPS.items()), ids=list(SAMPLE_IPS))
def test_locate_sample_ips(reader, ip, expected):
    location = locate(ip, reader)
    assert (location.city, location.region, location.country_code) == expected


def test_locate_fills_the_country_name_and_label(reader):
    assert locate("81.2.69.142", reader) == Location("London", "England", "GB", "United Kingdom")
    assert locate("89.160.20.112", reader).label == "Linköping, Östergötland County, Sweden"
    assert locate("67.43.156.1", reader).label == "Bhutan"  # country-only record


@pytest.mark.parametrize(
    "ip",
    [
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.10",
        "127.0.0.1",
        "0.0.0.0",
        "169.254.1.1",
        "100.64.0.1",
        "224.0.0.1",
        "192.0.2.1",
        "::1",
        "fe80::1",
        "fd00::1",
        "2001:db8::1",
        "::",
        "::ffff:127.0.0.1",
        "ff02::1",
    ],
)
def test_non_global_addresses_are_not_looked_up(ip):
    assert locate(ip, ForbiddenReader()) == Location()


@pytest.mark.parametrize("ip", ["8.8.8.8", "81.2.70.1", "2a00:1450:4001:80b::200e", "2001:219::1"])
def test_addresses_missing_from_the_database_give_an_empty_location(reader, ip):
    assert locate(ip, reader) == Location()


@pytest.mark.parametrize(
    "ip",
    [
        "",
        "   ",
        "not an ip",
        "999.1.1.1",
        "81.2.69",
        "81.2.69.142:8069",
        "81.2.69.142, 10.0.0.1",
        None,
        42,
        b"81.2.69.142",
    ],
)
def test_garbage_gives_an_empty_location(ip):
    assert locate(ip, ForbiddenReader()) == Location()


def test_no_reader_gives_an_empty_location():
    assert locate("81.2.69.142", None) == Location()


def test_ipv4_mapped_and_padded_addresses_are_normalised_before_lookup(reader):
    assert locate("::ffff:81.2.69.142", reader).city == "London"
    assert locate("  216.160.83.56\n", reader).city == "Milton"


def test_wrong_database_kind_is_logged_not_raised(tmp_path, caplog):
    writer = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type="GeoIP2-Country")
    writer.insert_network(
        IPSet(["81.2.69.0/24"]), {"country": {"iso_code": "GB", "names": {"en": "United Kingdom"}}}
    )
    writer.to_db_file(str(tmp_path / "country.mmdb"))
    with geoip2.database.Reader(str(tmp_path / "country.mmdb")) as country_reader:
        with caplog.at_level(logging.WARNING, logger=geo.__name__):
            assert locate("81.2.69.142", country_reader) == Location()
    assert "GeoIP City lookup failed for 81.2.69.142" in caplog.text


def test_any_reader_with_a_city_method_works():
    calls = []

    class DuckReader:
        def city(self, ip):
            calls.append(ip)
            return SimpleNamespace(
                city=SimpleNamespace(name="Paris"),
                subdivisions=[SimpleNamespace(name="Île-de-France")],
                country=SimpleNamespace(iso_code=None, name=None),
                registered_country=SimpleNamespace(iso_code="fr", name="France"),
            )

    assert locate("::ffff:5.6.7.8", DuckReader()) == Location(
        "Paris", "Île-de-France", "FR", "France"
    )
    assert calls == ["5.6.7.8"]


# --- Location ---------------------------------------------------------------------


def test_location_label_skips_empty_parts():
    assert Location().label == ""
    assert not Location()
    assert Location(city="Paris", country_code="FR", country_name="France").label == "Paris, France"
    assert Location(region="Texas").label == "Texas"
    assert Location(country_code="US")  # known country code, nothing to show
    assert Location(country_code="US").label == ""


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
        (None, ""),
        ("localhost", ""),
        ("1.2.3", ""),
        ("256.1.1.1", ""),
        ("81.2.69.142:8069", ""),
        ("81.2.69.142, 10.0.0.1", ""),  # X-Forwarded-For is not parsed here
        (3232235777, ""),
    ],
)
def test_client_ip(raw, expected):
    assert client_ip(raw) == expected

"""Build a tiny GeoIP2-City compatible ``.mmdb`` file for tests.

Used by the pure pytest suite and by the Odoo tests of the addon, so that
geolocation can be exercised without shipping or downloading a MaxMind
database. The records follow the GeoIP2 City structure (``city``,
``subdivisions``, ``country``, ``registered_country``, ``continent``,
``location``) so that ``geoip2.database.Reader(path).city(ip)`` reads them
exactly like a real GeoLite2/GeoIP2 City database.

The database is an IPv6 tree with the IPv4 space stored under ``::/96``
(``ipv4_compatible=True``), which is how MaxMind lays out its own City
databases: the ``maxminddb`` reader looks IPv4 addresses up there, so both
IPv4 and IPv6 lookups work. Unlike real MaxMind files there is *no* alias for
IPv4-mapped addresses (``::ffff:a.b.c.d``); normalise those to plain IPv4
first (``livechat_iconic.lib.geo.client_ip`` does).

The networks and places mirror MaxMind's public GeoIP2-City-Test data.
"""

from __future__ import annotations

import os
from typing import Any

try:
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "livechat_iconic.lib.geoip_test_db needs the 'mmdb-writer' package "
        "(and its dependency 'netaddr') to build a test GeoIP database: "
        "pip install mmdb-writer"
    ) from exc

__all__ = ["DATABASE_TYPE", "NETWORKS", "SAMPLE_IPS", "build_city_db"]

#: ``database_type`` written in the metadata; geoip2's ``Reader.city`` only
#: accepts databases whose type contains ``"City"``.
DATABASE_TYPE = "GeoIP2-City"

_CONTINENTS = {
    "EU": (6255148, "Europe"),
    "NA": (6255149, "North America"),
    "AS": (6255147, "Asia"),
}

_COUNTRIES = {
    # iso_code: (geoname_id, English name, continent code, is_in_european_union)
    "GB": (2635167, "United Kingdom", "EU", False),
    "SE": (2661886, "Sweden", "EU", True),
    "US": (6252001, "United States", "NA", False),
    "JP": (1861060, "Japan", "AS", False),
    "BT": (1252634, "Bhutan", "AS", False),
}


def _country_block(iso_code: str) -> dict[str, Any]:
    geoname_id, name, _continent, in_eu = _COUNTRIES[iso_code]
    block: dict[str, Any] = {
        "geoname_id": geoname_id,
        "iso_code": iso_code,
        "names": {"en": name},
    }
    if in_eu:
        block["is_in_european_union"] = True
    return block


def _record(
    country: str,
    city: str = "",
    region: str = "",
    region_code: str = "",
    latitude: float = 0.0,
    longitude: float = 0.0,
    time_zone: str = "",
    geoname_id: int = 0,
) -> dict[str, Any]:
    """One GeoIP2 City record; city/region are omitted when empty (country-only rows exist in real data)."""
    continent_code = _COUNTRIES[country][2]
    continent_id, continent_name = _CONTINENTS[continent_code]
    record: dict[str, Any] = {
        "continent": {
            "code": continent_code,
            "geoname_id": continent_id,
            "names": {"en": continent_name},
        },
        "country": _country_block(country),
        "registered_country": _country_block(country),
        "location": {
            "accuracy_radius": 100,
            "latitude": float(latitude),
            "longitude": float(longitude),
        },
    }
    if time_zone:
        record["location"]["time_zone"] = time_zone
    if city:
        record["city"] = {"geoname_id": geoname_id, "names": {"en": city}}
    if region:
        record["subdivisions"] = [{"iso_code": region_code, "names": {"en": region}}]
    return record


#: CIDR -> GeoIP2 City record written into the test database.
NETWORKS: dict[str, dict[str, Any]] = {
    "81.2.69.0/24": _record(
        "GB", "London", "England", "ENG", 51.5142, -0.0931, "Europe/London", 2643743
    ),
    "89.160.20.0/24": _record(
        "SE",
        "Linköping",
        "Östergötland County",
        "E",
        58.4167,
        15.6167,
        "Europe/Stockholm",
        2694762,
    ),
    "216.160.83.0/24": _record(
        "US",
        "Milton",
        "Washington",
        "WA",
        47.2513,
        -122.3149,
        "America/Los_Angeles",
        5803556,
    ),
    # Country-only record, as real databases have for many networks.
    "67.43.156.0/24": _record("BT", latitude=27.5, longitude=90.5, time_zone="Asia/Thimphu"),
    # An IPv6 network, to prove IPv6 lookups go through the same tree.
    "2001:218::/32": _record(
        "JP", "Tokyo", "Tokyo", "13", 35.6895, 139.6917, "Asia/Tokyo", 1850147
    ),
}

#: IP -> expected (city, region, country_code) when looked up in the test database.
SAMPLE_IPS: dict[str, tuple[str, str, str]] = {
    "81.2.69.142": ("London", "England", "GB"),
    "89.160.20.112": ("Linköping", "Östergötland County", "SE"),
    "216.160.83.56": ("Milton", "Washington", "US"),
    "67.43.156.1": ("", "", "BT"),
    "2001:218:85a3::1": ("Tokyo", "Tokyo", "JP"),
}


def build_city_db(path: str | os.PathLike[str]) -> str:
    """Write the test GeoIP2-City database to ``path`` and return ``path`` as a string.

    The parent directory must exist; an existing file is overwritten.
    """
    path = os.fspath(path)
    writer = MMDBWriter(
        ip_version=6,
        ipv4_compatible=True,
        database_type=DATABASE_TYPE,
        languages=["en"],
        description={"en": "livechat_iconic test GeoIP2 City database"},
    )
    for network, record in NETWORKS.items():
        writer.insert_network(IPSet([network]), record)
    writer.to_db_file(path)
    return path

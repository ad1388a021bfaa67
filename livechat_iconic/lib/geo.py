"""Where a visitor is, from their IP address and a GeoIP2 City database.

``locate(ip, reader)`` takes a ``geoip2.database.Reader`` opened on a City
database (in Odoo: ``odoo.http.root.geoip_city_db``), or any object with a
geoip2-like ``city(ip)`` method. It never raises on bad input: private,
loopback, reserved or invalid addresses, addresses missing from the database
and a missing reader all give an empty :class:`Location`.

Forwarded headers are not read here: with ``proxy_mode`` Odoo has already
put the client address in ``request.httprequest.remote_addr``.
"""

from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass
from typing import Any, Protocol

try:
    from geoip2.errors import AddressNotFoundError
except ImportError:  # pragma: no cover - geoip2 is an Odoo dependency

    class AddressNotFoundError(Exception):  # type: ignore[no-redef]
        """Stand-in so that ``except`` clauses work without geoip2."""


try:
    from maxminddb import InvalidDatabaseError
except ImportError:  # pragma: no cover - maxminddb comes with geoip2

    class InvalidDatabaseError(RuntimeError):  # type: ignore[no-redef]
        """Stand-in so that ``except`` clauses work without maxminddb."""


__all__ = ["EMPTY_LOCATION", "CityReader", "Location", "client_ip", "locate"]

_logger = logging.getLogger(__name__)


class CityReader(Protocol):
    """What :func:`locate` needs from a reader: geoip2's ``Reader.city``."""

    def city(self, ip_address: str) -> Any: ...


@dataclass(frozen=True)
class Location:
    """A visitor's place; empty strings where unknown."""

    city: str = ""
    region: str = ""
    country_code: str = ""
    country_name: str = ""

    @property
    def label(self) -> str:
        """``"City, Region, Country"`` without the empty parts; ``""`` when nothing is known."""
        return ", ".join(part for part in (self.city, self.region, self.country_name) if part)

    def __bool__(self) -> bool:
        return any((self.city, self.region, self.country_code, self.country_name))


#: The Location of an address that could not be placed.
EMPTY_LOCATION = Location()


def _parse_ip(value: object) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address in ``value``, IPv4-mapped IPv6 (``::ffff:a.b.c.d``) turned into IPv4; None if invalid."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.startswith("[") and text.endswith("]"):  # "[2001:db8::1]" as in URLs
        text = text[1:-1]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def client_ip(remote_addr: str | None) -> str:
    """Validate and normalise an IP address string; ``""`` when it is not one.

    Surrounding blanks and URL brackets are dropped, IPv6 is compressed and
    lower-cased, and IPv4-mapped IPv6 (``::ffff:1.2.3.4``, what a dual-stack
    socket reports for IPv4 clients) becomes plain IPv4.
    """
    address = _parse_ip(remote_addr)
    return str(address) if address is not None else ""


def _name(part: Any) -> str:
    name = getattr(part, "name", None)
    return name.strip() if isinstance(name, str) else ""


def _iso_code(part: Any) -> str:
    code = getattr(part, "iso_code", None)
    return code.strip().upper() if isinstance(code, str) else ""


def _first_subdivision(record: Any) -> Any:
    subdivisions = getattr(record, "subdivisions", None)
    try:
        return subdivisions[0] if subdivisions else None
    except (IndexError, KeyError, TypeError):
        return None


def locate(ip: str | None, reader: CityReader | None) -> Location:
    """Look ``ip`` up in a GeoIP2 City ``reader``. Never raises on bad input.

    Only globally routable unicast addresses are looked up: private,
    loopback, link-local, shared (CGNAT), documentation, multicast, reserved
    and invalid ones give an empty :class:`Location`, as
    do a missing reader and an address the database does not have. The region
    is the first (largest) subdivision, e.g. "England" rather than a borough.
    """
    if reader is None:
        return EMPTY_LOCATION
    address = _parse_ip(ip)
    if address is None or not address.is_global or address.is_multicast:
        return EMPTY_LOCATION
    try:
        record = reader.city(str(address))
    except (AddressNotFoundError, ValueError):
        return EMPTY_LOCATION
    except (OSError, InvalidDatabaseError, TypeError):
        # An unreadable or wrong kind of database (geoip2 raises TypeError
        # for a Country database): a setup problem, not the visitor's.
        _logger.warning("GeoIP City lookup failed for %s", address, exc_info=True)
        return EMPTY_LOCATION
    if record is None:
        return EMPTY_LOCATION
    country = getattr(record, "country", None)
    if not _iso_code(country):
        # Some networks only carry the country where the block is registered.
        country = getattr(record, "registered_country", None)
    return Location(
        city=_name(getattr(record, "city", None)),
        region=_name(_first_subdivision(record)),
        country_code=_iso_code(country),
        country_name=_name(country),
    )

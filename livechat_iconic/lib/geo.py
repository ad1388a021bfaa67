"""A visitor's address and place, pure (no Odoo, no GeoIP database).

The lookup itself is Odoo's: ``request.geoip`` (``odoo.http.GeoIP``) reads the
GeoIP databases configured in ``odoo.conf``. What is left here is what Odoo
does not do: validating the client address before it is stored, and the
"City, Region, Country" label shown to agents.

Forwarded headers are not read here: with ``proxy_mode`` Odoo has already
put the client address in ``request.httprequest.remote_addr``.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

__all__ = ["Location", "client_ip"]


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


def client_ip(remote_addr: str | None) -> str:
    """Validate and normalise an IP address string; ``""`` when it is not one.

    Surrounding blanks and URL brackets are dropped, IPv6 is compressed and
    lower-cased, and IPv4-mapped IPv6 (``::ffff:1.2.3.4``, what a dual-stack
    socket reports for IPv4 clients) becomes plain IPv4.
    """
    if not isinstance(remote_addr, str):
        return ""
    text = remote_addr.strip()
    if text.startswith("[") and text.endswith("]"):  # "[2001:db8::1]" as in URLs
        text = text[1:-1]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return str(address)

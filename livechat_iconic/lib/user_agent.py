"""Readable browser / OS / device of a website visitor, from the User-Agent header.

A thin wrapper over ``ua-parser`` (1.x, ``ua_parser.parse``). It never raises:
``None``, empty, non-string or garbage input gives ``"Unknown"`` values, and
input longer than :data:`MAX_LENGTH` characters is cut before parsing.

ua-parser 1.x returns ``None`` (not an ``"Other"`` family as 0.x did) for a
part it cannot recognise; desktop browsers usually have *no* device at all.
The device type is therefore decided from the device family and the OS:

* device family ``"Spider"`` -> ``Bot``;
* ``iPad`` / ``Tablet`` / ``Kindle`` in the device family or brand, or a
  tablet OS -> ``Tablet`` (ua-parser tags Android user agents without the
  ``Mobile`` token with the brand ``Generic_Android_Tablet``);
* a mobile OS (iOS, Android, Windows Phone, ...) or a phone device -> ``Mobile``;
* a desktop OS (Windows, macOS, Linux, Chrome OS, BSD, ...) -> ``Desktop``;
* anything else -> ``Unknown``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import ua_parser

__all__ = [
    "BOT",
    "DESKTOP",
    "DEVICE_TYPES",
    "MAX_LENGTH",
    "MOBILE",
    "TABLET",
    "UNKNOWN",
    "BrowserInfo",
    "parse_user_agent",
]

_logger = logging.getLogger(__name__)

#: User agents are cut to this many characters before parsing.
MAX_LENGTH = 2000

UNKNOWN = "Unknown"
DESKTOP = "Desktop"
MOBILE = "Mobile"
TABLET = "Tablet"
BOT = "Bot"
#: Possible values of :attr:`BrowserInfo.device_type`.
DEVICE_TYPES: tuple[str, ...] = (DESKTOP, MOBILE, TABLET, BOT, UNKNOWN)

_MOBILE_OS = frozenset(
    {
        "iOS",
        "Android",
        "Windows Phone",
        "Windows Mobile",
        "BlackBerry OS",
        "KaiOS",
        "Firefox OS",
        "Symbian OS",
        "Symbian^3",
        "Nokia Series 40",
        "Nokia Series 30 Plus",
        "Brew MP",
    }
)
_DESKTOP_OS = frozenset(
    {
        "Windows",
        "Mac OS X",
        "Mac OS",
        "macOS",
        "Linux",
        "Ubuntu",
        "Kubuntu",
        "Debian",
        "Fedora",
        "Red Hat",
        "CentOS",
        "SUSE",
        "openSUSE",
        "Mint",
        "Arch Linux",
        "Gentoo",
        "Mandriva",
        "Slackware",
        "Chrome OS",
        "FreeBSD",
        "OpenBSD",
        "NetBSD",
        "Solaris",
    }
)
_TABLET_WORDS = ("ipad", "tablet", "kindle")
_PHONE_WORDS = ("iphone", "ipod", "smartphone", "feature phone")
# Device families that say nothing worth showing: placeholders, the generic
# ones, and "K", the model Chrome's reduced User-Agent puts on every Android.
_UNINFORMATIVE_FAMILIES = frozenset({"Other", "Spider", "K"})


@dataclass(frozen=True)
class BrowserInfo:
    """What a User-Agent says about the visitor, ready to display."""

    #: Browser family and major.minor version, e.g. ``"Chrome 120.0"``.
    browser: str = UNKNOWN
    #: OS family and version, e.g. ``"Windows 10"``, ``"Mac OS X 10.15.7"``, ``"iOS 17.1"``.
    os: str = UNKNOWN
    #: Device type plus the device family when known, e.g. ``"Mobile (iPhone)"``, ``"Desktop"``.
    device: str = UNKNOWN
    #: One of :data:`DEVICE_TYPES`.
    device_type: str = UNKNOWN

    @property
    def is_bot(self) -> bool:
        """True for crawlers and other robots."""
        return self.device_type == BOT

    @property
    def summary(self) -> str:
        """One line, e.g. ``"Chrome 120.0 on Windows 10 (Desktop)"``."""
        return f"{self.browser} on {self.os} ({self.device})"


_UNKNOWN_INFO = BrowserInfo()


def _family(part: Any) -> str | None:
    family = getattr(part, "family", None)
    if not isinstance(family, str) or not family.strip() or family == "Other":
        return None
    return family.strip()


def _versioned(part: Any, max_parts: int) -> str:
    """``family`` followed by up to ``max_parts`` version numbers, stopping at the first missing one."""
    family = _family(part)
    if family is None:
        return UNKNOWN
    version: list[str] = []
    for attr in ("major", "minor", "patch", "patch_minor")[:max_parts]:
        value = getattr(part, attr, None)
        if not value:
            break
        version.append(str(value))
    return f"{family} {'.'.join(version)}" if version else family


def _contains(text: str | None, words: tuple[str, ...]) -> bool:
    lowered = (text or "").lower()
    return any(word in lowered for word in words)


def _device_type(device: Any, os_family: str | None) -> str:
    family = _family(device)
    brand = getattr(device, "brand", None)
    brand = brand if isinstance(brand, str) else None
    if family == "Spider":
        return BOT
    if (
        _contains(family, _TABLET_WORDS)
        or _contains(brand, _TABLET_WORDS)
        or _contains(os_family, _TABLET_WORDS)
    ):
        return TABLET
    if (
        os_family in _MOBILE_OS
        or (os_family or "").startswith("Symbian")
        or _contains(family, _PHONE_WORDS)
    ):
        return MOBILE
    if os_family in _DESKTOP_OS or family == "Mac":
        return DESKTOP
    return UNKNOWN


def _device_label(device_type: str, device: Any) -> str:
    family = _family(device)
    if (
        device_type in (UNKNOWN, BOT)
        or family is None
        or family in _UNINFORMATIVE_FAMILIES
        or family.startswith("Generic")
    ):
        return device_type
    return f"{device_type} ({family})"


def parse_user_agent(ua_string: str | None) -> BrowserInfo:
    """Describe the browser, OS and device of a User-Agent string. Never raises.

    >>> parse_user_agent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) "
    ...     "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1")
    BrowserInfo(browser='Mobile Safari 17.1', os='iOS 17.1', device='Mobile (iPhone)', device_type='Mobile')
    """
    if not isinstance(ua_string, str):
        return _UNKNOWN_INFO
    ua_string = ua_string[:MAX_LENGTH].strip()
    if not ua_string:
        return _UNKNOWN_INFO
    try:
        result = ua_parser.parse(ua_string)
        os_family = _family(result.os)
        device_type = _device_type(result.device, os_family)
        return BrowserInfo(
            browser=_versioned(result.user_agent, 2),
            os=_versioned(result.os, 4),
            device=_device_label(device_type, result.device),
            device_type=device_type,
        )
    except Exception:  # a visitor's header must never break the chat
        _logger.debug("Could not parse User-Agent %r", ua_string, exc_info=True)
        return _UNKNOWN_INFO

"""Browser / OS / device from real User-Agent strings (pure, no Odoo)."""

from __future__ import annotations

import dataclasses

import pytest

from livechat_iconic.lib import user_agent
from livechat_iconic.lib.user_agent import BrowserInfo, parse_user_agent

CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)

# (User-Agent, browser, os, device, device_type)
REAL_USER_AGENTS = {
    "chrome-windows": (
        CHROME_WINDOWS,
        "Chrome 120.0",
        "Windows 10",
        "Desktop",
        "Desktop",
    ),
    "firefox-linux": (
        "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
        "Firefox 121.0",
        "Ubuntu",
        "Desktop",
        "Desktop",
    ),
    "safari-macos": (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.1 Safari/605.1.15",
        "Safari 17.1",
        "Mac OS X 10.15.7",
        "Desktop (Mac)",
        "Desktop",
    ),
    "safari-iphone": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.1 Mobile/15E148 Safari/604.1",
        "Mobile Safari 17.1",
        "iOS 17.1",
        "Mobile (iPhone)",
        "Mobile",
    ),
    "chrome-android-phone": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.6099.144 Mobile Safari/537.36",
        "Chrome Mobile 120.0",
        "Android 14",
        "Mobile (Pixel 8)",
        "Mobile",
    ),
    "safari-ipad": (
        "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/16.6 Mobile/15E148 Safari/604.1",
        "Mobile Safari 16.6",
        "iOS 16.6",
        "Tablet (iPad)",
        "Tablet",
    ),
    "googlebot": (
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Googlebot 2.1",
        "Unknown",
        "Bot",
        "Bot",
    ),
    "googlebot-smartphone": (
        "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.6099.71 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Googlebot 2.1",
        "Android 6.0.1",
        "Bot",
        "Bot",
    ),
    "edge-windows": (
        CHROME_WINDOWS + " Edg/120.0.2210.91",
        "Edge 120.0",
        "Windows 10",
        "Desktop",
        "Desktop",
    ),
    "samsung-tablet": (
        "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Safari/537.36",
        "Chrome 120.0",
        "Android 13",
        "Tablet (SM-X710)",
        "Tablet",
    ),
    "samsung-phone": (
        "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Mobile Safari/537.36",
        "Chrome Mobile 120.0",
        "Android 14",
        "Mobile (Samsung SM-S918B)",
        "Mobile",
    ),
    "chrome-android-reduced-ua": (  # Chrome's frozen UA: model is always "K"
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Mobile Safari/537.36",
        "Chrome Mobile 120.0",
        "Android 10",
        "Mobile",
        "Mobile",
    ),
    "firefox-android-tablet": (
        "Mozilla/5.0 (Android 14; Tablet; rv:121.0) Gecko/121.0 Firefox/121.0",
        "Firefox Mobile 121.0",
        "Android 14",
        "Tablet",
        "Tablet",
    ),
    "chromebook": (
        "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Safari/537.36",
        "Chrome 120.0",
        "Chrome OS 14541.0.0",
        "Desktop",
        "Desktop",
    ),
    "curl": (
        "curl/8.4.0",
        "curl 8.4",
        "Unknown",
        "Unknown",
        "Unknown",
    ),
}


@pytest.mark.parametrize(
    ("ua", "browser", "os", "device", "device_type"),
    list(REAL_USER_AGENTS.values()),
    ids=list(REAL_USER_AGENTS),
)
def test_real_user_agents(ua, browser, os, device, device_type):
    info = parse_user_agent(ua)
    assert info == BrowserInfo(browser=browser, os=os, device=device, device_type=device_type)
    assert info.device_type in user_agent.DEVICE_TYPES
    assert info.is_bot is (device_type == "Bot")


def test_summary():
    assert parse_user_agent(CHROME_WINDOWS).summary == "Chrome 120.0 on Windows 10 (Desktop)"


UNKNOWN = BrowserInfo("Unknown", "Unknown", "Unknown", "Unknown")


@pytest.mark.parametrize(
    "ua",
    [
        None,
        "",
        "   \t\n",
        "asdkjh 123 ;;;",
        "\x00\x01\x02",
        "Mozilla/5.0",
        12,
        b"curl/8.4.0",
        ["Chrome"],
    ],
    ids=[
        "none",
        "empty",
        "blank",
        "garbage",
        "control-chars",
        "bare-mozilla",
        "int",
        "bytes",
        "list",
    ],
)
def test_bad_input_gives_unknown_and_never_raises(ua):
    assert parse_user_agent(ua) == UNKNOWN


def test_long_input_is_truncated_before_parsing(monkeypatch):
    seen = []
    real_parse = user_agent.ua_parser.parse

    def spy(ua):
        seen.append(ua)
        return real_parse(ua)

    monkeypatch.setattr(user_agent.ua_parser, "parse", spy)
    info = parse_user_agent(CHROME_WINDOWS + " x" * 500_000)
    assert len(seen) == 1 and len(seen[0]) <= user_agent.MAX_LENGTH == 2000
    assert seen[0].startswith(CHROME_WINDOWS)
    assert info.browser == "Chrome 120.0" and info.device == "Desktop"


def test_parser_failure_gives_unknown(monkeypatch):
    def broken(ua):
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(user_agent.ua_parser, "parse", broken)
    assert parse_user_agent(CHROME_WINDOWS) == UNKNOWN


def test_browser_info_is_frozen():
    info = parse_user_agent(CHROME_WINDOWS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.browser = "Netscape 4.0"

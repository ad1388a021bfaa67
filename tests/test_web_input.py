"""Checks of what a visitor's browser sends (no Odoo, no database)."""

import pytest

from livechat_iconic.lib import web_input
from livechat_iconic.lib.web_input import safe_page_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://shop.example/cart", "https://shop.example/cart"),
        ("http://shop.example", "http://shop.example"),
        (
            "https://shop.example/web/reset_password?token=s3cr3t&db=x#frag",
            "https://shop.example/web/reset_password",
        ),
        ("https://shop.example/my/orders/7?access_token=abc", "https://shop.example/my/orders/7"),
        ("https://shop.example/page#access_token=abc", "https://shop.example/page"),
        ("https://shop.example/?", "https://shop.example/"),
        ("https://alice:pw@shop.example:8443/x?y", "https://shop.example:8443/x"),
        ("https://token@shop.example/", "https://shop.example/"),
        ("HTTPS://Shop.Example/Path", "https://shop.example/Path"),
        ("http://[::1]:8069/odoo", "http://[::1]:8069/odoo"),
        ("https://bücher.example/straße", "https://bücher.example/straße"),
    ],
)
def test_page_url_keeps_only_scheme_host_and_path(url, expected):
    assert safe_page_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        None,
        42,
        ["https://shop.example/"],
        {"url": "https://shop.example/"},
        b"https://shop.example/",
        "",
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://files.example/x",
        "file:///etc/passwd",
        "//shop.example/no-scheme",
        "/relative/path",
        "https:///no-host",
        "https:\\\\evil.example",
        "https://shop.example:99999/",
        "https://shop.example:port/",
        "https://[::1/",
        "https://shop.example/a\x00b",
        "https://shop.example/a\x1fb",
        "https://shop.example/a\x7fb",
        "https://shop.example/a\nb",
        "https://shop.example/a b",
        "https://shop.example/\ud800",
        "https://shop.example/\u202eevil",
        "https://shop.example/?q=\x00",
    ],
)
def test_page_url_refuses_what_is_not_a_web_address(url):
    assert safe_page_url(url) is None


def test_page_url_length_is_capped():
    base = "https://shop.example/"
    longest = base + "a" * (web_input.MAX_URL_LENGTH - len(base))
    assert safe_page_url(longest) == longest
    assert safe_page_url(longest + "a") is None
    # a long query string is removed, not a reason to refuse the page
    assert safe_page_url(base + "?q=" + "x" * 5000) == base
    assert safe_page_url(base + "?q=" + "x" * web_input.MAX_RAW_URL_LENGTH) is None


@pytest.mark.parametrize(
    "text", ["a\x00b", "\x07", "\x1b[31m", "\x85", "\ud83d", "\udc00x", "\u2066"]
)
def test_forbidden_characters(text):
    assert web_input.has_forbidden_characters(text)


@pytest.mark.parametrize("text", ["Nina New", "a\tb\r\nc", "Zoë 😀", "<b>bold</b>", "שלום", ""])
def test_allowed_characters(text):
    assert not web_input.has_forbidden_characters(text)


def test_check_text():
    assert web_input.check_text("name", None, 5) is None
    assert web_input.check_text("name", "abcde", 5) == "abcde"
    for value, problem in [
        (12, "type"),
        (True, "type"),
        (["a"], "type"),
        ({"a": 1}, "type"),
        ("abcdef", "too_long"),
        ("a\x00", "characters"),
        ("a\ud800", "characters"),
    ]:
        with pytest.raises(web_input.BadInput) as caught:
            web_input.check_text("name", value, 5)
        assert (caught.value.field, caught.value.problem) == ("name", problem)


@pytest.mark.parametrize(
    ("value", "expected"), [(7, 7), ("7", 7), ("0042", 42), (2**31 - 1, 2**31 - 1)]
)
def test_check_id_accepts_ints_and_digit_strings(value, expected):
    assert web_input.check_id("channel_id", value) == expected


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (None, "missing"),
        (True, "type"),
        (False, "type"),
        (1.0, "type"),
        (1.5, "type"),
        ("abc", "type"),
        ("", "type"),
        ("-1", "type"),
        (" 7", "type"),
        ("7e3", "type"),
        ("٣", "type"),  # a digit, but not an ASCII one
        ("9" * 11, "type"),
        (0, "type"),
        (-5, "type"),
        (2**31, "type"),
        ([7], "type"),
        ({"id": 7}, "type"),
    ],
)
def test_check_id_refuses_the_rest(value, problem):
    with pytest.raises(web_input.BadInput) as caught:
        web_input.check_id("channel_id", value)
    assert caught.value.problem == problem
    assert "channel_id" in str(caught.value)

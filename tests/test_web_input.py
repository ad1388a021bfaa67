"""Checks of what a visitor's browser sends (no Odoo, no database)."""

import base64
import random
import string
import uuid

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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Do you ship\n\n  to   Oslo?\t", "Do you ship to Oslo?"),
        ("  leading and trailing  ", "leading and trailing"),
        ("a\x00b", "ab"),
        ("Price?\x1b[2J\x07 now", "Price?[2J now"),
        ("a\x85b\x9fc", "a bc"),  # NEL is white space, other C1 controls go
        ("lone \ud800 surrogate \udfff", "lone surrogate"),
        ("\u202eweN aniN\u2069", "weN aniN"),
        ("<script>alert(1)</script> & <b>x</b>", "<script>alert(1)</script> & <b>x</b>"),
        ("Zoë 😀 שלום", "Zoë 😀 שלום"),
        ("", ""),
        (" \n\t ", ""),
        (None, ""),
        (42, ""),
        (b"bytes", ""),
        (["a"], ""),
    ],
)
def test_clean_plain_text(text, expected):
    assert web_input.clean_plain_text(text, 100) == expected


def test_clean_plain_text_is_capped():
    assert web_input.clean_plain_text("x" * 10_000, 500) == "x" * 500
    # white space does not count twice and never ends the text
    assert web_input.clean_plain_text("word " * 1000, 12) == "word word wo"
    assert web_input.clean_plain_text("word " * 1000, 10) == "word word"
    assert web_input.clean_plain_text(" " * 100_000 + "late", 5) == "late"
    assert web_input.clean_plain_text("\x00" * 100_000 + "late", 5) == "late"
    assert web_input.clean_plain_text("anything", 0) == ""
    # never more than the cap, whatever the input
    for text in ("a b " * 300, "é\u0301" * 400, "😀 " * 300):
        assert len(web_input.clean_plain_text(text, 100)) <= 100


def test_clean_plain_text_result_is_always_storable():
    text = "".join(chr(code) for code in range(0, 0x3000)) + "\ud800\udc00"
    cleaned = web_input.clean_plain_text(text, 100_000)
    assert not web_input.has_forbidden_characters(cleaned)
    assert cleaned.encode("utf-8")  # no lone surrogate left: PostgreSQL takes it
    assert "  " not in cleaned


def test_request_cap_holds_the_largest_contact():
    from livechat_iconic.lib import contact

    largest = contact.EMAIL_MAX_LENGTH + contact.PHONE_MAX_LENGTH + contact.NAME_MAX_LENGTH
    # every character as a JSON \uXXXX escape, plus the JSON-RPC envelope
    assert largest * 6 + 1024 < web_input.MAX_REQUEST_BYTES


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://shop.example/survey/3f9c2d1e-8a7b-4c6d-9e0f-123456789abc/0a1b2c3d4e5f6a7b",
            "https://shop.example/survey/…/…",
        ),
        ("https://shop.example/rate/Xk3mP9qL2vN8rT5wZ1yB", "https://shop.example/rate/…"),
        ("https://shop.example/invite/aB3dE5gH7jK9mN1pQ3sT5v/", "https://shop.example/invite/…/"),
        (
            "https://shop.example/shop/product/office-chair-black-42",
            "https://shop.example/shop/product/office-chair-black-42",
        ),
        (
            "https://shop.example/blog/our-news-1/how-to-choose-a-desk-2024-edition-17",
            "https://shop.example/blog/our-news-1/how-to-choose-a-desk-2024-edition-17",
        ),
        ("https://shop.example/my/orders/7", "https://shop.example/my/orders/7"),
        (
            "https://shop.example/web/image/product.template/42/image_1024",
            "https://shop.example/web/image/product.template/42/image_1024",
        ),
    ],
)
def test_tokens_in_the_path_are_stripped_like_query_strings(url, expected):
    assert safe_page_url(url) == expected


def _odoo_tokens(kind, count, seed=20):
    """``count`` tokens made as Odoo makes them (seeded: the same ones on every run)."""
    rng = random.Random(f"{kind}-{seed}")
    for _i in range(count):
        if kind == "uuid":  # portal access tokens, survey tokens (str(uuid.uuid4()))
            yield str(uuid.UUID(int=rng.getrandbits(128), version=4))
        elif kind == "uuid_hex":  # rating tokens (uuid.uuid4().hex)
            yield uuid.UUID(int=rng.getrandbits(128), version=4).hex
        elif kind == "urlsafe":  # secrets.token_urlsafe(n)
            raw = bytes(rng.getrandbits(8) for _ in range(rng.randint(16, 32)))
            yield base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
        else:  # auth_signup's random_token(): 20 letters and digits
            yield "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(20))


@pytest.mark.parametrize("kind", ["uuid", "uuid_hex", "urlsafe", "signup"])
def test_odoo_tokens_in_survey_and_rating_links_never_reach_an_agent(kind):
    for token, answer in zip(
        _odoo_tokens(kind, 2000), _odoo_tokens(kind, 2000, seed=21), strict=True
    ):
        assert safe_page_url(f"https://shop.example/survey/{token}/{answer}") == (
            "https://shop.example/survey/…/…"
        ), (token, answer)
        assert safe_page_url(f"https://shop.example/rate/{token}/5") == (
            "https://shop.example/rate/…/5"
        ), token

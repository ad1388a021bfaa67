import pytest

from livechat_iconic.lib.sneak_peek import MASK, MAX_LENGTH, mask


@pytest.mark.parametrize(
    "text",
    [
        "my card is 4111111111111111 thanks",
        "my card is 4111 1111 1111 1111 thanks",
        "my card is 4111-1111-1111-1111 thanks",
        "amex 3782 822463 10005 ok",
        "13 digits 4222222222222 ok",
        "19 digits 6011 0009 9013 9424 123 ok",
    ],
)
def test_card_numbers_masked(text):
    masked = mask(text)
    assert not any(c.isdigit() for c in masked.replace("13", "").replace("19", ""))
    assert MASK in masked
    assert masked.endswith(" ok") or masked.endswith(" thanks")


def test_short_numbers_kept():
    assert mask("call me at +32 2 555 01 01, order 123456") == (
        "call me at +32 2 555 01 01, order 123456"
    )


@pytest.mark.parametrize(
    "text", ["write to jane.doe@example.com please", "write to jane.doe@exa please"]
)
def test_emails_masked_even_half_typed(text):
    masked = mask(text)
    assert "jane" not in masked and "@" not in masked
    assert masked == f"write to {MASK} please"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("my password: hunter2 ok", "my password"),
        ("pwd=hunter2", "pwd"),
        ("Mein Passwort ist hunter2", "Mein Passwort"),
        ("mon mot de passe est hunter2", "mon mot de passe"),
        ("mi contraseña es hunter2", "mi contraseña"),
        ("PIN 1234", "PIN"),
        ("password123", "password"),
    ],
)
def test_text_after_password_words_masked(text, kept):
    masked = mask(text)
    assert masked == f"{kept} {MASK}"
    assert "hunter2" not in masked


def test_password_word_alone_kept():
    assert mask("I forgot my password") == "I forgot my password"
    assert mask("pink shoes, a spinning top") == "pink shoes, a spinning top"


def test_plain_text_unchanged_and_idempotent():
    assert mask("Hello, I need help with my order") == "Hello, I need help with my order"
    for text in ("pwd hunter2", "a@b.c 4111111111111111", "x" * 600):
        assert mask(mask(text)) == mask(text)


def test_truncated():
    assert len(mask("x" * 600)) == MAX_LENGTH

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

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


PARITY_TEXTS = [
    "my card is 4111 1111 1111 1111 thanks",
    "4111-1111-1111-1111",
    "13 digits 4222222222222, 12 digits 422222222222",
    "call me at +32 2 555 01 01, order 123456",
    "write to jane.doe@exa please",
    "Mein Passwort ist hunter2",
    "mon mot de passe est hunter2",
    "mi contraseña es hunter2",
    "PIN 1234",
    "pink shoes, a spinning top",
    "password123",
    "I forgot my password ",
    "x" * 600,
    "é" * 10 + " pwd: a b c",
]


@pytest.mark.skipif(not shutil.which("node"), reason="node is not installed")
def test_the_browser_masks_as_the_server():
    """static/src/embed/sneak_peek/masking.js gives the same text as lib/sneak_peek.py."""
    module = Path(__file__).parents[1] / "livechat_iconic/static/src/embed/sneak_peek/masking.js"
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "masking.mjs"  # an ES module for node
        copy.write_text(module.read_text(encoding="utf-8"), encoding="utf-8")
        script = (
            f"import {{ maskSneakPeek }} from {json.dumps(str(copy))};"
            "const texts = JSON.parse(process.argv[1]);"
            "process.stdout.write(JSON.stringify(texts.map(maskSneakPeek)));"
        )
        result = subprocess.run(
            ["node", "--input-type=module", "-e", script, json.dumps(PARITY_TEXTS)],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
    assert json.loads(result.stdout) == [mask(text) for text in PARITY_TEXTS]

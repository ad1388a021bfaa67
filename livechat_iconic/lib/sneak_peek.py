"""Sneak peek masking: what the visitor types, made safe before an agent sees it.

The same rule runs in the visitor's browser (static/src/embed/sneak_peek/masking.js) before
the text leaves it, and again on the server. Masked, in this order:

- everything after a password-like word ("password", "pwd", "passwort", "mot de passe",
  "contraseña", "PIN" …), the word itself stays so the agent knows a secret was typed;
- any word holding an "@" (an e-mail, even half typed);
- any run of 13 or more digits, with single spaces or dashes between them (card numbers).

Masked parts become ``MASK``, whatever their length; masking twice changes nothing.
"""

import re

MASK = "•••"
MAX_LENGTH = 500  # characters the agent sees at most

PASSWORD_RE = re.compile(
    r"\b(?:pass(?:word|wort|wd|code|phrase)|pwd|mot\s+de\s+passe|mdp|contrase[ñn]a|senha|"
    r"wachtwoord|kennwort|hasło|haslo|pin\b)",
    re.IGNORECASE,
)
EMAIL_RE = re.compile(r"[^\s@]*@\S*")
CARD_RE = re.compile(r"(?<!\d)\d(?:[ -]?\d){12,}(?!\d)")


def mask(text):
    """``text`` with secrets replaced by ``MASK``, at most ``MAX_LENGTH`` characters."""
    match = PASSWORD_RE.search(text)
    if match and text[match.end() :].strip():
        text = text[: match.end()] + " " + MASK
    text = EMAIL_RE.sub(MASK, text)
    text = CARD_RE.sub(MASK, text)
    return text[:MAX_LENGTH]

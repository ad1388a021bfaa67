"""Keys that two leads or contacts share when they are the same company or person (no ORM)."""

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-_.,;:/\\|()\[\]{}'\"]+")


def company_key(name):
    """A company name reduced to what tells it apart: case, accents, punctuation and spacing
    ignored ("Data247 - Masinotrading & Consulting" == "data247 masinotrading&consulting").
    '' for an empty or punctuation-only name."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _SEPARATORS.sub(" ", text)
    text = re.sub(r"\s*&\s*", "&", text)
    return " ".join(text.split())

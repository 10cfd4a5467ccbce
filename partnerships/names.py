"""Name normalisation shared by the name resolver, aliases and search."""

import re
import unicodedata

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalize_name(name: str) -> str:
    """Lower-case, strip accents and punctuation, collapse spaces, "&" → "and"."""
    text = unicodedata.normalize("NFKD", (name or "").translate(_QUOTES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("&", " and ")
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()

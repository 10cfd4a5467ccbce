"""Text folded for matching, the same in Python and in SQL on every database: lower case,
accents and ligatures removed ("Côte d’Ivoire" -> "cote d’ivoire"), split into words.

Every `?q=` of the lists (`SearchableQuerySet.search`) and `/search/` (`search.py`) match
through it: a record matches when every folded word occurs in one of its fields, folded
the same way. On SQLite the folding is a deterministic SQL function `unaccent_lower`
registered on every new connection; on PostgreSQL it is `lower(unaccent(...))`
(migration 0003 creates the unaccent extension).
"""

import re
import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import CharField, Func, Value
from django.db.models.functions import Coalesce, Lower

MAX_WORDS = 8  # more words narrow nothing a person would type; each is a condition

# What NFKD leaves alone but PostgreSQL's unaccent folds: keep both sides identical.
_LIGATURES = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "TH",
        "ı": "i",
    }
)


def fold(text: str | None) -> str | None:
    """Lower case without accents or ligatures: "Côte d’Ivoire" → "cote d’ivoire"."""
    if text is None:
        return None
    text = unicodedata.normalize("NFKD", str(text).translate(_LIGATURES))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def _register_sqlite_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("unaccent_lower", 1, fold, deterministic=True)


connection_created.connect(_register_sqlite_function, dispatch_uid="search_unaccent_lower")


class Folded(Func):
    """The field folded for matching, in SQL (see `fold`)."""

    output_field = CharField()

    def __init__(self, expression, **extra):
        super().__init__(Coalesce(expression, Value("")), **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="unaccent_lower", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="lower(unaccent(%(expressions)s))")

    def as_sql(self, compiler, connection, **extra):
        # Other databases: case-insensitive only.
        return Lower(self.source_expressions[0]).as_sql(compiler, connection)


def folded_words(text) -> list[str]:
    """The distinct folded words of `text`, at most MAX_WORDS; punctuation is no word."""
    folded = fold(str(text or "").replace("\x00", ""))
    return list(dict.fromkeys(re.findall(r"[^\W_]+", folded)))[:MAX_WORDS]

"""Search across every kind of public record, tolerant of case and accents.

`search_catalogue(q)` is the one entry point; the search page and the API call it.

Matching is the same on every database, so results do not depend on where the
catalogue is stored: the query is folded (lower case, accents and ligatures removed,
punctuation dropped) into words, and a record matches when every word occurs in one of
its searchable fields, folded the same way ("cote d'ivoire" finds "Côte d’Ivoire",
"elysee" finds "Élysée", "ivory" finds the nation through its alias "Ivory Coast").
Substrings count, so short and partial words ("rimp") match too.

Ordering: exact name matches first, then names starting with the first word, then
names containing it, then matches in other fields. On PostgreSQL the folded fields also
feed a full-text vector ('simple' configuration over `unaccent`), and `SearchRank`
with prefix terms orders results within those tiers; SQLite orders them by name.

On SQLite the folding is a deterministic SQL function `unaccent_lower` registered on
every new connection; on PostgreSQL it is `lower(unaccent(...))` (migration 0003
creates the unaccent extension).
"""

import re
import time
import unicodedata
from dataclasses import dataclass, field

from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower

from .cache import cached
from .models import (
    Article,
    Engagement,
    Exercise,
    Nation,
    NationAlias,
    Organization,
    Partnership,
    Source,
)

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
DEFAULT_LIMIT = 20

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


class QueryProblem(ValueError):
    """The query cannot be searched; the message says why, for the person who typed it."""


class NoWords(QueryProblem):
    """The query has no letter or digit: it can match nothing."""


def query_words(q) -> list[str]:
    """The words of a query, folded; raises `QueryProblem` for an unusable query."""
    text = str(q or "").replace("\x00", "")
    if not text.strip():
        raise QueryProblem("Type a name or a word to search for.")
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryProblem(f"Use at most {MAX_QUERY_LENGTH} characters.")
    words = list(dict.fromkeys(re.findall(r"[^\W_]+", fold(text))))
    if not words:
        raise NoWords("Use letters or digits: punctuation alone matches nothing.")
    return words[:MAX_WORDS]


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    queryset: object  # callable returning the public queryset
    name_field: str
    fields: tuple[str, ...]
    order: tuple[str, ...] = ("name",)
    alias: bool = False  # nations: also match their aliases
    related: tuple[str, ...] = field(default_factory=tuple)


KINDS = (
    Kind(
        "nations",
        "Nations",
        lambda: Nation.objects.all(),
        "name",
        ("name", "official_name", "iso3"),
        alias=True,
    ),
    Kind(
        "organizations",
        "Organizations",
        lambda: Organization.objects.all(),
        "name",
        ("name", "acronym"),
    ),
    Kind(
        "partnerships",
        "Partnerships",
        lambda: Partnership.objects.all(),
        "name",
        ("name", "description"),
    ),
    Kind(
        "exercises",
        "Exercises",
        lambda: Exercise.objects.all(),
        "name",
        ("name", "location", "series__name"),
        order=("name",),
        related=("series",),
    ),
    Kind(
        "engagements",
        "Engagements",
        lambda: Engagement.objects.all(),
        "name",
        ("name", "description"),
    ),
    Kind(
        "articles",
        "Articles",
        lambda: Article.objects.published(),
        "title",
        ("title", "summary", "body"),
        order=("title",),
    ),
    Kind(
        "sources",
        "Sources",
        lambda: Source.objects.all(),
        "title",
        ("title", "publisher"),
        order=("title",),
    ),
)
KIND_KEYS = tuple(kind.key for kind in KINDS)


def _word_matches(kind: Kind, word: str) -> Q:
    condition = Q()
    for name in kind.fields:
        condition |= Q(**{f"_f_{name.replace('__', '_')}__contains": word})
    if kind.alias:
        aliases = NationAlias.objects.annotate(_folded=Folded(F("name"))).filter(
            nation=OuterRef("pk"), _folded__contains=word
        )
        condition |= Q(Exists(aliases))
    return condition


def _rank(kind: Kind, words: list[str], phrase: str, exact: str):
    name = f"_f_{kind.name_field}"
    return Case(
        When(Q(**{name: phrase}) | Q(**{name: exact}), then=Value(3)),
        When(**{f"{name}__startswith": words[0]}, then=Value(2)),
        When(**{f"{name}__contains": words[0]}, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def _search_kind(kind: Kind, words: list[str], phrase: str, exact: str):
    folded = {f"_f_{name.replace('__', '_')}": Folded(F(name)) for name in kind.fields}
    queryset = kind.queryset().annotate(**folded)
    for word in words:
        queryset = queryset.filter(_word_matches(kind, word))
    ordering = ["-_rank"]
    queryset = queryset.annotate(_rank=_rank(kind, words, phrase, exact))
    if connection.vendor == "postgresql":
        queryset, ordering = _full_text_rank(queryset, kind, words, ordering)
    if kind.related:
        queryset = queryset.select_related(*kind.related)
    return queryset.order_by(*ordering, *kind.order, "pk")


def _full_text_rank(queryset, kind, words, ordering):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = SearchVector(*(Folded(F(name)) for name in kind.fields), config="simple")
    # Words are [^\W_]+ only, so this raw tsquery cannot be malformed.
    terms = SearchQuery(
        " & ".join(f"{word}:*" for word in words), config="simple", search_type="raw"
    )
    queryset = queryset.annotate(_text_rank=SearchRank(vector, terms))
    return queryset, [*ordering, "-_text_rank"]


def _result(kind: Kind, record) -> dict:
    name = getattr(record, kind.name_field)
    detail = ""
    url = record.get_absolute_url()
    if kind.key == "nations":
        detail = record.get_region_display()
    elif kind.key == "organizations":
        detail = record.acronym
    elif kind.key in {"partnerships", "exercises", "engagements"}:
        detail = record.period
    elif kind.key == "articles":
        detail = record.summary
    elif kind.key == "sources":
        detail = record.publisher
        url = record.url or ""
    return {"slug": record.slug, "name": name, "url": url, "detail": detail}


def search_catalogue(q, limit_per_kind: int = DEFAULT_LIMIT, kinds=KIND_KEYS) -> dict:
    """Search every kind of public record (or those in `kinds`); grouped results.

    Returns::

        {"query": "cote d'ivoire", "words": ["cote", "d", "ivoire"], "total": 3,
         "groups": [{"kind": "nations", "label": "Nations", "count": 1,
                     "results": [{"slug", "name", "url", "detail"}, ...]}, ...]}

    `groups` lists every searched kind in a fixed order, with `count` the number of
    matches and at most `limit_per_kind` results, best first. Only published articles
    are searched. Sources link to their own (external) URL, which may be empty. Two
    queries per kind whatever the data size, cached until the next write to the
    catalogue (and for a minute at most). Raises `QueryProblem` for an empty, too long
    or punctuation-only query.
    """
    query_words(q)  # a bad query raises here, before anything is cached
    return cached(
        "search",
        lambda: _search_catalogue(q, limit_per_kind, kinds),
        q=str(q),
        limit=limit_per_kind,
        kinds=sorted(kinds),
        # Published articles appear at their time, with no write to bump the version.
        minute=int(time.time() // 60),
    )


def _search_catalogue(q, limit_per_kind, kinds) -> dict:
    words = query_words(q)
    phrase = " ".join(words)
    exact = fold(str(q).replace("\x00", "").strip())
    groups = []
    for kind in KINDS:
        if kind.key not in kinds:
            continue
        queryset = _search_kind(kind, words, phrase, exact)
        count = queryset.count()
        records = list(queryset[:limit_per_kind]) if count else []
        groups.append(
            {
                "kind": kind.key,
                "label": kind.label,
                "count": count,
                "results": [_result(kind, record) for record in records],
            }
        )
    return {
        "query": str(q).replace("\x00", "").strip(),
        "words": words,
        "total": sum(group["count"] for group in groups),
        "groups": groups,
    }

"""Search across every kind of public record, tolerant of case and accents.

`search_catalogue(q)` is the one entry point; the search page and the API call it.

Matching is the lists' `?q=` (`SearchableQuerySet.search`, `folding.py`), the same on
every database: the query is folded (lower case, accents and ligatures removed,
punctuation dropped) into words, and a record matches when every word occurs in one of
its searchable fields, folded the same way ("cote d'ivoire" finds "Côte d’Ivoire",
"elysee" finds "Élysée", "ivory" finds the nation through its alias "Ivory Coast").
Substrings count, so short and partial words ("rimp") match too.

Ordering: exact name matches first, then names starting with the first word, then
names containing it, then matches in other fields. On PostgreSQL the folded fields also
feed a full-text vector ('simple' configuration over `unaccent`), and `SearchRank`
with prefix terms orders results within those tiers; SQLite orders them by name.
"""

import time
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When

from .cache import cached
from .folding import Folded, fold, folded_words
from .models import (
    Article,
    Engagement,
    Exercise,
    Nation,
    Organization,
    Partnership,
    Source,
)

MAX_QUERY_LENGTH = 200
DEFAULT_LIMIT = 20


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
    words = folded_words(text)
    if not words:
        raise NoWords("Use letters or digits: punctuation alone matches nothing.")
    return words


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    queryset: object  # callable returning the public queryset
    name_field: str
    order: tuple[str, ...] = ("name",)
    related: tuple[str, ...] = field(default_factory=tuple)


KINDS = (
    Kind(
        "nations",
        "Nations",
        lambda: Nation.objects.all(),
        "name",
    ),
    Kind(
        "organizations",
        "Organizations",
        lambda: Organization.objects.all(),
        "name",
    ),
    Kind(
        "partnerships",
        "Partnerships",
        lambda: Partnership.objects.all(),
        "name",
    ),
    Kind(
        "exercises",
        "Exercises",
        lambda: Exercise.objects.all(),
        "name",
        order=("name",),
        related=("series",),
    ),
    Kind(
        "engagements",
        "Engagements",
        lambda: Engagement.objects.all(),
        "name",
    ),
    Kind(
        "articles",
        "Articles",
        lambda: Article.objects.published(),
        "title",
        order=("title",),
    ),
    Kind(
        "sources",
        "Sources",
        lambda: Source.objects.all(),
        "title",
        order=("title",),
    ),
)
KIND_KEYS = tuple(kind.key for kind in KINDS)


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
    queryset = kind.queryset().matching(words)
    queryset = queryset.annotate(**{f"_f_{kind.name_field}": Folded(F(kind.name_field))})
    ordering = ["-_rank"]
    queryset = queryset.annotate(_rank=_rank(kind, words, phrase, exact))
    if connection.vendor == "postgresql":
        queryset, ordering = _full_text_rank(queryset, kind, words, ordering)
    if kind.related:
        queryset = queryset.select_related(*kind.related)
    return queryset.order_by(*ordering, *kind.order, "pk")


def _full_text_rank(queryset, kind, words, ordering):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    fields = queryset.search_fields
    vector = SearchVector(*(Folded(F(name)) for name in fields), config="simple")
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

"""The nation picker: what a reader types ("United Kingdom", "Britain", "USSR", "burma")
to the nation, and the names the type-to-search list offers.

Every form that asks for a nation (compare, allied, the exercise filter) uses these, so a
name found in one is found in all.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils.text import slugify

from .cache import cached
from .models import Nation, NationAlias, Statehood
from .names import normalize_name


def find_nation(text: str) -> Nation | None:
    """The nation a typed name, alias, former name or slug stands for; None if none does."""
    text = (text or "").strip()
    if not text or len(text) > 150:
        return None
    by_slug = Nation.objects.filter(slug=slugify(text)).first()  # links give slugs
    if by_slug is not None and by_slug.slug == text:
        return by_slug
    pk = _index().get(normalize_name(text))
    if pk is None:
        return by_slug
    return by_slug if by_slug is not None and by_slug.pk == pk else Nation.objects.get(pk=pk)


# Words between two names that join them: "India and France", "UK vs France".
JOINERS = {"and", "vs", "v", "versus", "with", "to"}


def two_nations(text: str) -> tuple[Nation, Nation] | None:
    """Two different nations named one after the other ("India France", "United Kingdom
    and Japan", "USSR vs USA"); None when the text is not just that."""
    words = normalize_name(text or "").split()
    if not 2 <= len(words) <= 12:
        return None
    index = _index()
    for cut in range(1, len(words)):
        left, right = words[:cut], words[cut:]
        if right and right[0] in JOINERS and len(right) > 1:
            right = right[1:]
        a, b = index.get(" ".join(left)), index.get(" ".join(right))
        if a is not None and b is not None and a != b:
            found = Nation.objects.in_bulk([a, b])
            return found[a], found[b]
    return None


def _index() -> dict[str, int]:
    """{normalized name or alias: nation id}; a nation's own name wins over an alias."""
    return cached("picker-index", _build_index)


def _build_index():
    index = {
        normalized: pk
        for pk, normalized in NationAlias.objects.values_list("nation_id", "normalized")
    }
    for pk, name, slug in Nation.objects.values_list("pk", "name", "slug"):
        index.setdefault(slug.replace("-", " "), pk)
        index[normalize_name(name)] = pk
    return index


def nation_choices(year: int | None = None) -> list[dict]:
    """Every nation by name: {"name", "slug", "also" (its other names, which the
    browser's list searches as the reader types), "historical"}; cached until the
    catalogue changes. With a year, only the states that existed in it (a state with no
    recorded statehood is always offered)."""
    choices = cached("picker-choices", _choice_rows)
    if year is None:
        return choices
    existing = set(cached("picker-existing", lambda: _existing(year), year=year))
    return [choice for choice in choices if choice["slug"] in existing]


def _existing(year: int) -> list[str]:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    spans = Statehood.objects.filter(start_date__lte=last).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=first)
    )
    return list(
        Nation.objects.filter(Q(statehoods__in=spans) | Q(statehoods__isnull=True))
        .values_list("slug", flat=True)
        .distinct()
    )


def _choice_rows() -> list[dict]:
    also = {}
    for nation_id, name in NationAlias.objects.values_list("nation_id", "name"):
        also.setdefault(nation_id, []).append(name)
    return [
        {
            "name": name,
            "slug": slug,
            "also": ", ".join(sorted(set(also.get(pk, [])) - {name})),
            "historical": historical,
        }
        for pk, name, slug, historical in Nation.objects.order_by("name").values_list(
            "pk", "name", "slug", "is_historical"
        )
    ]

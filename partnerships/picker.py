"""The nation picker: what a reader types ("United Kingdom", "Britain", "USSR", "burma")
to the nation, and the names the type-to-search list offers.

Every form that asks for a nation (compare, allied, the exercise filter) uses these, so a
name found in one is found in all.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import slugify

from .cache import cached
from .models import Nation, NationAlias
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


@dataclass(frozen=True)
class Choice:
    name: str
    slug: str
    also: str  # other names, searched by the browser's list as the reader types
    historical: bool


def nation_choices() -> list[Choice]:
    """Every nation by name, with its other names; cached until the catalogue changes."""
    # The cache holds plain tuples (partnerships/cache.py): a changed Choice never unpickles.
    return [Choice(*row) for row in cached("picker-choices", _choices)]


def _choices():
    also = {}
    for nation_id, name in NationAlias.objects.values_list("nation_id", "name"):
        also.setdefault(nation_id, []).append(name)
    return [
        (name, slug, ", ".join(sorted(set(also.get(pk, [])) - {name})), historical)
        for pk, name, slug, historical in Nation.objects.order_by("name").values_list(
            "pk", "name", "slug", "is_historical"
        )
    ]

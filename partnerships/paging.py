"""The one paginator of every list, HTML and API: a count that stays cheap on large tables.

The count is taken over primary keys alone (no joins from select_related, no ordering)
and kept in the cache for a minute under the list's path, its filters and the catalogue
version, which every write to the counted models changes (`partnerships/cache.py`):
paging through a filtered list counts once, not once per page. Only lists of
`cache.WATCHED_MODELS` are cached: an article's count changes when its publication time
comes, with no write to say so.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from . import cache

COUNT_TIMEOUT = 60
# Parameters that choose a page, an order or a format, not rows: they do not change a count.
NOT_COUNTED = frozenset({"page", "page_size", "ordering", "format"})


class CachedCountPaginator(Paginator):
    def __init__(self, *args, count_key=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        found = cache.get(self.count_key)
        if found is not None:
            return found
        count = self.object_list.order_by().values("pk").count()
        cache.put(self.count_key, count, COUNT_TIMEOUT)
        return count


def count_key(model, path: str, query, scope: str = "") -> str | None:
    """The cache key of the count of `model`'s list at `path` filtered by `query` (a
    QueryDict) for `scope` (who asks, where that changes the rows), or None: not cached."""
    if model._meta.model_name not in cache.WATCHED_MODELS:
        return None
    params = sorted(
        (name, value)
        for name, values in query.lists()
        if name not in NOT_COUNTED
        for value in values
    )
    return cache.key(f"count:{model._meta.label_lower}", path, scope, params)

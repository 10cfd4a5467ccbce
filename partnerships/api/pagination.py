"""Page-number pagination per the contract, with a count that stays cheap on large tables.

`?page_size=` is clamped to 200 (never refused); a size that is no whole number of at
least 1 is a 400 naming `page_size`; a page beyond the end is a JSON 404.

The count is taken over primary keys alone (no joins from select_related, no ordering)
and kept in the cache for a minute under the request's filters and the catalogue
version, which every write to the models it counts changes (see `partnerships/cache.py`):
paging through a filtered list counts once, not once per page.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from .. import cache

COUNT_TIMEOUT = 60
# Parameters that choose a page or a format, not rows: they do not change the count.
NOT_FILTERS = {"page", "page_size", "format"}


class CountingPaginator(Paginator):
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


def count_key(request, queryset, scope=""):
    """A cache key for the count of this filtered list, or None when it must not be cached."""
    meta = queryset.model._meta
    if meta.model_name not in cache.WATCHED_MODELS:
        return None
    params = sorted(
        (name, value)
        for name, values in request.query_params.lists()
        if name not in NOT_FILTERS
        for value in values
    )
    return cache.key(f"api-count:{meta.label_lower}", request.path, scope, params)


class CataloguePagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        try:
            size = int(value)
        except ValueError:
            size = 0
        if size < 1:
            raise ValidationError({"page_size": ["Enter a whole number of at least 1."]})
        return min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Records per page (default {self.page_size}; more than "
                    f"{self.max_page_size} gives {self.max_page_size})."
                )
        return parameters

    def paginate_queryset(self, queryset, request, view=None):
        scope = view.answer_scope() if hasattr(view, "answer_scope") else ""
        key = count_key(request, queryset, scope)
        self.django_paginator_class = lambda *args, **kwargs: CountingPaginator(
            *args, count_key=key, **kwargs
        )
        return super().paginate_queryset(queryset, request, view)

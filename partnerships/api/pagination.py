"""Page-number pagination per the contract, with a count that stays cheap on large tables.

`?page_size=` is clamped to 200 (never refused); a size that is no whole number of at
least 1 is a 400 naming `page_size`; a page beyond the end is a JSON 404.

The count is the HTML lists' (`partnerships/paging.py`): over primary keys, cached for
a minute under the filters and the catalogue version.
"""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from ..paging import CachedCountPaginator, count_key


class StrictPageSize(PageNumberPagination):
    """`page_size` clamped to the maximum, and refused (400) when no whole number >= 1."""

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


class CataloguePagination(StrictPageSize):
    def paginate_queryset(self, queryset, request, view=None):
        scope = view.answer_scope() if hasattr(view, "answer_scope") else ""
        key = count_key(queryset.model, request.path, request.query_params, scope)
        self.django_paginator_class = lambda *args, **kwargs: CachedCountPaginator(
            *args, count_key=key, **kwargs
        )
        return super().paginate_queryset(queryset, request, view)

"""OpenAPI details drf-spectacular cannot infer by itself."""

from django_filters import ModelChoiceFilter, ModelMultipleChoiceFilter
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.drainage import set_override
from drf_spectacular.types import OpenApiTypes


class SlugFilterExtension(DjangoFilterExtension):
    """Related records in the shared FilterSets are chosen by slug: document them as strings.

    (Filters applied through a method give spectacular no type to infer.)
    """

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        by_slug = filter_field.extra.get("to_field_name") == "slug"
        if by_slug and isinstance(filter_field, ModelChoiceFilter | ModelMultipleChoiceFilter):
            set_override(filter_field, "field", OpenApiTypes.STR)
        return super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )

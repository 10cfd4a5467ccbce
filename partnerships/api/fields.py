"""Serializer fields the resources share: links, and related records named by slug."""

from django.core.validators import slug_re
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Nation
from .record_links import api_link, html_link


@extend_schema_field(OpenApiTypes.URI)
class ApiLinkField(serializers.Field):
    """The record's URL in this API."""

    def __init__(self, **kwargs):
        kwargs.update(read_only=True, source="*")
        super().__init__(**kwargs)

    def to_representation(self, instance):
        request = self.context.get("request")
        return api_link(request, instance._meta.model_name, instance.slug)


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class HtmlLinkField(serializers.Field):
    """The record's HTML page on the site (null where the site has no page for it)."""

    def __init__(self, **kwargs):
        kwargs.update(read_only=True, source="*")
        super().__init__(**kwargs)

    def to_representation(self, instance):
        request = self.context.get("request")
        return html_link(request, instance._meta.model_name, instance.slug)


class OptionalURLField(serializers.URLField):
    """A web address that may be missing: null, never "" (which is no URI), in answers;
    null or "" in a write stores none."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("allow_blank", not kwargs.get("read_only"))  # answers are never ""
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value or None

    def validate_empty_values(self, data):
        if data is None:
            return True, ""
        return super().validate_empty_values(data)


class RawLengthCharField(serializers.CharField):
    """DRF's, with `max_length` counting the text as sent (the schema's `maxLength`), not
    as trimmed: a schema-invalid value is refused, never saved after trimming."""

    def run_validation(self, data=serializers.empty):
        if isinstance(data, str) and self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().run_validation(data)


def with_raw_lengths(mapping: dict) -> dict:
    """A ModelSerializer's `serializer_field_mapping` with RawLengthCharField for text."""
    from django.db import models

    return {**mapping, models.CharField: RawLengthCharField, models.TextField: RawLengthCharField}


class SlugListField(serializers.ManyRelatedField):
    """A list of slugs: a JSON object (whose keys DRF would iterate) is no list."""

    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list", input_type=type(data).__name__)
        return super().to_internal_value(data)


class Computed:
    """A read-only value the model computes (a property), with the columns it reads.

    The API's reader (reader.py) fetches `reads` and gives the field a model instance
    holding just those columns, so name every column the property uses.
    """

    def __init__(self, *args, reads, **kwargs):
        self.reads = tuple(reads)
        kwargs["read_only"] = True
        super().__init__(*args, **kwargs)


class ComputedCharField(Computed, serializers.CharField):
    """A computed text: `ComputedCharField(reads=["title", "publisher"])`."""


class ComputedListField(Computed, serializers.ListField):
    """A computed list: `ComputedListField(child=CharField(), reads=["domain", ...])`."""


class SlugRelatedField(serializers.SlugRelatedField):
    """DRF's, refusing what cannot be a slug before looking it up (PostgreSQL refuses a
    NUL byte in a query with an error, which would be a 500)."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or not slug_re.fullmatch(data):
            self.fail("invalid")
        return super().to_internal_value(data)

    def validate_empty_values(self, data):
        if data == "":  # DRF reads "" as null; the schema allows a slug or null
            self.fail("invalid")
        return super().validate_empty_values(data)


def slug_related(queryset, *, label, many=False, **kwargs):
    """A related record named by its slug, with an error that names what is unknown."""
    kwargs.setdefault("required", False)
    field = SlugRelatedField(
        slug_field="slug",
        queryset=queryset,
        error_messages={
            "does_not_exist": f"Unknown {label}: {{value}}.",
            "invalid": f"Give the {label}'s slug.",
        },
        **({} if many else kwargs),
    )
    if many:
        return SlugListField(child_relation=field, **kwargs)
    return field


class NationItemsField(serializers.ListField):
    """A list of nations with details of their part: `["france", {"nation": "india", ...}]`.

    Each item is a nation slug or an object validated by `item_serializer` (whose `nation`
    is a slug). Every slug is looked up in one query; the result is a list of dicts whose
    `nation` is a `Nation`.
    """

    default_error_messages = {
        "item": "Each item is a nation slug or an object with a `nation` slug.",
        "unknown": "Unknown nation: {slugs}.",
    }

    def __init__(self, item_serializer, **kwargs):
        self.item_serializer = item_serializer
        kwargs.setdefault("required", False)
        kwargs.setdefault("write_only", True)  # GET shows the rows with the read serializer
        super().__init__(child=serializers.JSONField(), **kwargs)

    def to_internal_value(self, data):
        items = super().to_internal_value(data)
        cleaned, errors = [], {}
        for index, item in enumerate(items):
            if isinstance(item, str):
                item = {"nation": item}
            if not isinstance(item, dict):
                errors[index] = [self.error_messages["item"]]
                continue
            serializer = self.item_serializer(data=item)
            if serializer.is_valid():
                cleaned.append(dict(serializer.validated_data))
            else:
                errors[index] = serializer.errors
        if errors:
            raise serializers.ValidationError(errors)
        slugs = {item["nation"] for item in cleaned}
        nations = {nation.slug: nation for nation in Nation.objects.filter(slug__in=slugs)}
        unknown = sorted(slugs - nations.keys())
        if unknown:
            self.fail("unknown", slugs=", ".join(unknown))
        for item in cleaned:
            item["nation"] = nations[item["nation"]]
        return cleaned


def nation_items_schema(item_serializer):
    """OpenAPI for NationItemsField: a slug, or an object shaped like `item_serializer`."""
    properties = {}
    required = []
    for name, field in item_serializer().fields.items():
        properties[name] = _simple_schema(field)
        if field.required:
            required.append(name)
    return {
        "type": "array",
        "items": {
            "oneOf": [
                {"type": "string", "description": "Nation slug."},
                {"type": "object", "properties": properties, "required": required},
            ]
        },
    }


def _simple_schema(field):
    if isinstance(field, serializers.ChoiceField):
        return {"type": "string", "enum": list(field.choices)}
    if isinstance(field, serializers.DateField):
        return {"type": "string", "format": "date", "nullable": field.allow_null}
    return {"type": "string"}

"""The OpenAPI document says exactly what the server does (drf-spectacular, plus this).

- Reads are open to anyone (`security: []`); writes need a token or a session.
- Every status the server can answer is documented, errors with their JSON shape.
- Conditional request headers and the validators and caching headers of answers.
- CSV answers are text, their columns named.
- Filters carry the limits the server enforces (year ranges, booleans, lengths).
"""

from django_filters import (
    BooleanFilter,
    CharFilter,
    DateFilter,
    ModelChoiceFilter,
    ModelMultipleChoiceFilter,
    MultipleChoiceFilter,
    NumberFilter,
    OrderingFilter,
)
from drf_spectacular.authentication import TokenScheme
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.drainage import set_override
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent, force_instance
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS

from .renderers import CSV_CELLS

BLANK_ALLOWED = {"q"}  # the lists' search: "" matches everything

FIELD_ERRORS = "FieldErrors"
SLUG_PATTERN = "^[-a-zA-Z0-9_]+$"
ERROR = "Error"

ERROR_SCHEMAS = {
    FIELD_ERRORS: {
        "type": "object",
        "description": "Bad input: each field at fault (`non_field_errors` for the record "
        "as a whole) with its messages; a nested list's errors are keyed by item index. "
        'A body that cannot be parsed answers `{"detail": "..."}`.',
        "additionalProperties": {},
    },
    ERROR: {
        "type": "object",
        "properties": {"detail": {"type": "string", "description": "What went wrong."}},
        "required": ["detail"],
    },
}

ERROR_DESCRIPTIONS = {
    "400": "Bad input: a parameter or body field out of range, malformed or unknown, "
    "named with its messages.",
    "401": "Not signed in: send `Authorization: Token <key>` (or a session).",
    "403": "Signed in without the permission this write needs.",
    "404": "No such record (or page, or format).",
    "409": "Other records depend on this one.",
    "412": "The record changed since you read it (`If-Match` or `If-Unmodified-Since`); "
    "the answer's `ETag` is the current one.",
    "413": "The request body is too large.",
    "415": "The body is not JSON.",
    "429": "Too many requests: retry after `Retry-After` seconds.",
}

CACHE_CONTROL = (
    "How long the answer may be reused: public answers may be kept briefly and then "
    "revalidated with `If-None-Match`; answers that may show drafts are private."
)


def _header(name, description, *, response=None, required=False):
    return OpenApiParameter(
        name,
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description=description,
        response=response or False,
        required=required,
    )


class CatalogueAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema with the project's auth, errors, headers and CSV."""

    def _is_read(self) -> bool:
        return self.method in SAFE_METHODS

    def _is_detail(self) -> bool:
        return "{" in self.path and not self._is_list_view()

    def _shows_body(self) -> bool:
        return self._is_read() or self.method in ("POST", "PUT", "PATCH")

    def get_description(self):
        # Docstrings are written for developers: API users read `api_description`.
        return getattr(self.view, "api_description", "")

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        schema.pop("description", None)
        description = getattr(serializer, "api_description", None)
        if description:
            schema["description"] = description
        return schema

    def get_auth(self):
        if self._is_read():
            return []  # anyone reads (signed-in editors see drafts as well)
        return [requirement for requirement in super().get_auth() if requirement]

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is not None and self._is_read():
            operation["security"] = []  # open: no credentials needed
        return operation

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self._is_read():
            parameters += [
                _header(
                    "If-None-Match",
                    "An `ETag` you hold: 304 (no body) while the answer is still that.",
                ),
                _header(
                    "If-Modified-Since",
                    "An HTTP date: 304 while nothing shown changed since (ignored with "
                    "`If-None-Match`).",
                ),
                _header("ETag", "The answer's validator.", response=[200, 304]),
                _header(
                    "Last-Modified",
                    "When a record shown last changed (absent when none shows a time).",
                    response=[200, 304],
                ),
                _header("Cache-Control", CACHE_CONTROL, response=[200, 304]),
            ]
        elif self._is_detail():
            parameters += [
                _header(
                    "If-Match",
                    "The `ETag` you read: the write answers 412 if the record has changed "
                    "since. Optional.",
                ),
                _header(
                    "If-Unmodified-Since",
                    "The `Last-Modified` you read: the write answers 412 if the record "
                    "changed after it. Optional.",
                ),
                _header("ETag", "The record's current validator.", response=[412]),
            ]
        if self.method in ("POST", "PUT", "PATCH"):
            parameters.append(_header("ETag", "The record's validator.", response=[200, 201]))
        if self.method == "POST":
            parameters.append(_header("Location", "The new record's URL.", response=[201]))
        parameters.append(
            _header("Retry-After", "Seconds to wait before retrying.", response=[429])
        )
        return parameters

    def _error_codes(self) -> list[str]:
        if self._is_read():
            return ["400", "404", "429"]
        codes = ["400", "401", "403", "404", "429"]  # 404: also an unknown `format`
        if self._is_detail():
            codes.append("412")
        if self.method == "DELETE":
            codes.append("409")
        else:
            codes += ["413", "415"]
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for name, schema in ERROR_SCHEMAS.items():
            self.registry.register_on_missing(
                ResolvedComponent(
                    name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
                )
            )
        for code in self._error_codes():
            schema = FIELD_ERRORS if code == "400" else ERROR
            response = {
                "description": ERROR_DESCRIPTIONS[code],
                "content": {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}
                },
            }
            headers = self._get_response_headers_for_code(code)
            if headers:
                response["headers"] = headers
            responses.setdefault(code, response)
        if self._is_read():
            responses["414"] = {"description": "The query string is longer than the server reads."}
            responses["304"] = {
                "description": "Not modified: the answer is still the one your "
                "`If-None-Match` or `If-Modified-Since` names.",
                "headers": self._get_response_headers_for_code("304"),
            }
        return responses

    def _get_response_for_code(
        self, serializer, status_code, media_types=None, direction="response"
    ):
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        content = response.get("content", {})
        if "text/csv" in content:
            content["text/csv"] = {"schema": self._csv_schema(serializer, content["text/csv"])}
        return response

    def _csv_schema(self, serializer, documented: dict) -> dict:
        shown = force_instance(getattr(serializer, "response", serializer))
        if isinstance(shown, serializers.ListSerializer):
            shown = shown.child
        if not isinstance(shown, serializers.Serializer):
            shown = getattr(self.view, "serializer_class", None)
            shown = shown() if shown else None
        if shown is None:  # a view that documents its CSV itself: keep it, as text
            schema = dict(documented.get("schema") or {})
            schema["type"] = "string"
            return schema
        columns = list(shown.fields)
        rows = "one row per record" if self._is_list_view() else "one row"
        return {
            "type": "string",
            "description": f"CSV (`?format=csv`), a header line then {rows}; columns: "
            + ", ".join(f"`{column}`" for column in columns)
            + f". {CSV_CELLS}",
        }

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            direction == "request"
            and isinstance(field, serializers.CharField)
            and not field.allow_blank
            and schema.get("type") == "string"
            and "enum" not in schema
            and not schema.get("minLength")
        ):
            schema["minLength"] = 1  # the server refuses "" here
        return schema


class TokenSchemeWithPrefix(TokenScheme):
    """DRF's token, with how to send it said where clients look."""

    priority = 1

    def get_security_definition(self, auto_schema):
        definition = super().get_security_definition(auto_schema)
        definition["description"] = (
            "Send `Authorization: Token <key>`: the word `Token`, a space, then the key "
            "`python manage.py issue_token USERNAME` prints (not `Bearer`). Writes need it "
            "(or a session) and the Django model permission; reads need nothing."
        )
        return definition


class SlugFilterExtension(DjangoFilterExtension):
    """The shared FilterSets, documented as the server reads them: related records by
    slug (strings), years and booleans with the values it accepts, lengths it enforces.

    (Filters applied through a method give spectacular no type to infer.)
    """

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        by_slug = filter_field.extra.get("to_field_name") == "slug"
        if by_slug and isinstance(filter_field, ModelChoiceFilter | ModelMultipleChoiceFilter):
            set_override(filter_field, "field", OpenApiTypes.STR)
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        for parameter in parameters:
            _add_limits(parameter, filter_field)
        return parameters


def _add_limits(parameter: dict, filter_field) -> None:
    schema = parameter["schema"]
    extra = filter_field.extra
    if isinstance(filter_field, ModelChoiceFilter | ModelMultipleChoiceFilter):
        (schema.get("items") or schema)["pattern"] = SLUG_PATTERN
    elif isinstance(filter_field, BooleanFilter):
        parameter["schema"] = {"type": "boolean"}
    elif isinstance(filter_field, NumberFilter):
        schema["type"] = "integer"
        if extra.get("min_value") is not None:
            schema["minimum"] = extra["min_value"]
        if extra.get("max_value") is not None:
            schema["maximum"] = extra["max_value"]
    elif isinstance(filter_field, CharFilter):
        if extra.get("max_length"):
            schema["maxLength"] = extra["max_length"]
        if parameter["name"] not in BLANK_ALLOWED:
            schema["minLength"] = 1  # a blank value is refused (views.check_no_blank_parameters)
    elif isinstance(filter_field, OrderingFilter):
        parameter["explode"] = True
        parameter["description"] = (
            "Sort by these fields, in order (`-` for descending); repeat the parameter or "
            "comma-separate."
        )
        items = schema.get("items", schema)
        names = [
            ("DESC_" if value.startswith("-") else "") + value.lstrip("-").upper()
            for value in items.get("enum", [])
        ]
        if names:
            items["x-enum-varnames"] = names


def filter_parameter(name: str, filter_field) -> OpenApiParameter:
    """A shared FilterSet's parameter, for views that list its filters by hand (the
    exports): typed and limited as SlugFilterExtension documents the resources' lists."""
    many = isinstance(
        filter_field, ModelMultipleChoiceFilter | MultipleChoiceFilter | OrderingFilter
    )
    item = {"type": "string"}
    choices = getattr(filter_field, "extra", {}).get("choices")
    if isinstance(filter_field, OrderingFilter):
        choices = filter_field.extra["choices"]
    if choices and not isinstance(filter_field, ModelChoiceFilter | ModelMultipleChoiceFilter):
        item["enum"] = [value for value, _label in choices if value != ""]
    if isinstance(filter_field, DateFilter):
        item["format"] = "date"
    parameter = {"name": name, "schema": {"type": "array", "items": item} if many else item}
    _add_limits(parameter, filter_field)
    return OpenApiParameter(
        name,
        parameter["schema"],
        description=str(filter_field.extra.get("help_text") or filter_field.label or ""),
        explode=True if many else None,
        style="form" if many else None,
    )

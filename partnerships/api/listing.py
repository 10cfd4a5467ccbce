"""A list page read as column values: what the read serializer shows, without model instances.

Building a page of 50 exercises from models (the page, its select_related records and
~600 prefetched participants with their nations) and walking DRF's serializers over them
was most of a list request's time. Here a page costs one `values_list()` query for its
rows and their foreign keys (under the FilterSet's queryset and ordering, paginated as
before), and one per nested list (keyed by parent id). The shape comes from the
serializer itself: each of its fields is read the way DRF would read it (a column
converted by the field's own `to_representation`, a link, a nested summary), so the JSON
is the serializer's, key for key and value for value, and every record's `updated_at`
is noted for Last-Modified as the serializers do.

Two things keep a row cheap. A record's dict is made in one step from the row's columns
in the serializer's order, and only the fields whose representation differs from the
column (dates, links, nested summaries) are rewritten afterwards. And a nested list's
query depends only on how many parents the page has: it is compiled once per view,
relation and count, then run with the page's ids. That needs the view's nested querysets
not to depend on the request; a view whose do (articles: drafts) reads models instead
(`list_from_values` in views.py).
"""

import datetime
from functools import cache
from operator import itemgetter

from django.db import connections
from django.db.models import (
    CharField,
    ManyToManyField,
    ManyToOneRel,
    Prefetch,
)
from django.db.models import fields as model_fields
from django.db.models.functions import Cast
from django.utils.dateparse import parse_datetime
from rest_framework import fields as drf
from rest_framework.serializers import BaseSerializer, ListSerializer

from .fields import ApiLinkField, HtmlLinkField
from .links import api_link, html_link

_COLUMN, _API, _HTML, _ONE, _MANY = range(5)

# Serializer fields that show a column's value unchanged, by the model fields whose
# values they are given (strings, integers, booleans from the database driver).
_TEXT_COLUMNS = (model_fields.CharField, model_fields.TextField)
_UNCHANGED = {
    drf.CharField: _TEXT_COLUMNS,
    drf.SlugField: _TEXT_COLUMNS,
    drf.URLField: _TEXT_COLUMNS,
    drf.EmailField: _TEXT_COLUMNS,
    drf.IntegerField: (model_fields.IntegerField,),
    drf.BooleanField: (model_fields.BooleanField,),
}


def _converter(field, model_field):
    """How a serializer field shows a column value: None when it shows it as it is."""
    kind = type(field)
    if isinstance(model_field, _UNCHANGED.get(kind, ())):
        return None
    # DRF maps str(value) to its choice, and leaves an unknown value as it is.
    if (
        kind is drf.ChoiceField
        and isinstance(model_field, _TEXT_COLUMNS)
        and all(key == value for key, value in field.choice_strings_to_values.items())
    ):
        return None
    if (
        kind is drf.DateField
        and not isinstance(model_field, model_fields.DateTimeField)
        and getattr(field, "format", drf.api_settings.DATE_FORMAT) == drf.ISO_8601
    ):
        return datetime.date.isoformat
    return field.to_representation


class Plan:
    """How to show one serializer's fields from a row of column values."""

    def __init__(self, serializer, *, top=False):
        model = serializer.Meta.model
        self.model_name = model._meta.model_name
        columns = {field.name: field for field in model._meta.concrete_fields}
        self.tracked = "updated_at" in columns
        self.items = []
        for field in serializer._readable_fields:
            name = field.field_name
            if isinstance(field, ApiLinkField):
                self.items.append((name, _API, "slug", None))
            elif isinstance(field, HtmlLinkField):
                self.items.append((name, _HTML, "slug", None))
            elif isinstance(field, ListSerializer):
                if not top:
                    raise ValueError(f"no nested list below the top: {name}")
                self.items.append((name, _MANY, field.source, Plan(field.child)))
            elif isinstance(field, BaseSerializer):
                self.items.append((name, _ONE, field.source, Plan(field)))
            elif field.source in columns:
                convert = _converter(field, columns[field.source])
                self.items.append((name, _COLUMN, field.source, convert))
            else:
                raise ValueError(f"cannot read {name} as a column")  # a property: models only

    def columns(self, prefix="", *, stamps=True):
        """The values_list() lookups this plan reads (without `updated_at` unless `stamps`)."""
        names = [f"{prefix}id"]
        if self.tracked and stamps:
            names.append(f"{prefix}updated_at")
        for _name, kind, source, extra in self.items:
            if kind in (_COLUMN, _API, _HTML):
                names.append(prefix + source)
            elif kind == _ONE:
                names += extra.columns(f"{prefix}{source}__", stamps=stamps)
        return list(dict.fromkeys(names))

    def stamps(self, prefix=""):
        """The `updated_at` lookups of this record and its nested summaries."""
        names = [f"{prefix}updated_at"] if self.tracked else []
        for _name, kind, source, extra in self.items:
            if kind == _ONE:
                names += extra.stamps(f"{prefix}{source}__")
        return names

    @cache  # noqa: B019 - plans live as long as their serializer classes (plan_for)
    def shape(self, columns: tuple, prefix: str = "") -> "Shape":
        return Shape(self, {name: index for index, name in enumerate(columns)}, prefix)


class Shape:
    """A plan bound to where its columns are in a row: makes one record's dict."""

    def __init__(self, plan: Plan, index: dict, prefix: str):
        self.plan = plan
        self.id_index = index[f"{prefix}id"]
        stamp = f"{prefix}updated_at"
        self.stamp_index = index[stamp] if plan.tracked and stamp in index else None
        names, picks, self.fixes = [], [], []
        for name, kind, source, extra in plan.items:
            names.append(name)
            if kind == _ONE:
                inner = extra.shape(tuple(index), f"{prefix}{source}__")
                picks.append(inner.id_index)
                self.fixes.append((name, kind, inner))
                continue
            if kind == _MANY:
                picks.append(self.id_index)
                self.fixes.append((name, kind, None))
                continue
            picks.append(index[prefix + source])
            if kind in (_API, _HTML):
                self.fixes.append((name, kind, plan.model_name))
            elif extra is not None:
                self.fixes.append((name, kind, extra))
        self.names = tuple(names)
        self.pick = itemgetter(*picks) if len(picks) > 1 else (lambda row: (row[picks[0]],))

    def show(self, row, links, tracker, many=None) -> dict:
        """The serializer's dict for the record in `row`."""
        if tracker is not None and self.stamp_index is not None:
            tracker.note(row[self.stamp_index])
        # In the serializer's order at once; the fields shown otherwise than their column
        # are replaced below (which keeps their place).
        data = dict(zip(self.names, self.pick(row), strict=True))
        for name, kind, extra in self.fixes:
            value = data[name]
            if kind == _COLUMN:
                if value is not None:
                    data[name] = extra(value)
            elif kind == _API:
                data[name] = links.api(extra, value)
            elif kind == _HTML:
                data[name] = links.html(extra, value)
            elif kind == _ONE:
                if value is not None:
                    # A nation shown by 600 participants is one dict, built once a request.
                    shown = links.shown.get((extra, value))
                    if shown is None:
                        shown = links.shown[(extra, value)] = extra.show(row, links, tracker)
                    data[name] = shown
            else:
                data[name] = many[name].get(value, [])
        return data


_PROBE = "0slug0probe0"


class _Links:
    """links.py's URLs for one request, split once per view around the slug; and the
    nested summaries already shown, by shape and primary key."""

    def __init__(self, request):
        self.request = request
        self.parts = {}
        self.shown = {}

    def _make(self, make, model_name, slug):
        if not slug or not slug.isascii():  # links.py encodes those
            return make(self.request, model_name, slug)
        key = (make, model_name)
        parts = self.parts.get(key)
        if parts is None:
            probe = make(self.request, model_name, _PROBE)
            parts = self.parts[key] = (None,) if probe is None else probe.split(_PROBE)
        return None if parts[0] is None else parts[0] + slug + parts[1]

    def api(self, model_name, slug):
        return self._make(api_link, model_name, slug)

    def html(self, model_name, slug):
        return self._make(html_link, model_name, slug)


@cache
def plan_for(serializer_class) -> Plan:
    # Fields' to_representation (dates, decimals, choices) needs no request: built once.
    return Plan(serializer_class(), top=True)


@cache
def readable_as_values(serializer_class) -> bool:
    """Whether every field of the serializer is a column, a link or a nested summary."""
    try:
        plan_for(serializer_class)
    except ValueError:
        return False
    return True


def _prefetches(queryset) -> dict:
    return {
        lookup.to_attr: lookup
        for lookup in queryset._prefetch_related_lookups
        if isinstance(lookup, Prefetch) and lookup.to_attr
    }


def _raw(lookup):
    # A nested row's `updated_at` only counts towards Last-Modified: read as text, which
    # both databases write in ISO order (and in one time zone, UTC), it costs no parsing
    # per row (psycopg's and SQLite's drivers parse every timestamp column); the latest
    # alone is converted.
    return Cast(lookup, output_field=CharField())


def _latest(values, connection):
    values = [value for value in values if value is not None]
    if not values:
        return None
    latest = max(values)
    if isinstance(latest, str):
        latest = parse_datetime(latest)
    convert = getattr(connection.ops, "convert_datetimefield_value", None)
    return latest if convert is None else convert(latest, None, connection)


class _NestedQuery:
    """A nested list's SQL for a number of parents, and how to convert its columns."""

    def __init__(self, sql, expressions):
        self.sql = sql
        self.expressions = expressions

    def rows(self, ids, connection):
        with connection.cursor() as cursor:
            cursor.execute(self.sql, ids)
            rows = cursor.fetchall()
        converters = []
        for index, expression in enumerate(self.expressions):
            functions = connection.ops.get_db_converters(expression)
            functions += expression.get_db_converters(connection)
            if functions:
                converters.append((index, functions, expression))
        if not converters:
            return rows
        rows = [list(row) for row in rows]
        for row in rows:
            for index, functions, expression in converters:
                value = row[index]
                for function in functions:
                    value = function(value, expression, connection)
                row[index] = value
        return rows


_COMPILED = {}


def _compiled(key, queryset, ids):
    """The nested query compiled for `len(ids)` parents, or None when it takes other
    parameters than the ids (its SQL would then depend on more than their number)."""
    query = _COMPILED.get(key)
    if query is None:
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        if list(params) != list(ids):
            return None
        expressions = [select[0] for select in compiler.select[: compiler.col_count]]
        query = _COMPILED[key] = _NestedQuery(sql, expressions)
    return query


def _nested(key, model, lookup: Prefetch, plan: Plan, ids, links, tracker) -> dict:
    """Parent id -> the nested list's dicts, in the prefetch's order."""
    if not ids:
        return {}
    relation = model._meta.get_field(lookup.prefetch_through)
    if isinstance(relation, ManyToOneRel):  # through-table rows pointing at the parent
        parent, prefix = relation.field.attname, ""
    elif isinstance(relation, ManyToManyField):
        parent, prefix = f"{relation.m2m_field_name()}_id", f"{relation.m2m_reverse_field_name()}__"
    else:
        raise ValueError(f"cannot read {lookup.prefetch_through} as a nested list")
    columns = (parent, *plan.columns(prefix, stamps=False))
    database = lookup.queryset.db
    connection = connections[database]
    key = (*key, database, len(ids))
    query = _COMPILED.get(key)
    if query is not None:
        records = query.rows(ids, connection)
    else:
        values = _nested_values(relation, lookup, parent, prefix, ids)
        stamps = [_raw(name) for name in plan.stamps(prefix)]
        values = values.values_list(*columns, *stamps)
        query = _compiled(key, values, ids)
        records = list(values) if query is None else query.rows(ids, connection)
    shape = plan.shape(columns, prefix)
    width = len(columns)
    by_parent = {}
    seen = []
    for record in records:
        seen += record[width:]
        by_parent.setdefault(record[0], []).append(shape.show(record, links, None))
    if tracker is not None:
        tracker.note(_latest(seen, connection))
    return by_parent


def _nested_values(relation, lookup, parent, prefix, ids):
    """The rows of a nested list for the parents `ids`, in the prefetch's order."""
    if isinstance(relation, ManyToOneRel):
        return lookup.queryset.filter(**{f"{parent}__in": ids})
    ordering = [
        f"-{prefix}{name[1:]}" if name.startswith("-") else prefix + name
        for name in lookup.queryset.query.order_by or relation.related_model._meta.ordering
    ]
    through = relation.remote_field.through
    return through.objects.filter(**{f"{parent}__in": ids}).order_by(*ordering)


def page_values(queryset, serializer_class):
    """`queryset` (a prefetch.py queryset, filtered and ordered) as the values_list() rows
    the serializer's plan reads: paginate this, then hand the page to `page_rows`."""
    return queryset.prefetch_related(None).values_list(*plan_for(serializer_class).columns())


def page_rows(queryset, rows, serializer_class, *, request, tracker) -> list[dict]:
    """The serializer's output for a page of `page_values(queryset, serializer_class)`."""
    plan = plan_for(serializer_class)
    shape = plan.shape(tuple(plan.columns()))
    ids = [row[shape.id_index] for row in rows]
    lookups = _prefetches(queryset)
    links = _Links(request)
    many = {}
    for name, kind, source, extra in plan.items:
        if kind == _MANY:
            key = (serializer_class, source)
            many[name] = _nested(key, queryset.model, lookups[source], extra, ids, links, tracker)
    return [shape.show(row, links, tracker, many) for row in rows]

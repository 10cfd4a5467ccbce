"""The API's one read path: the read serializers' JSON for list pages, detail (a page of
one record) and CSV (pages streamed), built from column values, not model instances.

`Reader(serializer_class, selection)` reads by the serializer's plan (plans.py):
`rows(queryset)` selects the columns it needs from the view's filtered, ordered queryset
(to be paginated), and `records(rows)` fetches every nested list for the whole page at
once (one query each, in the order the view's `Selection` gives, from the related model's
default manager or the records the selection lets it show: prefetch.py) and makes each
record's dict. A page costs one query for its rows and one per nested list, whatever its
size. The latest `updated_at` of every record shown is noted for Last-Modified.
"""

import datetime
from functools import cache

from django.db.models import CharField, F, QuerySet
from django.db.models.functions import Cast
from django.utils.dateparse import parse_datetime

from .lookups import AnyOf
from .plans import Plan, plan_for

_PARENT = "reader_parent"

_PROBE = "0slug0probe0"


def _text(lookup):
    # A record's `updated_at` only counts towards Last-Modified: read as text, which both
    # databases write in ISO order in UTC, it costs no parsing per row; the latest alone
    # is converted.
    return Cast(lookup, output_field=CharField())


def _latest(stamps: list):
    stamps = [stamp for stamp in stamps if stamp is not None]
    if not stamps:
        return None
    latest = parse_datetime(max(stamps))
    if latest is not None and latest.tzinfo is None:  # SQLite stores UTC without a zone
        latest = latest.replace(tzinfo=datetime.UTC)
    return latest


@cache
def nested_rows(plan: Plan, parent: str, through: bool, order: tuple | None) -> QuerySet:
    """A nested list's rows from every record the default manager has, by parent: kept
    for the plan's life, only the page's ids change from one request to the next."""
    return select_nested(plan, plan.model._default_manager.all(), parent, through, order)


def select_nested(plan: Plan, queryset, parent: str, through: bool, order) -> QuerySet:
    """`queryset` as rows of a nested list: columns, then the parent's id, then stamps."""
    if order:
        queryset = queryset.order_by(*order)
    if through:
        # Filtering on the annotation below reuses its join (a filter on the relation
        # would join the through table a second time); this filter makes that join an
        # inner one, which the database may start from.
        queryset = queryset.filter(**{f"{parent}__isnull": False})
    queryset = queryset.annotate(**{_PARENT: F(parent)})
    return queryset.values_list(*nested_columns(plan), *(_text(s) for s in plan.stamps()))


@cache
def nested_columns(plan: Plan) -> tuple[str, ...]:
    # The parent after the columns, where the database puts annotations: so Django hands
    # the rows over as they come, without reordering each.
    return (*plan.columns(), _PARENT)


class Reading:
    """One request's reading of a serializer: links split once around the slug, the
    summaries already shown, and the nested lists fetched for the rows at hand."""

    def __init__(self, plan: Plan, selection, request, tracker):
        self.plan = plan
        self.selection = selection
        self.request = request
        self.tracker = tracker
        self.parts = {}
        self.shown = {}
        self.lists = {}

    def link_parts(self, make, model_name) -> tuple:
        """(text before the slug, text after it, make, model name) of a kind of link:
        links.py's URL split once a request; (None, None, ...) where there is no page."""
        key = (make, model_name)
        parts = self.parts.get(key)
        if parts is None:
            probe = make(self.request, model_name, _PROBE)
            before, after = (None, None) if probe is None else probe.split(_PROBE)
            parts = self.parts[key] = (before, after, make, model_name)
        return parts

    def records(self, rows) -> list[dict]:
        """The serializer's dicts for rows of `Reader.rows(...)`."""
        self.lists = {}
        columns = self.plan.columns()
        return self._show(self.plan.shape(columns), rows, len(columns))

    def _show(self, shape, rows, width) -> list[dict]:
        self._prepare(shape, rows, width)
        show = shape.bind(self)
        return [show(row) for row in rows]

    def _prepare(self, shape, rows, width):
        """Fetch the nested lists the rows show, and note their stamps (after `width`)."""
        self._fetch_lists(shape, rows)
        if self.tracker is not None:
            self.tracker.note(_latest([stamp for row in rows for stamp in row[width:]]))

    def _fetch_lists(self, shape, rows):
        for key, (plan, parent, through), id_index in shape.lists:
            ids = list(dict.fromkeys(row[id_index] for row in rows if row[id_index] is not None))
            by_parent = self.lists[key] = {}
            if not ids:
                continue
            order = self.selection.order.get(key)
            visible = self.selection.visible.get(key)
            if visible is None:
                queryset = nested_rows(plan, parent, through, order)
            else:
                queryset = select_nested(plan, visible, parent, through, order)
            nested = list(queryset.filter(AnyOf(F(_PARENT), ids)))
            columns = nested_columns(plan)
            parent_index = len(columns) - 1
            shape = plan.shape(columns)
            self._prepare(shape, nested, len(columns))
            show = shape.bind(self)
            for row in nested:
                group = by_parent.get(row[parent_index])
                if group is None:
                    group = by_parent[row[parent_index]] = []
                group.append(show(row))


class Reader:
    """A read serializer's output for a view: `rows()` selects the columns from the view's
    (filtered, ordered) queryset, to be paginated; `records()` makes the JSON dicts."""

    def __init__(self, serializer_class, selection, *, request=None, tracker=None):
        self.plan = plan_for(serializer_class)
        self.names = [name for name, *_ in self.plan.items]
        self.reading = Reading(self.plan, selection, request, tracker)

    def rows(self, queryset):
        plan = self.plan
        return queryset.values_list(*plan.columns(), *(_text(s) for s in plan.stamps()))

    def records(self, rows) -> list[dict]:
        return self.reading.records(rows)

    def chunks(self, queryset, size: int):
        """Every record of `queryset`, `size` at a time (for streaming)."""
        batch = []
        for row in self.rows(queryset).iterator(chunk_size=size):
            batch.append(row)
            if len(batch) == size:
                yield self.records(batch)
                batch = []
        if batch:
            yield self.records(batch)

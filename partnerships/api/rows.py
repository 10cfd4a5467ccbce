"""Prefetched rows as light objects: the columns a serializer reads, no model instances.

A page of 50 exercises shows ~600 participants, each with its nation: as models that
is 1,200 instances, most of the page's cost. `light(queryset, columns)` keeps the
queryset's filters and ordering (so `Prefetch(..., queryset=light(...))` works as
before) but reads the rows with `values_list` and wraps each in a plain object holding
just those columns, plus what prefetching and the link fields use (`_meta`, `_state`).
Serializers read them as they read models. They are for reading only: nothing saves them.
"""

from django.db.models.query import ModelIterable


class _State:
    __slots__ = ("fields_cache",)

    def __init__(self):
        self.fields_cache = {}


class Row:
    """One record's loaded columns as attributes."""

    _meta = None  # set on each model's subclass

    def __init__(self, values: dict):
        self.__dict__.update(values)
        self._state = _State()

    @property
    def pk(self):
        return self.__dict__.get("id")


_ROW_CLASSES = {}


def _row_class(model):
    if model not in _ROW_CLASSES:
        _ROW_CLASSES[model] = type(f"{model.__name__}Row", (Row,), {"_meta": model._meta})
    return _ROW_CLASSES[model]


class LightRowIterable(ModelIterable):
    """Yields Rows; a subclass per `light()` call names the columns in `columns`."""

    columns: dict[str, tuple[str, ...]] = {}

    def __iter__(self):
        queryset = self.queryset
        local = self.columns[""]
        related = [(name, fields) for name, fields in self.columns.items() if name]
        names = [*local, *(f"{name}__{field}" for name, fields in related for field in fields)]
        row = _row_class(queryset.model)
        classes = {
            name: _row_class(queryset.model._meta.get_field(name).related_model)
            for name, _ in related
        }
        for record in queryset.values_list(*names):
            item = row(dict(zip(local, record, strict=False)))
            offset = len(local)
            for name, fields in related:
                values = record[offset : offset + len(fields)]
                offset += len(fields)
                item.__dict__[name] = classes[name](dict(zip(fields, values, strict=True)))
            yield item


def light(queryset, columns: dict[str, tuple[str, ...]]):
    """`queryset` yielding Rows with `columns[""]` (attnames, e.g. "exercise_id") and, per
    foreign key name, the related record's columns (`{"nation": ("name", "slug")}`)."""
    queryset = queryset._chain()
    queryset._iterable_class = type(
        "LightRows", (LightRowIterable,), {"columns": {"": (), **columns}}
    )
    return queryset

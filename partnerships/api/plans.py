"""How a read serializer is shown from rows of column values: its `Plan` and `Shape`s.

A `Plan`, worked out once per serializer class (`plan_for`), walks its declared fields:

- a model field, or a dotted source through foreign keys, is a column shown through the
  serializer field's own `to_representation`;
- `ApiLinkField` and `HtmlLinkField` read the slug;
- a nested summary serializer on a foreign key is joined into the same row;
- a nested `many=True` serializer on a reverse foreign key or a many-to-many relation is
  a nested list, read by the reader (reader.py) in one query per page;
- a `Computed` field (a model property) is read from a model instance made from the
  columns it names.

Any other field makes `Plan` raise `Unreadable`, which the system check in checks.py
reports at start-up naming the serializer and the field: never a slower path in silence.
A `Shape` is a plan bound to where its columns are in a row; it writes out, once, the
function that makes a record's dict from such a row.
"""

import datetime
from functools import cache, cached_property, partial

from django.core.exceptions import FieldDoesNotExist
from django.db.models import fields as model_fields
from rest_framework import fields as drf
from rest_framework import serializers

from .fields import ApiLinkField, Computed, HtmlLinkField, RawLengthCharField
from .record_links import api_link, html_link


class Unreadable(Exception):
    """A serializer field the reader cannot read from columns."""

    def __init__(self, serializer, path: tuple, reason: str):
        self.serializer = type(serializer).__qualname__  # where the field is declared
        self.field = ".".join(path)  # from the resource's serializer down
        self.reason = reason
        super().__init__(f"{self.serializer}, field `{self.field}`: {reason}")


# Serializer fields that show a column's value unchanged, by the model fields whose
# values they are given (strings, numbers, booleans from the database driver).
_TEXT = (model_fields.CharField, model_fields.TextField)
_UNCHANGED = {
    drf.CharField: _TEXT,
    RawLengthCharField: _TEXT,
    drf.SlugField: _TEXT,
    drf.URLField: _TEXT,
    drf.EmailField: _TEXT,
    drf.IntegerField: (model_fields.IntegerField,),
    drf.FloatField: (model_fields.FloatField,),
    drf.BooleanField: (model_fields.BooleanField,),
}


def _converter(field, model_field):
    """How a serializer field shows a column value: None when it shows it as it is."""
    kind = type(field)
    if isinstance(model_field, _UNCHANGED.get(kind, ())):
        return None
    # DRF maps str(value) to its choice and leaves an unknown value as it is.
    if (
        kind is drf.ChoiceField
        and isinstance(model_field, _TEXT)
        and all(key == value for key, value in field.choice_strings_to_values.items())
    ):
        return None
    if (
        kind is drf.DateField
        and not isinstance(model_field, model_fields.DateTimeField)
        and getattr(field, "format", drf.api_settings.DATE_FORMAT) == drf.ISO_8601
    ):
        return datetime.date.isoformat
    if (
        kind is drf.DateTimeField
        and isinstance(model_field, model_fields.DateTimeField)
        and getattr(field, "format", drf.api_settings.DATETIME_FORMAT) == drf.ISO_8601
    ):
        return IsoDateTime(field)
    return field.to_representation


class IsoDateTime:
    """DRF's ISO 8601 `DateTimeField.to_representation`, with the time zone looked up once
    a request (`bind`) rather than once a value: DRF asks for the current time zone each
    time, which cost more than the rest of a row."""

    def __init__(self, field):
        self.field = field

    def __call__(self, value):
        return self.field.to_representation(value)

    def bind(self):
        field = self.field
        zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()

        def show(value):
            if zone is None or value.utcoffset() is None:  # naive: DRF's own way
                return field.to_representation(value)
            text = value.astimezone(zone).isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text

        return show


def _missing(field):
    """What DRF shows for a dotted source that crosses an empty foreign key: the field's
    default, else None where it allows null, else nothing (the key is left out)."""
    if field.default is not drf.empty:
        return field.get_default()
    if field.allow_null:
        return None
    return _OMIT


_OMIT = object()
_COLUMN, _DOTTED, _LINK, _COMPUTED, _ONE, _MANY = range(6)


def _forward_relation(model, name):
    """The foreign key (or one-to-one) `name` on `model`, or None."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.concrete and (field.many_to_one or field.one_to_one):
        return field
    return None


def _list_relation(model, name):
    """(related model, the lookup on it naming the parent, whether that lookup goes
    through a many-to-many table) for a nested list, or None."""
    try:
        relation = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if relation.one_to_many:  # rows of the related model pointing at the parent
        return relation.related_model, relation.field.name, False
    if not relation.many_to_many:
        return None
    if not relation.concrete:  # the parent is on the other side of a many-to-many
        return relation.related_model, relation.field.name, True
    if relation.related_model == model and relation.remote_field.symmetrical:
        return relation.related_model, relation.name, True  # both directions are stored
    return relation.related_model, relation.related_query_name(), True


class Plan:
    """How to show one serializer's fields from a row of column values.

    `items` are (name, kind, lookup, extra) in the serializer's order; lookups are
    relative to the record (`slug`, `nation__name`), prefixed where the record is
    joined into another's row.
    """

    def __init__(self, serializer, path=(), list_key=""):
        model = getattr(getattr(serializer, "Meta", None), "model", None)
        if model is None:
            raise Unreadable(serializer, path, "not a ModelSerializer")
        self.model = model
        self.model_name = model._meta.model_name
        self.pk = model._meta.pk.name
        self.tracked = any(field.name == "updated_at" for field in model._meta.concrete_fields)
        self.items = []
        for field in serializer.fields.values():
            if not field.write_only:
                where = (*path, field.field_name)
                self.items.append(self._item(serializer, field, where, list_key))

    def _item(self, serializer, field, path, list_key):
        name, model = field.field_name, self.model
        if isinstance(field, ApiLinkField | HtmlLinkField):
            make = api_link if isinstance(field, ApiLinkField) else html_link
            return name, _LINK, "slug", (make, self.model_name)
        if isinstance(field, Computed):
            return name, _COMPUTED, None, self._computed(serializer, field, path)
        if isinstance(field, serializers.ListSerializer):
            found = _list_relation(model, field.source)
            if found is None:
                raise Unreadable(
                    serializer,
                    path,
                    f"`{field.source}` is not a reverse foreign key or a "
                    "many-to-many relation of " + model.__name__,
                )
            key = f"{list_key}.{field.source}" if list_key else field.source
            child = Plan(field.child, path, key)
            if child.model != found[0]:
                raise Unreadable(
                    serializer,
                    path,
                    f"shows {child.model.__name__} rows of a relation to {found[0].__name__}",
                )
            return name, _MANY, key, (child, *found[1:])
        if isinstance(field, serializers.BaseSerializer):
            relation = _forward_relation(model, field.source)
            if relation is None:
                raise Unreadable(serializer, path, f"`{field.source}` is not a foreign key")
            key = f"{list_key}.{field.source}" if list_key else field.source
            child = Plan(field, path, key)
            if child.model != relation.related_model:
                raise Unreadable(
                    serializer,
                    path,
                    f"shows {child.model.__name__} for a "
                    f"foreign key to {relation.related_model.__name__}",
                )
            return name, _ONE, field.source, child
        if isinstance(field, serializers.PrimaryKeyRelatedField) and not field.pk_field:
            relation = _forward_relation(model, field.source)
            if relation is not None:
                return name, _COLUMN, relation.attname, None
        if isinstance(field, serializers.RelatedField | serializers.ManyRelatedField):
            raise Unreadable(
                serializer,
                path,
                "a related field: show related records with a nested summary serializer",
            )
        if field.source == "*" or isinstance(field, serializers.SerializerMethodField):
            raise Unreadable(
                serializer,
                path,
                "reads the whole record: make it a Computed field naming the columns it reads",
            )
        return self._column(serializer, field, path)

    def _column(self, serializer, field, path):
        model, hops, nullable = self.model, [], []
        *through, last = field.source_attrs
        for attr in through:
            relation = _forward_relation(model, attr)
            if relation is None:
                raise Unreadable(
                    serializer,
                    path,
                    f"`{field.source}` goes through `{attr}`, which is not a foreign key",
                )
            hops.append(attr)
            if relation.null:
                nullable.append("__".join(hops))
            model = relation.related_model
        try:
            model_field = model._meta.get_field(last)
        except FieldDoesNotExist:
            raise Unreadable(
                serializer,
                path,
                f"`{field.source}` is not a column (a property "
                "or method): make it a Computed field naming the columns it "
                "reads",
            ) from None
        if not model_field.concrete or model_field.is_relation:
            raise Unreadable(
                serializer,
                path,
                f"`{field.source}` is a relation: show it with a nested summary serializer",
            )
        lookup = "__".join([*hops, model_field.name])
        convert = _converter(field, model_field)
        if nullable:
            return field.field_name, _DOTTED, lookup, (convert, tuple(nullable), field)
        return field.field_name, _COLUMN, lookup, convert

    def _computed(self, serializer, field, path):
        concrete = self.model._meta.concrete_fields
        reads = []
        for name in field.reads:
            column = next((f for f in concrete if name in (f.name, f.attname)), None)
            if column is None:
                raise Unreadable(
                    serializer, path, f"reads `{name}`, not a column of {self.model.__name__}"
                )
            reads.append(column)
        reads.sort(key=concrete.index)  # Model.from_db() takes values in the model's order
        return field, tuple(f.name for f in reads), tuple(f.attname for f in reads)

    # --- what a query selects ---------------------------------------------------------------

    @cache  # noqa: B019 - plans live as long as their serializer classes (plan_for)
    def columns(self, prefix="") -> tuple[str, ...]:
        """The values_list() lookups this plan reads, its primary key first."""
        names = [prefix + self.pk]
        for _name, kind, lookup, extra in self.items:
            if kind in (_COLUMN, _LINK):
                names.append(prefix + lookup)
            elif kind == _DOTTED:
                names += [prefix + lookup, *(prefix + hop for hop in extra[1])]
            elif kind == _COMPUTED:
                names += [prefix + read for read in extra[1]]
            elif kind == _ONE:
                names += extra.columns(f"{prefix}{lookup}__")
        return tuple(dict.fromkeys(names))

    @cache  # noqa: B019
    def stamps(self, prefix="") -> tuple[str, ...]:
        """The `updated_at` lookups of this record and the summaries joined to it."""
        names = [f"{prefix}updated_at"] if self.tracked else []
        for _name, kind, lookup, extra in self.items:
            if kind == _ONE:
                names += extra.stamps(f"{prefix}{lookup}__")
        return tuple(names)

    def list_keys(self) -> set[str]:
        """The keys of every nested list below this plan (what a `Selection` may name)."""
        keys = set()
        for _name, kind, lookup, extra in self.items:
            if kind == _MANY:
                keys |= {lookup, *extra[0].list_keys()}
            elif kind == _ONE:
                keys |= extra.list_keys()
        return keys

    @cache  # noqa: B019
    def shape(self, columns: tuple, prefix: str = "") -> "Shape":
        return Shape(self, {name: index for index, name in enumerate(columns)}, prefix)


class Shape:
    """A plan bound to where its columns are in a row, kept for the plan's life.

    `bind(reading)` gives, for one request, the function that turns such a row into the
    serializer's dict. That function is written out as Python once per shape (`source`),
    dict literal and all, as namedtuple and dataclasses do: a page of 50 exercises shows
    ~700 records, and a generic loop over each record's fields took most of their time.
    """

    def __init__(self, plan: Plan, index: dict, prefix: str):
        self.plan = plan
        self.id_index = index[prefix + plan.pk]
        self.fields = []  # (name, kind, where its value is in the row, extra)
        self.lists = []  # (key, (plan, parent, through), id index) of every nested list
        for name, kind, lookup, extra in plan.items:
            if kind == _ONE:
                inner = extra.shape(tuple(index), f"{prefix}{lookup}__")
                self.fields.append((name, kind, inner.id_index, inner))
                self.lists += inner.lists
            elif kind == _MANY:
                self.fields.append((name, kind, self.id_index, lookup))
                self.lists.append((lookup, extra, self.id_index))
            elif kind == _COMPUTED:
                field, reads, attnames = extra
                where = tuple(index[prefix + read] for read in reads)
                self.fields.append((name, kind, self.id_index, (field, attnames, where)))
            elif kind == _DOTTED:
                convert, hops, field = extra
                empty = tuple(index[prefix + hop] for hop in hops)
                self.fields.append((name, kind, index[prefix + lookup], (convert, empty, field)))
            else:  # a column, converted or not, or a link
                self.fields.append((name, kind, index[prefix + lookup], extra))

    def bind(self, reading):
        """`show(row) -> dict` for this request: its links, summaries and nested lists."""
        slots = []
        for _name, kind, where, extra in self.fields:
            if kind == _COLUMN:
                slots.append(extra.bind() if isinstance(extra, IsoDateTime) else extra)
            elif kind == _LINK:
                slots.append(reading.link_parts(*extra))
            elif kind == _ONE:
                # A nation shown by 600 participants is one dict, made once a request.
                slots.append((extra.bind(reading), reading.shown.setdefault(extra, {})))
            elif kind == _MANY:
                slots.append(reading.lists[extra])
            elif kind == _DOTTED:
                slots.append(partial(_dotted, where, *extra))
            else:
                slots.append(partial(_computed, self.plan.model, *extra))
        return self.make_show(slots, reading.request)

    @cached_property
    def source(self) -> str:
        """The Python of `make_show(slots, request) -> show(row)` for this shape."""
        lines = ["def make_show(slots, request):"]
        lines.append(f"    ({''.join(f's{n}, ' for n in range(len(self.fields)))}) = slots")
        body, literal, omissible = [], [], []
        for n, (name, kind, where, extra) in enumerate(self.fields):
            value = f"v{n}"
            if kind == _COLUMN and extra is None:
                value = f"row[{where}]"
            elif kind == _COLUMN:
                body += [f"v{n} = row[{where}]", f"if v{n} is not None: v{n} = s{n}(v{n})"]
            elif kind == _LINK:  # slot: text before and after the slug, links.py's maker
                lines.append(f"    b{n}, a{n}, m{n}, k{n} = s{n}")
                body += [
                    f"v{n} = row[{where}]",
                    f"v{n} = b{n} + v{n} + a{n} if b{n} is not None and v{n} and "
                    f"v{n}.isascii() else m{n}(request, k{n}, v{n})",
                ]
            elif kind == _ONE:  # slot: the summary's show, and those already shown
                lines.append(f"    f{n}, h{n} = s{n}")
                body += [
                    f"v{n} = row[{where}]",
                    f"if v{n} is not None:",
                    f"    r{n} = h{n}.get(v{n})",
                    f"    if r{n} is None: r{n} = h{n}[v{n}] = f{n}(row)",
                    f"    v{n} = r{n}",
                ]
            elif kind == _MANY:  # slot: the nested list's records by parent
                body.append(f"v{n} = s{n}.get(row[{where}], [])")
            else:  # dotted or computed: a function of the row
                body.append(f"v{n} = s{n}(row)")
                if kind == _DOTTED:
                    omissible.append((n, name))
            literal.append(f"{name!r}: {value}")
        lines.append("    def show(row):")
        lines += [f"        {line}" for line in body]
        lines.append(f"        data = {{{', '.join(literal)}}}")
        lines += [f"        if v{n} is OMIT: del data[{name!r}]" for n, name in omissible]
        lines += ["        return data", "    return show"]
        return "\n".join(lines) + "\n"

    @cached_property
    def make_show(self):
        namespace = {"OMIT": _OMIT}
        name = f"<reader: {self.plan.model_name}>"
        exec(compile(self.source, name, "exec"), namespace)  # our text: names go in by repr()
        return namespace["make_show"]


def _dotted(where, convert, empty, field, row):
    """A dotted source's value, as DRF shows it when a foreign key on the way is empty."""
    value = row[where]
    if value is None and any(row[index] is None for index in empty):
        return _missing(field)
    return value if value is None or convert is None else convert(value)


def _computed(model, field, attnames, where, row):
    """A Computed field's value, from a model instance holding the columns it reads."""
    instance = model.from_db(None, attnames, [row[index] for index in where])
    value = field.get_attribute(instance)
    return None if value is None else field.to_representation(value)


@cache
def plan_for(serializer_class) -> Plan:
    """The plan of a read serializer (raises Unreadable). Fields' to_representation
    (dates, decimals, choices) needs no request: built once per class."""
    return Plan(serializer_class())

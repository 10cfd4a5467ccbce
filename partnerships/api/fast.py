"""`to_representation` for the read serializers, without DRF's per-field machinery.

DRF asks every field of every nested record for its attribute through a generic path
(source lookups, callables, error handling), which is most of what a page of 200
exercises with 2,500 participants costs. Here each serializer works out once, per
request, how to read each of its fields: a loaded column or prefetched list straight
from the instance's `__dict__`, the record itself for `source="*"` fields (links),
DRF's own `get_attribute` for anything else. Every value still goes through its
field's `to_representation`, so the output is DRF's, byte for byte.
"""

from rest_framework import fields as drf
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

# Field types whose to_representation is exactly a builtin: skip the method call.
_BUILTIN = {
    drf.CharField: str,
    drf.SlugField: str,
    drf.URLField: str,
    drf.EmailField: str,
    drf.IntegerField: int,
}
_COLUMN, _WHOLE, _GENERIC = 0, 1, 2


def _plan(serializer):
    plan = serializer.__dict__.get("_fast_plan")
    if plan is None:
        plan = []
        for field in serializer._readable_fields:
            if field.source == "*":
                how, attr = _WHOLE, None
            elif len(field.source_attrs) == 1:
                how, attr = _COLUMN, field.source_attrs[0]
            else:
                how, attr = _GENERIC, None
            convert = _BUILTIN.get(type(field)) or field.to_representation
            plan.append((field.field_name, how, attr, convert, field))
        serializer.__dict__["_fast_plan"] = plan
    return plan


def represent(serializer, instance) -> dict:
    """What `Serializer.to_representation(instance)` returns, in less time."""
    loaded = getattr(instance, "__dict__", None)
    if loaded is None:  # a dict or other non-model instance: DRF's way
        return None
    cached_relations = instance._state.fields_cache if hasattr(instance, "_state") else {}
    data = {}
    for name, how, attr, convert, field in _plan(serializer):
        if how == _WHOLE:
            value = instance
        elif how == _COLUMN and attr in loaded:
            value = loaded[attr]
        elif how == _COLUMN and attr in cached_relations:  # select_related foreign key
            value = cached_relations[attr]
        else:
            try:
                value = field.get_attribute(instance)
            except SkipField:
                continue
            if isinstance(value, PKOnlyObject):
                data[name] = None if value.pk is None else convert(value)
                continue
        data[name] = None if value is None else convert(value)
    return data

"""Reading an export's query string: `from`, `to`, `nation`, `dataset`, `obligation`,
`directed`, `uncertain`. A bad value is a `BadQuery` naming its field (a 400), never a 500.
"""

from __future__ import annotations

from django import forms

from ..date_precision import MAX_YEAR, MIN_YEAR
from ..filters import CommaSeparatedSelectMultiple
from ..models import Dataset, Nation, Obligation
from ..pointintime_query import BadQuery

TRUE, FALSE = ("true", "1", "yes"), ("false", "0", "no", "")


class _Flag(forms.CharField):
    """`true`/`false` (or 1/0, yes/no); anything else is an error, not silently false."""

    def to_python(self, value):
        text = (super().to_python(value) or "").strip().lower()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        raise forms.ValidationError("Enter true or false.")


def _year_field():
    return forms.IntegerField(
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages={"invalid": "Enter a year as a whole number, e.g. 1970."},
    )


class ExportForm(forms.Form):
    nation = forms.ModelMultipleChoiceField(
        queryset=Nation.objects.only("pk", "slug"),
        to_field_name="slug",
        required=False,
        widget=CommaSeparatedSelectMultiple,
        error_messages={"invalid_choice": "Unknown nation: %(value)s."},
    )
    dataset = forms.ChoiceField(choices=[("", ""), *Dataset.choices], required=False)
    obligation = forms.ChoiceField(choices=[("", ""), *Obligation.choices], required=False)
    directed = _Flag(required=False)
    uncertain = _Flag(required=False)


def read_export_query(params, default_range: tuple[int, int]) -> dict:
    """The cleaned values, with the year range filled in; BadQuery on any bad value."""
    form = ExportForm(params)
    if not form.is_valid():
        raise BadQuery({field: list(messages) for field, messages in form.errors.items()})
    data = dict(form.cleaned_data)
    data["from"], data["to"] = read_year_range(params, default_range)
    return data


class YearRangeForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = _year_field()
        self.fields["to"] = _year_field()


def read_year_range(params, default_range: tuple[int, int]) -> tuple[int, int]:
    """`from` and `to` (defaults filled in); BadQuery naming the field at fault. A range
    whose `from` comes after its `to` is empty: its exports have no rows."""
    form = YearRangeForm(params)
    if not form.is_valid():
        raise BadQuery({field: list(messages) for field, messages in form.errors.items()})
    first = form.cleaned_data["from"]
    last = form.cleaned_data["to"]
    first = default_range[0] if first is None else first
    last = default_range[1] if last is None else last
    # `from` after `to` is an empty range (no rows), as a filter matching nothing is.
    return first, last


def filtered(filterset_class, params, queryset):
    """The queryset through the resource's shared FilterSet (the HTML list's filters)."""
    filterset = filterset_class(params, queryset=queryset)
    if not filterset.is_valid():
        raise BadQuery({field: list(messages) for field, messages in filterset.errors.items()})
    return filterset.qs

"""Shared building blocks for the editor (the Django admin).

How to use them for a new model admin (e.g. in partnerships/admin/articles.py):

    from django.contrib import admin
    from .base import CatalogueAdmin, CatalogueInline

    @admin.register(Article)
    class ArticleAdmin(CatalogueAdmin):
        resource_classes = [ArticleResource]   # a resource from partnerships/resources.py
        import_help = "topics: topic slugs, comma-separated."   # optional, on the import page
        list_display = [...]

`CatalogueAdmin` gives every record:
- revision history with revert (django-simple-history's SimpleHistoryAdmin),
- import with a preview/confirm step and export, as CSV, XLSX and JSON (django-import-export);
  each refused row is named in a message ("Row 2: members: ..."),
- a concurrent-edit guard: the change form carries the record's `updated_at` in a hidden
  field (`loaded_updated_at`), and saving is refused with CONCURRENT_EDIT_MESSAGE when the
  record changed since the editor opened it (a POST without the field is not checked),
- field errors when an end date comes before its start (`DatesInOrderMixin`).

A custom `form` works as is: `get_form` adds the guard to any ModelForm (subclass
`CatalogueForm` to keep the date check too). With explicit `fieldsets`, the hidden field is
appended to the first one for you.

Inlines: `CatalogueInline` (tabular, no empty extra rows, date-order errors on the end field);
give it `formset = SpanInlineFormSet` to refuse two spans of one nation that overlap (set
`span_fields` on a subclass when the span is not `("joined", "left")`). Models without
history (no `updated_at`) use `PlainAdmin`. `InForceFilter` and `DatasetFilter` are list
filters; `related_count()` annotates a changelist with a count in one query.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery, URLField
from django.db.models.functions import Coalesce
from import_export.admin import ImportExportMixin, ImportExportModelAdmin
from import_export.formats.base_formats import CSV, JSON, XLSX
from simple_history.admin import SimpleHistoryAdmin

from ..date_precision import bound_names, ends_in_order
from ..models import Dataset

CONCURRENT_EDIT_MESSAGE = (
    "This record was changed by someone else since you opened it; reload to see their changes."
)
TOKEN_FIELD = "loaded_updated_at"
# (start, end) pairs whose order the forms check, whichever of them a model has.
DATE_PAIRS = (
    ("start_date", "end_date"),
    ("joined", "left"),
    ("founded", "dissolved"),
)
EXCHANGE_FORMATS = [CSV, XLSX, JSON]


def related_count(model, parent_field, **filters):
    """A correlated COUNT subquery, for changelist columns without N+1 or join fan-out.

    `Partnership.objects.annotate(member_count=related_count(PartnershipMember, "partnership"))`
    """
    counted = (
        model._default_manager.filter(**{parent_field: OuterRef("pk")}, **filters)
        .order_by()
        .values(parent_field)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _has_updated_at(model):
    return any(field.name == "updated_at" for field in model._meta.concrete_fields)


def _token(value):
    return value.isoformat() if value else ""


class DatesInOrderMixin:
    """Report an end before its start on the end field, not as a page-level error."""

    def clean(self):
        cleaned = super().clean()
        for start, end in DATE_PAIRS:
            first, last = cleaned.get(start), cleaned.get(end)
            # An end "1995" may fall after a start of 15 June 1995: compare its last day.
            precision = cleaned.get(bound_names(end)[0])
            if not ends_in_order(first, last, precision) and end in self.fields:
                label = self.fields[start].label or start.replace("_", " ")
                self.add_error(end, f"This date cannot be before the {label.lower()}.")
        return cleaned


class ConcurrencyGuardForm(forms.ModelForm):
    """Refuse a save when the record changed after this form was rendered."""

    loaded_updated_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if not self.is_bound and instance.pk and _has_updated_at(type(instance)):
            # Read the stored value, not the instance's: the history view passes an old
            # revision, whose timestamp must not count as what the editor has seen.
            current = (
                type(instance)
                ._default_manager.filter(pk=instance.pk)
                .values_list("updated_at", flat=True)
                .first()
            )
            self.initial[TOKEN_FIELD] = _token(current)

    def clean(self):
        cleaned = super().clean()
        seen = (cleaned.get(TOKEN_FIELD) or "").strip()
        instance = self.instance
        # No token means a scripted POST that never rendered the form: nothing to compare.
        if seen and instance.pk and _has_updated_at(type(instance)):
            rows = type(instance)._default_manager.filter(pk=instance.pk)
            if transaction.get_connection().in_atomic_block:
                # Hold the row until our save commits, so two saves cannot both pass.
                rows = rows.select_for_update()
            current = rows.values_list("updated_at", flat=True).first()
            if current is not None and seen != _token(current):
                raise ValidationError(CONCURRENT_EDIT_MESSAGE, code="concurrent_edit")
        return cleaned


class CatalogueForm(DatesInOrderMixin, ConcurrencyGuardForm):
    """Base form for CatalogueAdmin; subclass it for a model-specific admin form."""


class CatalogueInlineForm(DatesInOrderMixin, forms.ModelForm):
    pass


def _guarded(form_class):
    if issubclass(form_class, ConcurrencyGuardForm):
        return form_class
    return type(form_class.__name__, (CatalogueForm, form_class), {})


class ConcurrencyGuardMixin:
    """ModelAdmin mixin: put the hidden `updated_at` field on every change form."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs.setdefault("form", _guarded(self.form))
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not _has_updated_at(self.model) or TOKEN_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        name, options = fieldsets[0]
        first = (name, {**options, "fields": (*options["fields"], TOKEN_FIELD)})
        return [first, *fieldsets[1:]]


class ImportMessagesMixin:
    """The import page: explains slug columns, and names each refused row in a message."""

    max_row_messages = 20
    import_template_name = "admin/partnerships/import.html"
    import_help = ""  # a sentence on this resource's special columns, shown on the import page

    def get_import_context_data(self, **kwargs):
        return {**super().get_import_context_data(**kwargs), "import_help": self.import_help}

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        result = getattr(response, "context_data", {}).get("result")
        if result is not None and result.has_validation_errors():
            rows = result.invalid_rows
            for row in rows[: self.max_row_messages]:
                for field, errors in row.error_dict.items():
                    where = "" if field == NON_FIELD_ERRORS else f"{field}: "
                    for error in errors:
                        messages.error(request, f"Row {row.number}: {where}{error}")
            if len(rows) > self.max_row_messages:
                messages.error(request, f"… and {len(rows) - self.max_row_messages} more rows.")
        return response


# A web address typed without its scheme ("nato.int") is read as https, as Django 6 will.
URL_FIELDS = {URLField: {"assume_scheme": "https"}}


class CatalogueAdmin(
    ConcurrencyGuardMixin, ImportMessagesMixin, ImportExportMixin, SimpleHistoryAdmin
):
    """History + import/export + concurrent-edit guard: the admin for a versioned record."""

    form = CatalogueForm
    formfield_overrides = URL_FIELDS
    formats = EXCHANGE_FORMATS
    list_per_page = 50
    show_full_result_count = False  # one COUNT less on big changelists
    save_on_top = True


class PlainAdmin(ImportMessagesMixin, ImportExportModelAdmin):
    """For the few models without history (no `history` manager, no `updated_at`)."""

    form = CatalogueInlineForm
    formfield_overrides = URL_FIELDS
    formats = EXCHANGE_FORMATS
    list_per_page = 50


class SpanInlineFormSet(forms.BaseInlineFormSet):
    """Refuse two spans of one nation in the same parent that share a day."""

    span_fields = ("joined", "left")

    def live_forms(self):
        """Forms that will be saved: filled in, valid so far, not marked for deletion."""
        return [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not self._should_delete_form(form)
            and form.cleaned_data.get("nation")
        ]

    def clean(self):
        super().clean()
        start, end = self.span_fields
        by_nation = {}
        for form in self.live_forms():
            if not form.cleaned_data.get(start):
                continue
            by_nation.setdefault(form.cleaned_data["nation"], []).append(form)
        far = datetime.date.max
        for nation, spans in by_nation.items():
            spans.sort(key=lambda form: form.cleaned_data[start])
            reach, reach_start = None, None  # the furthest end among earlier spans
            for form in spans:
                begin = form.cleaned_data[start]
                if reach is not None and begin <= reach:
                    form.add_error(
                        start,
                        f"{nation} already has a span here that overlaps this one "
                        f"(from {reach_start:%Y-%m-%d}).",
                    )
                finish = form.cleaned_data.get(end) or far
                if reach is None or finish > reach:
                    reach, reach_start = finish, begin


class CatalogueInline(admin.TabularInline):
    form = CatalogueInlineForm
    extra = 0
    show_change_link = False


class InForceFilter(admin.SimpleListFilter):
    """Yes/no on an open end: set `end_field` (and `title`) in a subclass."""

    title = "in force"
    parameter_name = "in_force"
    end_field = "end_date"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No (ended)")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(**{f"{self.end_field}__isnull": True})
        if self.value() == "no":
            return queryset.filter(**{f"{self.end_field}__isnull": False})
        return queryset


class DatasetFilter(admin.SimpleListFilter):
    """Records citing a source of a research dataset (uses `SourcedQuerySet.from_dataset`)."""

    title = "dataset"
    parameter_name = "dataset"

    def lookups(self, request, model_admin):
        return Dataset.choices

    def queryset(self, request, queryset):
        if self.value() in Dataset.values:
            return queryset.from_dataset(self.value())
        return queryset

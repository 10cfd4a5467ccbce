"""What every catalogue page shares: filtered, sorted, paginated lists; slug-addressed details."""

from django import forms
from django.db.models import Count, IntegerField, Max, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponsePermanentRedirect
from django.views.generic import DetailView, ListView

from .. import cache
from ..date_precision import MAX_YEAR, MIN_YEAR
from ..downloads import list_downloads
from ..forms import NationPickerMultiple
from ..models import SlugRedirect
from ..paging import CachedCountPaginator, count_key

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200  # as the API: a larger ?page_size= is clamped, not refused
FRIENDLY_LABELS = {
    "ordering": "Sort by",
    "started_after": "Started on or after",
    "started_before": "Started on or before",
}


# Parameters that choose a page or an order, not rows.
NOT_FILTERS = {"page", "page_size", "ordering"}


def count_of(model, parent_field, distinct=None, **filters):
    """An annotation counting `model` rows pointing at the outer row (no join, no GROUP BY);
    with `distinct`, the different values of that field (a member with two spans is one)."""
    rows = (
        model.objects.filter(**{parent_field: OuterRef("pk")}, **filters)
        .order_by()
        .values(parent_field)
        .annotate(n=Count(distinct, distinct=True) if distinct else Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


class FilteredListView(ListView):
    """A list page driven by the resource's shared FilterSet (partnerships/filters.py).

    Invalid filter values never break the page: the form shows the error next to its
    field, and the list is filtered by the valid fields only.
    """

    filterset_class = None
    paginate_by = PAGE_SIZE
    noun = ("record", "records")  # singular, plural: "123 partnerships"
    # Shown at once; the rest sit under "More filters", opened when one of them is in use.
    primary_filters = ("q", "kind", "nation", "year", "ordering")
    title = ""
    description = ""
    # What the catalogue holds of this kind, said above every list: "45 exercises,
    # 2017–2025" and the view's `coverage_note` (how complete that is).
    coverage_note = ""
    coverage_date = "start_date"  # the field whose years the statement spans; "" for none

    def coverage(self) -> dict:
        def compute():
            aggregates = {"total": Count("pk")}
            if self.coverage_date:
                aggregates.update(first=Min(self.coverage_date), last=Max(self.coverage_date))
            found = self.model._default_manager.order_by().aggregate(**aggregates)
            return {
                "total": found["total"],
                "first": found["first"].year if found.get("first") else None,
                "last": found["last"].year if found.get("last") else None,
            }

        return {
            **cache.cached(f"coverage-{self.model._meta.model_name}", compute),
            "note": self.coverage_note,
        }

    def base_queryset(self):
        return self.model._default_manager.all()

    paginator_class = CachedCountPaginator

    def filter_key(self, kind: str, ignored=NOT_FILTERS) -> str | None:
        """A key of the path, the query but for `ignored` parameters, and the data's
        version (None: do not cache)."""
        params = sorted(
            (name, value)
            for name, values in self.request.GET.lists()
            if name not in ignored
            for value in values
        )
        return cache.key(kind, self.request.path, params)

    def get_paginator(self, *args, **kwargs):
        key = count_key(self.model, self.request.path, self.request.GET)
        return CachedCountPaginator(*args, count_key=key, **kwargs)

    def get_paginate_by(self, queryset):
        """`?page_size=` between 1 and 200; anything else gives the default."""
        try:
            size = int(self.request.GET.get("page_size", ""))
        except ValueError:
            return self.paginate_by
        return min(size, MAX_PAGE_SIZE) if size > 0 else self.paginate_by

    def get_filterset(self):
        filterset = self.filterset_class(
            self.request.GET or None, queryset=self.base_queryset(), request=self.request
        )
        self.tune_form(filterset.form)
        return filterset

    def tune_form(self, form):
        """Presentation only: friendlier labels and native inputs for the HTML form."""
        form.label_suffix = ""
        for name, field in form.fields.items():
            widget = field.widget
            field.label = FRIENDLY_LABELS.get(name, field.label)
            if getattr(field, "empty_label", None) is not None:
                field.empty_label = "Default" if name == "ordering" else "Any"
                if hasattr(field, "iterator") and hasattr(widget.choices, "choices"):
                    # django-filter's widget iterates the class-level field's choices;
                    # rebinding them to this form's copy makes the new empty label show.
                    field.choices = widget.choices.choices
            if isinstance(widget, forms.NullBooleanSelect):
                widget.choices = [("unknown", "Any"), ("true", "Yes"), ("false", "No")]
            if name == "nation":
                # Names typed with the picker's list, not a 200-name multi-select.
                field.widget = NationPickerMultiple(year=self.picker_year())
                field.help_text = "Type a name; with two, both must take part."
            elif isinstance(widget, forms.SelectMultiple):
                widget.attrs.setdefault("size", 6)
                field.help_text = "Hold Ctrl (⌘ on a Mac) to choose several: all must take part."
            elif isinstance(widget, forms.DateInput):
                widget.input_type = "date"
            elif name == "q":
                widget.input_type = "search"

    def picker_year(self) -> int | None:
        """The chosen year, when valid: the nation picker then offers the states of it."""
        value = self.request.GET.get("year", "").strip()
        return int(value) if value.isdigit() and MIN_YEAR <= int(value) <= MAX_YEAR else None

    def get_queryset(self):
        self.filterset = self.get_filterset()
        queryset = self.filterset.qs
        order = queryset.query.order_by or queryset.model._meta.ordering
        # A unique last key keeps pages stable when many rows tie on the sort column.
        return queryset.order_by(*order, "pk")

    def complete_rows(self, rows: list) -> None:
        """Fetch what the page's rows show beyond their queryset (a few queries a page)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = context["object_list"] = list(context["object_list"])
        self.complete_rows(rows)
        paginator = context["paginator"]
        count = paginator.count if paginator else len(rows)
        form = self.filterset.form
        primary = [field for field in form if field.name in self.primary_filters]
        more = [field for field in form if field.name not in self.primary_filters]
        context.update(
            filter=self.filterset,
            form=form,
            primary_fields=primary,
            more_fields=more,
            more_open=any(field.errors or self.request.GET.get(field.name) for field in more),
            filter_errors=form.is_bound and bool(form.errors),
            filtered=any(
                v for k, v in self.request.GET.items() if k not in ("page", "page_size", "ordering")
            ),
            result_count=count,
            # The form's choices list every nation and series: rendered once per filters.
            filter_form_key=self.filter_key("filter-form", ignored={"page", "page_size"}),
            noun=self.noun[0] if count == 1 else self.noun[1],
            page_title=self.title,
            page_description=self.description,
            downloads=list_downloads(self.model, self.request.GET),
            coverage=self.coverage(),
            page_range=(
                paginator.get_elided_page_range(context["page_obj"].number, on_each_side=2)
                if paginator
                else []
            ),
        )
        return context


class RecordDetailView(DetailView):
    """A record page addressed by slug; a renamed record's old slug answers 301 to its page."""

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except Http404:
            target = self.renamed_record(kwargs.get(self.slug_url_kwarg, ""))
            if target is None:
                raise
            url = target.get_absolute_url()
            if request.META.get("QUERY_STRING"):
                url += "?" + request.META["QUERY_STRING"]
            return HttpResponsePermanentRedirect(url)
        return self.render_to_response(self.get_context_data(object=self.object))

    def renamed_record(self, slug):
        return SlugRedirect.objects.renamed(self.get_queryset(), slug)

"""One FilterSet per resource, shared by the HTML list pages and the API.

Parameter names are the public contract: `nation` (repeatable or comma-separated:
records involving all of them), `kind`, `year`, `organization`, `domain`, `region`,
`dataset`, `q`, `ordering`. Time is per member: with `nation` and `year` together a
record matches when *each* nation was involved in that year.
"""

import django_filters
from django import forms

from .date_precision import MAX_YEAR, MIN_YEAR
from .forms import listed_values
from .models import (
    Article,
    ArticleKind,
    Dataset,
    Domain,
    Engagement,
    EngagementKind,
    EngagementRole,
    Exercise,
    ExerciseRegion,
    ExerciseSeries,
    Focus,
    Nation,
    Obligation,
    Organization,
    OrganizationKind,
    Partnership,
    PartnershipKind,
    Region,
    Source,
    Topic,
)


class CommaSeparatedSelectMultiple(forms.SelectMultiple):
    """Reads `?nation=a&nation=b`, `?nation=a,b` and `?nation=a;b` (as export cells list) alike."""

    def value_from_datadict(self, data, files, name):
        return listed_values(data, name)


class StrictBooleanField(forms.Field):
    """`true` or `false`, and nothing else: any other value is an error naming the filter,
    never read as "no filter" (`in_force=banana`) nor guessed (`1`). The HTML form's
    select sends `unknown` for "any"."""

    widget = forms.NullBooleanSelect
    default_error_messages = {"invalid": "Enter true or false."}
    VALUES = {"true": True, "false": False}

    def to_python(self, value):
        if value in (None, "", "unknown"):
            return None
        if isinstance(value, bool):
            return value
        if value not in self.VALUES:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return self.VALUES[value]

    def validate(self, value):
        pass  # None is "any"


class RawBooleanSelect(forms.NullBooleanSelect):
    """Hands the field the value as sent (NullBooleanSelect maps what it does not know to
    None, which would make `in_force=banana` mean "any")."""

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", RawBooleanSelect)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    """A year as a whole number (NumberFilter alone takes 1995.5)."""

    field_class = forms.IntegerField


class CommaSeparatedCheckboxes(forms.CheckboxSelectMultiple):
    """Tick boxes that read `?domain=a&domain=b` and `?domain=a,b` alike."""

    value_from_datadict = CommaSeparatedSelectMultiple.value_from_datadict


def any_of_filter(choices, label, method):
    """Several values, any of which matches (`?domain=maritime&domain=air`)."""
    return django_filters.MultipleChoiceFilter(
        label=label,
        choices=choices,
        method=method,
        widget=CommaSeparatedCheckboxes,
        help_text="Tick several to match any of them.",
    )


def nation_choice_filter(label="Nation", **kwargs):
    return django_filters.ModelMultipleChoiceFilter(
        label=label,
        queryset=Nation.objects.only("pk", "slug", "name"),
        to_field_name="slug",
        widget=CommaSeparatedSelectMultiple,
        method="filter_noop",  # applied together with `year` in filter_queryset
        error_messages={"invalid_choice": "Unknown nation: %(value)s."},
        help_text="Nation slug; repeat or comma-separate to require all of them.",
        **kwargs,
    )


def slug_choice_filter(queryset, label, field_name, **kwargs):
    return django_filters.ModelChoiceFilter(
        label=label,
        queryset=queryset,
        to_field_name="slug",
        field_name=field_name,
        error_messages={"invalid_choice": f"Unknown {label.lower()}: %(value)s."},
        **kwargs,
    )


def year_filter(**kwargs):
    return YearFilter(
        label="Year",
        method="filter_noop",  # applied together with `nation` in filter_queryset
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        help_text="Active or held in that year.",
        **kwargs,
    )


class SearchFilterSet(django_filters.FilterSet):
    """`q`, a search through the queryset's `search()`; every resource's FilterSet has it."""

    q = django_filters.CharFilter(label="Search", method="filter_search", max_length=200)

    def __init__(self, data=None, *args, **kwargs):
        # `?ordering=a&ordering=-b` sorts by both, as `?ordering=a,-b` does (django-filter
        # reads a parameter's last value only).
        if data is not None and hasattr(data, "getlist") and len(data.getlist("ordering")) > 1:
            data = data.copy()
            data.setlist("ordering", [",".join(data.getlist("ordering"))])
        super().__init__(data, *args, **kwargs)

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_noop(self, queryset, name, value):
        # For filters read together in filter_queryset (such as `nation` with `year`).
        return queryset


class CatalogueFilterSet(SearchFilterSet):
    """Adds `year`, applied per member with `nation`, and the `dataset` method."""

    year = year_filter()

    def filter_dataset(self, queryset, name, value):
        return queryset.from_dataset(value) if value else queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = getattr(self.form, "cleaned_data", {})
        nations = list(data.get("nation") or [])
        year = data.get("year")
        year = int(year) if year is not None else None
        if nations:
            queryset = queryset.involving(*nations, year=year)
        elif year is not None:
            queryset = queryset.active_in(year)
        return queryset


def dataset_filter():
    return django_filters.ChoiceFilter(
        label="Dataset", choices=Dataset.choices, method="filter_dataset"
    )


class DatedFilterSet(CatalogueFilterSet):
    """Adds the start-date range and `dataset`, for records that start on a date."""

    started_after = django_filters.DateFilter(field_name="start_date", lookup_expr="gte")
    started_before = django_filters.DateFilter(field_name="start_date", lookup_expr="lte")
    dataset = dataset_filter()


class NationFilter(SearchFilterSet):
    region = django_filters.ChoiceFilter(choices=Region.choices)
    organization = slug_choice_filter(
        Organization.objects.only("pk", "slug", "name", "acronym"),
        "Organization",
        "organization",
        method="filter_noop",
        help_text="Its members (in the chosen year, when one is given).",
    )
    partnership = django_filters.CharFilter(
        label="Partnership",
        method="filter_noop",
        max_length=150,
        help_text="Its members, by the partnership's slug (in the chosen year, when one is given).",
    )
    year = year_filter()
    historical = StrictBooleanFilter(field_name="is_historical", label="Historical state")
    ordering = django_filters.OrderingFilter(
        fields=(("name", "name"), ("region", "region"), ("iso3", "iso3"), ("cow_code", "cow_code"))
    )

    class Meta:
        model = Nation
        fields = ["q", "region", "organization", "partnership", "year", "historical"]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = getattr(self.form, "cleaned_data", {})
        year = int(data["year"]) if data.get("year") is not None else None
        if data.get("organization"):
            queryset = queryset.members_of(data["organization"], year=year)
        if data.get("partnership"):
            queryset = queryset.in_partnership(data["partnership"], year=year)
        return queryset


class OrganizationFilter(CatalogueFilterSet):
    kind = django_filters.ChoiceFilter(choices=OrganizationKind.choices)
    nation = nation_choice_filter(label="Member nation")
    dataset = dataset_filter()
    ordering = django_filters.OrderingFilter(
        fields=(("name", "name"), ("acronym", "acronym"), ("founded", "founded"))
    )

    class Meta:
        model = Organization
        fields = ["q", "kind", "nation", "year", "dataset"]


class PartnershipFilter(DatedFilterSet):
    kind = django_filters.ChoiceFilter(choices=PartnershipKind.choices)
    nation = nation_choice_filter()
    organization = slug_choice_filter(
        Organization.objects.only("pk", "slug", "name", "acronym"), "Organization", "organization"
    )
    obligation = django_filters.ChoiceFilter(
        choices=Obligation.choices, method="filter_obligation", label="Obligation"
    )
    in_force = StrictBooleanFilter(field_name="end_date", lookup_expr="isnull", label="In force")
    ordering = django_filters.OrderingFilter(
        fields=(("name", "name"), ("start_date", "start_date"), ("end_date", "end_date"))
    )

    class Meta:
        model = Partnership
        fields = ["q", "kind", "nation", "year", "organization", "obligation", "in_force"]

    def filter_obligation(self, queryset, name, value):
        return queryset.with_obligation(value)


class ExerciseFilter(DatedFilterSet):
    nation = nation_choice_filter(label="Participant")
    domain = any_of_filter(Domain.choices, "Domain", "filter_domain")
    region = any_of_filter(ExerciseRegion.choices, "Region", "filter_region")
    focus = django_filters.ChoiceFilter(choices=Focus.choices)
    series = slug_choice_filter(
        ExerciseSeries.objects.only("pk", "slug", "name"), "Series", "series"
    )
    host = slug_choice_filter(Nation.objects.only("pk", "slug", "name"), "Host", "host")
    organization = slug_choice_filter(
        Organization.objects.only("pk", "slug", "name", "acronym"),
        "Organization",
        "organizations",
    )
    ordering = django_filters.OrderingFilter(
        fields=(("start_date", "start_date"), ("name", "name"), ("end_date", "end_date"))
    )

    class Meta:
        model = Exercise
        # `focus` listed here keeps it before the inherited start range in the form.
        fields = [
            "q",
            "nation",
            "year",
            "region",
            "domain",
            "series",
            "host",
            "organization",
            "focus",
        ]

    def filter_domain(self, queryset, name, value):
        return queryset.in_domain(*value) if value else queryset

    def filter_region(self, queryset, name, value):
        return queryset.in_region(*value) if value else queryset


class EngagementFilter(DatedFilterSet):
    kind = django_filters.ChoiceFilter(choices=EngagementKind.choices)
    nation = nation_choice_filter()
    provider = slug_choice_filter(
        Nation.objects.only("pk", "slug", "name"), "Provider", "provider", method="filter_role"
    )
    recipient = slug_choice_filter(
        Nation.objects.only("pk", "slug", "name"), "Recipient", "recipient", method="filter_role"
    )
    organization = slug_choice_filter(
        Organization.objects.only("pk", "slug", "name", "acronym"), "Organization", "organization"
    )
    ordering = django_filters.OrderingFilter(
        fields=(("start_date", "start_date"), ("name", "name"), ("value_usd", "value_usd"))
    )

    class Meta:
        model = Engagement
        fields = ["q", "kind", "nation", "year", "provider", "recipient", "organization"]

    def filter_role(self, queryset, name, value):
        role = EngagementRole.PROVIDER if name == "provider" else EngagementRole.RECIPIENT
        return queryset.with_party(value, role=role)


class SourceFilter(SearchFilterSet):
    dataset = django_filters.ChoiceFilter(choices=Dataset.choices)
    # Resolves the `sources` cells of the research exports: ?slug=a;b or ?slug=a&slug=b.
    slug = django_filters.ModelMultipleChoiceFilter(
        label="Source",
        queryset=Source.objects.only("pk", "slug"),
        to_field_name="slug",
        field_name="slug",
        widget=CommaSeparatedSelectMultiple,
        error_messages={"invalid_choice": "Unknown source: %(value)s."},
        help_text="Source slugs, repeatable or comma- or semicolon-separated: those sources.",
    )
    ordering = django_filters.OrderingFilter(
        fields=(("title", "title"), ("published", "published"))
    )

    class Meta:
        model = Source
        fields = ["q", "dataset", "slug"]


class ArticleFilter(SearchFilterSet):
    """Articles by topic and kind. Views and the API pass it `Article.objects.published()`."""

    topic = slug_choice_filter(Topic.objects.only("pk", "slug", "name"), "Topic", "topics")
    kind = django_filters.ChoiceFilter(choices=ArticleKind.choices)
    ordering = django_filters.OrderingFilter(
        fields=(("published_at", "published_at"), ("title", "title"))
    )

    class Meta:
        model = Article
        fields = ["q", "topic", "kind"]

"""The research outputs as API endpoints: `/api/v1/dyad-years/` (and the other row
exports): JSON paged like every list, `?format=csv` streamed whole.

A view names its columns and a function making its rows in order (`partnerships/exports/`).
JSON pages take a slice of those rows (the count is kept in the cache under the query and
the catalogue version); CSV writes them as they come, so memory holds one year's rows.
"""

from __future__ import annotations

import datetime
from itertools import islice

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.views import APIView

from .. import filters
from ..cache import cached
from ..changes import KINDS as CHANGE_KINDS
from ..date_precision import MAX_YEAR, MIN_YEAR
from ..exports.csvrows import csv_chunks
from ..models import OBLIGATION_FIELDS, Dataset, Obligation
from ..pointintime_query import BadQuery
from .pagination import StrictPageSize
from .renderers import CSVRenderer, FastJSONRenderer
from .schema import SLUG_PATTERN, filter_parameter
from .views import APIMixin, ConditionalMixin


class RowSeries:
    """Rows made on demand, for Django's Paginator: `count()` runs through them once (and
    is cached), a slice makes rows up to its end."""

    def __init__(self, make, key: dict):
        self.make = make
        self.key = key

    def count(self) -> int:
        return cached("export-count", lambda: sum(1 for _ in self.make()), **self.key)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return list(islice(self.make(), index.start, index.stop))
        return next(islice(self.make(), index, None))


class ExportPagination(StrictPageSize):
    """The contract's paging: 50 by default, `page_size` clamped to 200, refused below 1."""

    django_paginator_class = Paginator


def stream_csv(columns: list[str], rows, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_chunks(columns, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


class ExportView(APIMixin, ConditionalMixin, APIView):
    """One research output: `rows(request)` returns (columns, a function making the rows)."""

    permission_classes = [AllowAny]
    renderer_classes = [FastJSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    filename = "export"

    def rows(self, request):
        raise NotImplementedError

    def get(self, request):
        try:
            columns, make = self.rows(request)
        except BadQuery as error:
            raise ValidationError(error.errors) from None
        if getattr(request.accepted_renderer, "format", None) == "csv":
            return stream_csv(columns, make(), self.filename)
        params = sorted(
            (name, value)
            for name, values in request.query_params.lists()
            if name not in ("page", "page_size", "format")
            for value in values
        )
        series = RowSeries(make, {"path": request.path, "params": params})
        paginator = ExportPagination()
        page = paginator.paginate_queryset(series, request, view=self)
        return paginator.get_paginated_response(page)


# --- the OpenAPI description -----------------------------------------------------------------

CSV_RESPONSE = OpenApiResponse(
    response=OpenApiTypes.STR,
    description="With `?format=csv`: every row, streamed, with the columns in this order.",
)


def paged(name: str, row: type[serializers.Serializer]) -> type[serializers.Serializer]:
    return type(
        name,
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": row(many=True),
        },
    )


YEAR = {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}
FORMAT = [
    OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv"]),
    OpenApiParameter("page", {"type": "integer", "minimum": 1}, description="JSON page number."),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1},
        description="Rows per JSON page (more than 200 gives 200).",
    ),
]
YEAR_RANGE = [
    OpenApiParameter("from", YEAR, description="First year (default 1816)."),
    OpenApiParameter("to", YEAR, description="Last year (default this year); before `from`: none."),
]
NATION = OpenApiParameter(
    "nation",
    {"type": "array", "items": {"type": "string", "pattern": SLUG_PATTERN}},
    explode=True,
    style="form",
    description="Nation slug, repeatable: rows involving any of them (a nation counts with "
    "the states it continues; rows name the state that was the member).",
)
DATASET = OpenApiParameter(
    "dataset", OpenApiTypes.STR, enum=Dataset.values, description="Records imported from it."
)


class DyadYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    a = serializers.CharField(help_text="Nation slug (a < b unless directed).")
    b = serializers.CharField(help_text="Nation slug.")
    a_cow = serializers.IntegerField(allow_null=True)
    b_cow = serializers.IntegerField(allow_null=True)
    a_iso3 = serializers.CharField(allow_null=True)
    b_iso3 = serializers.CharField(allow_null=True)
    locals().update(
        {
            name: serializers.IntegerField(
                min_value=0,
                max_value=1,
                help_text="1 when a undertook it (directed), or either did (undirected).",
            )
            for name in OBLIGATION_FIELDS
        }
    )
    instruments = serializers.ListField(
        child=serializers.CharField(), help_text="Partnership slugs (CSV: `;`-separated)."
    )
    sources = serializers.ListField(
        child=serializers.CharField(),
        help_text="Source slugs (CSV: `;`-separated); /api/v1/sources/<slug>/ resolves them.",
    )
    certain = serializers.IntegerField(
        required=False, help_text="Only with uncertain=true: 0 when only imprecise dates decide."
    )


class DyadYearsView(ExportView):
    """Dyad-years: every pair of states allied in each year, with what they had undertaken.

    A pair appears in a year when both were members of a partnership with an obligation on
    a common day of it, certainly (the rows of a year are the pairs /api/v1/allied/ answers
    yes for), named by the states that were the members."""

    api_description = (
        "Dyad-years: every pair of states allied in each year, with what they had "
        "undertaken. A pair appears in a year when both were members of a partnership with "
        "an obligation on a common day of it (the pairs /api/v1/allied/ answers yes for), "
        "named by the states that were the members."
    )

    filename = "dyad-years"

    @extend_schema(
        parameters=[
            *YEAR_RANGE,
            NATION,
            DATASET,
            OpenApiParameter(
                "obligation",
                OpenApiTypes.STR,
                enum=Obligation.values,
                description="Only pairs with that pledge (directed: the first state's).",
            ),
            OpenApiParameter(
                "directed",
                OpenApiTypes.BOOL,
                description="true: one row per ordered pair, flags what a undertook.",
            ),
            OpenApiParameter(
                "uncertain",
                OpenApiTypes.BOOL,
                description="true: also pairs only imprecise dates leave open, with `certain`.",
            ),
            *FORMAT,
        ],
        responses={
            (200, "application/json"): paged("PaginatedDyadYearList", DyadYearSerializer),
            (200, "text/csv"): CSV_RESPONSE,
        },
        operation_id="dyad_years_list",
    )
    def get(self, request):
        return super().get(request)

    def rows(self, request):
        from ..exports.dyadyears import DyadQuery, default_range, dyad_years
        from ..exports.params import read_export_query

        data = read_export_query(request.query_params, default_range())
        query = DyadQuery(
            first=data["from"],
            last=data["to"],
            nations=tuple(data["nation"]),
            dataset=data["dataset"],
            obligation=data["obligation"],
            directed=bool(data["directed"]),
            uncertain=bool(data["uncertain"]),
        )
        return query.columns, lambda: dyad_years(query)


def _year_range(request) -> tuple[int, int]:
    """`from`/`to`; a page's `year` alone stands for that one year."""
    from ..exports.dyadyears import default_range
    from ..exports.params import read_year_range

    params = request.query_params
    default = default_range()
    year = params.get("year")
    if year and "from" not in params and "to" not in params and str(year).strip().isdigit():
        default = (int(year), int(year))
    return read_year_range(params, default)


class NationYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    nation = serializers.CharField(help_text="Nation slug (the state of that year).")
    cow = serializers.IntegerField(allow_null=True)
    iso3 = serializers.CharField(allow_null=True)
    region = serializers.CharField()
    alliances = serializers.IntegerField(help_text="Partnerships with an obligation in force.")
    allies = serializers.IntegerField(help_text="States allied with it through them.")
    locals().update(
        {
            name: serializers.IntegerField(help_text=f"Alliances in which it undertook {name}.")
            for name in OBLIGATION_FIELDS
        }
    )
    organizations = serializers.IntegerField(help_text="Organizations it was a full member of.")
    exercises = serializers.IntegerField(help_text="Exercises it joined (hosts included).")
    hosted = serializers.IntegerField(help_text="Exercises it hosted or co-hosted.")
    sources = serializers.ListField(child=serializers.CharField(), help_text="Source slugs.")


class ExerciseParticipationSerializer(serializers.Serializer):
    exercise = serializers.CharField(help_text="Exercise slug.")
    mme_id = serializers.CharField(allow_null=True)
    year = serializers.IntegerField(help_text="A year the exercise ran.")
    nation = serializers.CharField(help_text="Participant nation slug.")
    cow = serializers.IntegerField(allow_null=True)
    iso3 = serializers.CharField(allow_null=True)
    role = serializers.CharField()
    series = serializers.CharField(allow_null=True, help_text="Series slug.")
    domain = serializers.CharField()
    focus = serializers.CharField()
    location = serializers.CharField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    sources = serializers.ListField(child=serializers.CharField(), help_text="Source slugs.")


def _filter_parameters(filterset_class) -> list[OpenApiParameter]:
    """The shared FilterSet's parameters, as the list endpoint documents them."""
    return [filter_parameter(name, f) for name, f in filterset_class.base_filters.items()]


def _documented(operation_id, row, filterset_class, description):
    return extend_schema(
        parameters=[
            *YEAR_RANGE,
            *_filter_parameters(filterset_class),
            *FORMAT,
        ],
        responses={
            (200, "application/json"): paged(f"Paginated{row.__name__[:-10]}List", row),
            (200, "text/csv"): CSV_RESPONSE,
        },
        operation_id=operation_id,
        description=description,
    )


class NationYearsView(ExportView):
    """Nation-years: per nation and year, alliances in force (by what the nation itself
    undertook), organizations, and exercises joined and hosted."""

    filename = "nation-years"

    @_documented(
        "nation_years_list",
        NationYearSerializer,
        filters.NationFilter,
        "Per nation and year: alliances in force (the dyad-years' ties), counted by what "
        "the nation itself undertook, full memberships of organizations, and exercises "
        "joined and hosted. The nations' list filters choose the nations.",
    )
    def get(self, request):
        return super().get(request)

    def rows(self, request):
        from ..exports.nationyears import COLUMNS, nation_years
        from ..exports.params import filtered
        from ..models import Nation

        first, last = _year_range(request)
        nations = filtered(filters.NationFilter, request.query_params, Nation.objects.all())
        return COLUMNS, lambda: nation_years(nations, first, last)


class ExerciseParticipationsView(ExportView):
    """Exercise-participations: one row per exercise, participant nation and year it ran."""

    filename = "exercise-participations"

    @_documented(
        "exercise_participations_list",
        ExerciseParticipationSerializer,
        filters.ExerciseFilter,
        "One row per exercise, participant nation and year it ran (the lead host with the "
        "role host). The exercises' list filters choose the exercises.",
    )
    def get(self, request):
        return super().get(request)

    def rows(self, request):
        from ..exports.params import filtered
        from ..exports.participations import COLUMNS, participations
        from ..models import Exercise

        first, last = _year_range(request)
        exercises = filtered(filters.ExerciseFilter, request.query_params, Exercise.objects.all())
        exercises = exercises.overlapping(datetime.date(first, 1, 1), datetime.date(last, 12, 31))
        return COLUMNS, lambda: participations(exercises, first, last)


class ChangeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[])
    slug = serializers.CharField()
    action = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    time = serializers.DateTimeField()

    def __init__(self, *args, **kwargs):
        from ..changes import KINDS

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = KINDS


EXAMPLE_TIME = "an ISO 8601 time, e.g. 2026-01-31T12:00:00Z."
EARLIEST = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)  # before any revision
LATEST = datetime.datetime(9000, 1, 1, tzinfo=datetime.UTC)


def _since(value):
    """An ISO 8601 time (a date alone is its midnight, a time without zone is UTC)."""
    text = (value or "").strip().replace(" ", "+")  # a "+" in a query string reads as " "
    if not text:
        raise BadQuery(
            {"since": ["This field is required: an ISO 8601 time, e.g. 2026-01-31T12:00:00Z."]}
        )
    try:
        moment = parse_datetime(text)
        if moment is None:
            day = parse_date(text)
            moment = datetime.datetime.combine(day, datetime.time()) if day else None
    except ValueError:
        moment = None
    if moment is None:
        raise BadQuery({"since": [f"Enter {EXAMPLE_TIME}"]})
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    try:  # in UTC, and within what the database can compare (year 1 with an offset is not)
        return min(max(moment.astimezone(datetime.UTC), EARLIEST), LATEST)
    except OverflowError:
        return EARLIEST if moment.year < 5000 else LATEST


class ChangesView(APIMixin, ConditionalMixin, APIView):
    """Records created, changed and deleted since a time, from the revision history:
    one entry per revision, oldest first; a change to a record's part (a membership, a
    member, a participant) is a change to its record. Deletions are included."""

    api_description = (
        "Records created, changed and deleted since a time, one entry per revision, oldest "
        "first; a change to a record's part (a membership, a member, a participant) is a "
        "change to its record."
    )
    permission_classes = [AllowAny]
    renderer_classes = [FastJSONRenderer, BrowsableAPIRenderer]

    @extend_schema(
        parameters=[
            OpenApiParameter("since", OpenApiTypes.DATETIME, required=True),
            OpenApiParameter(
                "kind", OpenApiTypes.STR, enum=CHANGE_KINDS, description="Only this kind of record."
            ),
            *FORMAT[1:],
        ],
        responses=paged("PaginatedChangeList", ChangeSerializer),
        operation_id="changes_list",
    )
    def get(self, request):
        from ..changes import KINDS, as_entry, changes_since

        params = request.query_params
        try:
            since = _since(params.get("since"))
        except BadQuery as error:
            raise ValidationError(error.errors) from None
        kind = params.get("kind") or None
        if kind is not None and kind not in KINDS:
            raise ValidationError({"kind": [f"Choose one of: {', '.join(KINDS)}."]})
        paginator = ExportPagination()
        page = paginator.paginate_queryset(changes_since(since, kind), request, view=self)
        return paginator.get_paginated_response([as_entry(row) for row in page])

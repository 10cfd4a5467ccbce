"""The research outputs as API endpoints: `/api/v1/dyad-years/` (and the other row
exports): JSON paged like every list, `?format=csv` streamed whole.

A view names its columns and a function making its rows in order (`partnerships/exports/`).
JSON pages take a slice of those rows (the count is kept in the cache under the query and
the catalogue version); CSV writes them as they come, so memory holds one year's rows.
"""

from __future__ import annotations

import csv
import io
from itertools import islice

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.views import APIView

from ..cache import cached
from ..models import OBLIGATION_FIELDS, Dataset, Obligation
from ..pointintime import BadQuery
from .renderers import CSVRenderer, FastJSONRenderer
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


class ExportPagination(PageNumberPagination):
    """The contract's paging: 50 by default, `page_size` clamped to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    django_paginator_class = Paginator


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return str(value)


def stream_csv(columns: list[str], rows, filename: str) -> StreamingHttpResponse:
    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        for count, row in enumerate(rows, 1):
            writer.writerow([csv_cell(row[name]) for name in columns])
            if count % 500 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
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


FORMAT = OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv"])
YEAR_RANGE = [
    OpenApiParameter("from", OpenApiTypes.INT, description="First year (default 1816)."),
    OpenApiParameter("to", OpenApiTypes.INT, description="Last year (default this year)."),
]
NATION = OpenApiParameter(
    "nation",
    OpenApiTypes.STR,
    many=True,
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
            FORMAT,
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

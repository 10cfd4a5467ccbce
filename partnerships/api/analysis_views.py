"""/api/v1/relations/<a>/<b>/, /api/v1/network/ and /api/v1/search/: the same dictionaries
the HTML pages draw, from partnerships.analysis and partnerships.search.

Their functions are imported when a request needs them; only the limits the OpenAPI
document states (years, query length) are read at import.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from ..date_precision import MAX_YEAR, MIN_YEAR
from ..models import Nation, PartnershipKind
from ..search import MAX_QUERY_LENGTH
from .record_links import api_link, html_link
from .renderers import FastJSONRenderer, GEXFRenderer, GraphMLRenderer, NetworkCSVRenderer
from .views import APIMixin, ConditionalMixin

# --- links --------------------------------------------------------------------------------
# The analysis modules give each record the path of its HTML page as `url`, for the pages.
# In the API, as on every resource, `url` is the record in this API and `html_url` its page.

SEARCH_KINDS = {
    "nations": "nation",
    "organizations": "organization",
    "partnerships": "partnership",
    "exercises": "exercise",
    "engagements": "engagement",
    "articles": "article",
    "sources": "source",
}


def _linked(request, model_name: str, record: dict) -> dict:
    """A copy of `record` (the analysis results are shared through the cache) with the
    API's links; a source's own web address moves to `web_url`."""
    record = dict(record)
    page = record.pop("url", None)
    if model_name == "source":
        record["web_url"] = page or None
    record["url"] = api_link(request, model_name, record["slug"])
    record["html_url"] = html_link(request, model_name, record["slug"])
    return record


def _linked_all(request, model_name: str, records: list[dict]) -> list[dict]:
    return [_linked(request, model_name, record) for record in records]


def linked_relations(request, data: dict) -> dict:
    data = dict(data)
    for side in ("a", "b"):
        data[side] = _linked(request, "nation", data[side])
    for key in ("partnerships", "organizations", "exercises", "engagements"):
        data[key] = _linked_all(request, key[:-1], data[key])
    data["timeline"] = [_linked(request, entry["kind"], entry) for entry in data["timeline"]]
    return data


def linked_network(request, data: dict) -> dict:
    return {**data, "nodes": _linked_all(request, "nation", data["nodes"])}


def linked_search(request, data: dict) -> dict:
    groups = [
        {**group, "results": _linked_all(request, SEARCH_KINDS[group["kind"]], group["results"])}
        for group in data["groups"]
    ]
    return {**data, "groups": groups}


# --- response shapes (for the OpenAPI document) ---------------------------------------------


class LinksSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="The record in this API.")
    html_url = serializers.URLField(
        allow_null=True, help_text="The record's page on the site (null where it has none)."
    )


class SpanSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)
    period = serializers.CharField()


class ThroughSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class MemberSpanSerializer(SpanSerializer):
    through = ThroughSerializer(
        allow_null=True,
        help_text="The state that was the member, when it is one the nation continues "
        "(West Germany for Germany); null when the nation itself was.",
    )


class OverlapSerializer(SpanSerializer):
    certain = serializers.BooleanField(
        help_text="False when only dates known to the month or year let the spans meet."
    )


class AnalysisNationSerializer(LinksSerializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    region = serializers.CharField()


class SharedSpansSerializer(LinksSerializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    a = MemberSpanSerializer(many=True)
    b = MemberSpanSerializer(many=True)
    overlap = OverlapSerializer(many=True)


class SharedPartnershipSerializer(SharedSpansSerializer):
    kind = serializers.ChoiceField(choices=PartnershipKind.choices)
    kind_label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)
    period = serializers.CharField()


class SharedOrganizationSerializer(SharedSpansSerializer):
    acronym = serializers.CharField()


class RolesSerializer(serializers.Serializer):
    a = serializers.CharField(allow_null=True)
    b = serializers.CharField(allow_null=True)


class SharedEventSerializer(LinksSerializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)
    period = serializers.CharField()
    roles = RolesSerializer()


class SharedExerciseSerializer(SharedEventSerializer):
    year = serializers.IntegerField()
    domain = serializers.CharField()
    domain_label = serializers.CharField()


class SharedEngagementSerializer(SharedEventSerializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()


class TimelineEntrySerializer(LinksSerializer):
    kind = serializers.ChoiceField(
        choices=["partnership", "organization", "exercise", "engagement"],
        help_text="What kind of record the entry is.",
    )
    slug = serializers.CharField()
    name = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)
    label = serializers.CharField()


class RelationCountsSerializer(serializers.Serializer):
    partnerships = serializers.IntegerField()
    organizations = serializers.IntegerField()
    exercises = serializers.IntegerField()
    engagements = serializers.IntegerField()


class RelationsSerializer(serializers.Serializer):
    a = AnalysisNationSerializer()
    b = AnalysisNationSerializer()
    partnerships = SharedPartnershipSerializer(many=True)
    organizations = SharedOrganizationSerializer(many=True)
    exercises = SharedExerciseSerializer(many=True)
    engagements = SharedEngagementSerializer(many=True)
    timeline = TimelineEntrySerializer(many=True)
    counts = RelationCountsSerializer()


class NodeSerializer(AnalysisNationSerializer):
    cow = serializers.IntegerField(allow_null=True, help_text="Correlates of War state number.")
    iso3 = serializers.CharField(allow_null=True, help_text="ISO 3166-1 alpha-3.")
    degree = serializers.IntegerField(help_text="Number of partners.")
    weight = serializers.IntegerField(help_text="Shared partnerships, summed over partners.")


class EdgeSerializer(serializers.Serializer):
    source = serializers.CharField(help_text="Nation slug.")
    target = serializers.CharField(help_text="Nation slug.")
    weight = serializers.IntegerField(help_text="Number of shared partnerships.")
    partnerships = serializers.ListField(child=serializers.CharField())


class NetworkSerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True)
    kind = serializers.ChoiceField(choices=PartnershipKind.choices, allow_null=True)
    partnerships = serializers.IntegerField()
    nodes = NodeSerializer(many=True)
    edges = EdgeSerializer(many=True)


class SearchResultSerializer(LinksSerializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    detail = serializers.CharField(allow_null=True)
    web_url = serializers.CharField(
        required=False,
        allow_null=True,
        help_text="Sources only: where the source itself is published (null if unknown).",
    )


class SearchGroupSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    results = SearchResultSerializer(many=True)


class SearchSerializer(serializers.Serializer):
    query = serializers.CharField()
    words = serializers.ListField(child=serializers.CharField())
    total = serializers.IntegerField()
    groups = SearchGroupSerializer(many=True)


# --- views ----------------------------------------------------------------------------------


class AnalysisView(APIMixin, ConditionalMixin, APIView):
    permission_classes = [AllowAny]
    renderer_classes = [FastJSONRenderer, BrowsableAPIRenderer]


def _nation(slug: str) -> Nation:
    nation = Nation.objects.filter(slug=slug).first()
    if nation is None:
        raise NotFound(f"Unknown nation: {slug}.")
    return nation


class RelationsView(AnalysisView):
    """Everything two nations share, over time (the data of /relations/<a>/<b>/)."""

    api_description = (
        "Everything two nations share over time: partnerships and organizations with "
        "each one's spans and their overlaps, exercises, engagements, and one timeline."
    )

    @extend_schema(responses=RelationsSerializer, operation_id="relations_retrieve")
    def get(self, request, a, b):
        from ..analysis import AnalysisError, relations

        try:
            return Response(linked_relations(request, relations(_nation(a), _nation(b))))
        except AnalysisError as error:
            raise ValidationError({error.field: [error.message]}) from None


class NetworkView(AnalysisView):
    """The partnership network (the data of /network/): nations linked by partnerships.

    `?format=csv` is the edge list (source, target, weight, instruments, sources);
    `graphml` and `gexf` the whole graph with nation attributes (name, region, COW, ISO3)
    for networkx and Gephi."""

    renderer_classes = [
        *AnalysisView.renderer_classes,
        NetworkCSVRenderer,
        GraphMLRenderer,
        GEXFRenderer,
    ]
    file_renderers = (NetworkCSVRenderer, GraphMLRenderer, GEXFRenderer)

    def finalize_response(self, request, response, *args, **kwargs):
        # Only a network is a file: OPTIONS' description of the endpoint is JSON.
        if request.method == "OPTIONS" and isinstance(
            getattr(request, "accepted_renderer", None), self.file_renderers
        ):
            request.accepted_renderer = FastJSONRenderer()
            request.accepted_media_type = FastJSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    api_description = (
        "The partnership network: nations (nodes) linked by the partnerships they share "
        "(edges, weighted by how many), in a year and of a kind when given."
    )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year",
                {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR},
                description="Members at once that year (their own spans share a day of it).",
            ),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=PartnershipKind.values),
            OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv", "graphml", "gexf"]),
        ],
        responses={
            (200, "application/json"): NetworkSerializer,
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR, description="Edges: source, target, weight, instruments, sources."
            ),
            (200, "application/graphml+xml"): OpenApiResponse(
                OpenApiTypes.STR, description="GraphML, nation attributes on the nodes."
            ),
            (200, "application/gexf+xml"): OpenApiResponse(
                OpenApiTypes.STR, description="GEXF 1.2, nation attributes on the nodes."
            ),
        },
        operation_id="network_retrieve",
    )
    def get(self, request):
        from ..analysis import AnalysisError, network
        from ..network_files import partnership_sources

        params = request.query_params
        try:
            data = network(year=params.get("year"), kind=params.get("kind"))
        except AnalysisError as error:
            raise ValidationError({error.field: [error.message]}) from None
        if isinstance(request.accepted_renderer, self.file_renderers):
            # Files carry the graph as analysed, with the sources of every instrument.
            return Response({**data, "partnership_sources": partnership_sources(data)})
        return Response(linked_network(request, data))


class SearchView(AnalysisView):
    """Search across every kind of public record (the data of /search/)."""

    api_description = "Search every kind of public record; results are grouped by kind, best first."

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_LENGTH, "pattern": r"\S"},
                required=True,
                description="Words to find; a record matches when it has every one.",
            )
        ],
        responses=SearchSerializer,
        operation_id="search_retrieve",
    )
    def get(self, request):
        from ..search import NoWords, QueryProblem, search_catalogue

        query = request.query_params.get("q", "")
        try:
            return Response(linked_search(request, search_catalogue(query)))
        except NoWords:  # punctuation alone: a query that matches nothing
            return Response({"query": query, "words": [], "total": 0, "groups": []})
        except QueryProblem as problem:
            raise ValidationError({"q": [str(problem)]}) from None

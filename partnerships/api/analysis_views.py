"""/api/v1/relations/<a>/<b>/, /api/v1/network/ and /api/v1/search/: the same dictionaries
the HTML pages draw, from partnerships.analysis and partnerships.search.

Those modules are imported when a request needs them, so the rest of the API does not
depend on them being importable.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import Nation, PartnershipKind
from .renderers import FastJSONRenderer
from .views import APIMixin, ConditionalMixin

# --- response shapes (for the OpenAPI document) ---------------------------------------------


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


class AnalysisNationSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    region = serializers.CharField()
    url = serializers.CharField(help_text="The nation's HTML page.")


class SharedSpansSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    url = serializers.CharField()
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


class SharedEventSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    url = serializers.CharField()
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


class TimelineEntrySerializer(serializers.Serializer):
    kind = serializers.CharField()
    slug = serializers.CharField()
    name = serializers.CharField()
    url = serializers.CharField()
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


class SearchResultSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    url = serializers.CharField()
    detail = serializers.CharField(allow_null=True)


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

    @extend_schema(responses=RelationsSerializer, operation_id="relations_retrieve")
    def get(self, request, a, b):
        from ..analysis import AnalysisError, relations

        try:
            return Response(relations(_nation(a), _nation(b)))
        except AnalysisError as error:
            raise ValidationError({error.field: [error.message]}) from None


class NetworkView(AnalysisView):
    """The partnership network (the data of /network/): nations linked by partnerships."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year",
                OpenApiTypes.INT,
                description="Members at once that year (their own spans share a day of it).",
            ),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=PartnershipKind.values),
        ],
        responses=NetworkSerializer,
        operation_id="network_retrieve",
    )
    def get(self, request):
        from ..analysis import AnalysisError, network

        params = request.query_params
        try:
            return Response(network(year=params.get("year"), kind=params.get("kind")))
        except AnalysisError as error:
            raise ValidationError({error.field: [error.message]}) from None


class SearchView(AnalysisView):
    """Search across every kind of public record (the data of /search/)."""

    @extend_schema(
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, required=True)],
        responses=SearchSerializer,
        operation_id="search_retrieve",
    )
    def get(self, request):
        from ..search import QueryProblem, search_catalogue

        try:
            return Response(search_catalogue(request.query_params.get("q", "")))
        except QueryProblem as problem:
            raise ValidationError({"q": [str(problem)]}) from None

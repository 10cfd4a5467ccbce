"""/api/v1/allied/?a=&b=&year= and /api/v1/organizations/<slug>/members/?on=: the
point-in-time answers of partnerships.pointintime_query, as JSON."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from ..alliances import RANK
from ..date_precision import MAX_YEAR, MIN_YEAR
from ..models import OBLIGATION_FIELDS
from ..pointintime_query import BadQuery, alliance_question, members_on
from .renderers import FastJSONRenderer
from .schema import SLUG_PATTERN
from .views import APIMixin, ConditionalMixin

SLUG = {"type": "string", "pattern": SLUG_PATTERN}
YEAR = {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}
DAY = {"type": "string", "format": "date", "pattern": r"^(1[89]\d\d|20\d\d|2100)-\d\d-\d\d$"}


class NationNameSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


ANSWERS = sorted(RANK, key=RANK.get, reverse=True)


class AllianceAnswerSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    atop_id = serializers.IntegerField(allow_null=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    period = serializers.CharField()
    answer = serializers.ChoiceField(choices=ANSWERS, help_text="This alliance's answer.")
    obligations = serializers.DictField(
        child=serializers.ListField(child=serializers.ChoiceField(choices=OBLIGATION_FIELDS)),
        help_text="By each nation's slug: what that state had undertaken during the overlap.",
    )
    members = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="By each nation's slug: the states that were the members (a state counts "
        "with the states it continues, e.g. Germany with West Germany).",
    )
    covered_until = serializers.DateField(
        allow_null=True,
        help_text="The last day its only sources (datasets) describe; null when a curated "
        "source or an end date speaks for later years.",
    )
    sources = serializers.ListField(child=serializers.CharField(), help_text="Source slugs.")


class AlliedSerializer(serializers.Serializer):
    a = NationNameSerializer()
    b = NationNameSerializer()
    year = serializers.IntegerField()
    answer = serializers.ChoiceField(choices=ANSWERS)
    allied = serializers.BooleanField(allow_null=True, help_text="null unless yes or no.")
    reason = serializers.CharField()
    alliances = AllianceAnswerSerializer(many=True)


class MembersOnSerializer(serializers.Serializer):
    organization = serializers.CharField(help_text="The organization's slug.")
    on = serializers.DateField()
    count = serializers.IntegerField()
    members = NationNameSerializer(many=True)


class _PointInTimeView(APIMixin, ConditionalMixin, APIView):
    permission_classes = [AllowAny]
    renderer_classes = [FastJSONRenderer, BrowsableAPIRenderer]

    def answer(self, question, *args):
        try:
            return question(*args)
        except BadQuery as error:
            raise ValidationError(error.errors) from None
        except Http404 as error:
            raise NotFound(str(error)) from None


class AlliedView(_PointInTimeView):
    """Were a and b allied in the year, and through which alliances? `answer` is yes, no,
    uncertain (only dates known to the month or year decide it) or unknown (the year lies
    past the coverage of the only dataset that records the alliance)."""

    api_description = (
        "Were `a` and `b` allied in `year`, and through which alliances? `answer` is yes, "
        "no, uncertain (only dates known to the month or year decide it) or unknown (the "
        "year lies past the coverage of the only dataset that records the alliance). A "
        "state counts with the states it continues (Russia with the Soviet Union)."
    )

    @extend_schema(
        parameters=[
            OpenApiParameter("a", SLUG, required=True, description="Nation slug."),
            OpenApiParameter(
                "b", SLUG, required=True, description="Nation slug, another than `a`."
            ),
            OpenApiParameter("year", YEAR, required=True),
        ],
        responses=AlliedSerializer,
        operation_id="allied_retrieve",
    )
    def get(self, request):
        answer = self.answer(alliance_question, request.query_params)
        return Response(
            {
                "a": {"slug": answer.a.slug, "name": answer.a.name},
                "b": {"slug": answer.b.slug, "name": answer.b.name},
                "year": answer.year,
                "answer": answer.answer,
                "allied": answer.allied,
                "reason": answer.reason,
                "alliances": [_alliance(found) for found in answer.alliances],
            }
        )


def _alliance(found) -> dict:
    partnership = found.partnership
    return {
        "slug": partnership.slug,
        "name": partnership.name,
        "kind": partnership.kind,
        "atop_id": partnership.atop_id,
        "start_date": partnership.start_date,
        "end_date": partnership.end_date,
        "period": partnership.period,
        "answer": found.answer,
        "obligations": found.obligations,
        "members": {slug: [n.slug for n in nations] for slug, nations in found.members.items()},
        "covered_until": found.covered_until,
        "sources": [source.slug for source in found.sources],
    }


class OrganizationMembersView(_PointInTimeView):
    """The organization's members on a day (today when `on` is absent)."""

    api_description = "The organization's members on a day (today when `on` is absent)."

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "on",
                DAY,
                description=f"YYYY-MM-DD, {MIN_YEAR} to {MAX_YEAR} (default: today).",
            )
        ],
        responses=MembersOnSerializer,
        operation_id="organization_members_on",
    )
    def get(self, request, slug):
        organization, day, members = self.answer(members_on, slug, request.query_params.get("on"))
        return Response(
            {
                "organization": organization.slug,
                "on": day,
                "count": len(members),
                "members": [{"slug": n.slug, "name": n.name} for n in members],
            }
        )

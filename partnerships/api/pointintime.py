"""/api/v1/allied/?a=&b=&year= and /api/v1/organizations/<slug>/members/?on=: the
point-in-time answers of partnerships.pointintime, as JSON."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from ..pointintime import BadQuery, alliance_question, members_on
from .renderers import FastJSONRenderer
from .views import APIMixin


class _NationSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class _AllianceSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    period = serializers.CharField()
    obligations = serializers.ListField(child=serializers.CharField())
    atop_id = serializers.IntegerField(allow_null=True)


class AlliedSerializer(serializers.Serializer):
    a = _NationSerializer()
    b = _NationSerializer()
    year = serializers.IntegerField()
    allied = serializers.BooleanField()
    alliances = _AllianceSerializer(many=True)


class MembersOnSerializer(serializers.Serializer):
    organization = serializers.CharField(help_text="The organization's slug.")
    on = serializers.DateField()
    count = serializers.IntegerField()
    members = _NationSerializer(many=True)


class _PointInTimeView(APIMixin, APIView):
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
    """Were a and b allied in the year, and through which alliances?"""

    @extend_schema(
        parameters=[
            OpenApiParameter("a", OpenApiTypes.STR, required=True, description="Nation slug."),
            OpenApiParameter("b", OpenApiTypes.STR, required=True, description="Nation slug."),
            OpenApiParameter("year", OpenApiTypes.INT, required=True),
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
                "allied": answer.allied,
                "alliances": [
                    {
                        "slug": p.slug,
                        "name": p.name,
                        "kind": p.kind,
                        "start_date": p.start_date,
                        "end_date": p.end_date,
                        "period": p.period,
                        "obligations": p.obligations,
                        "atop_id": p.atop_id,
                    }
                    for p in answer.alliances
                ],
            }
        )


class OrganizationMembersView(_PointInTimeView):
    """The organization's members on a day (today when `on` is absent)."""

    @extend_schema(
        parameters=[OpenApiParameter("on", OpenApiTypes.DATE, description="YYYY-MM-DD.")],
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

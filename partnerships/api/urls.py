"""/api/v1/: the resources, the analysis endpoints, the OpenAPI schema and its docs.

Anything else under /api/ is a JSON 404.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import analysis_views, exports, pointintime_views, schema, views  # noqa: F401 (schema: an extension)
from .exceptions import api_not_found

app_name = "api"


class Router(DefaultRouter):
    include_format_suffixes = False  # ?format=csv, not /nations.csv


router = Router()
router.register("nations", views.NationViewSet, basename="nation")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("partnerships", views.PartnershipViewSet, basename="partnership")
router.register("exercises", views.ExerciseViewSet, basename="exercise")
router.register("engagements", views.EngagementViewSet, basename="engagement")
router.register("articles", views.ArticleViewSet, basename="article")
router.register("sources", views.SourceViewSet, basename="source")

v1 = [
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path(
        "relations/<slug:a>/<slug:b>/",
        analysis_views.RelationsView.as_view(),
        name="relations",
    ),
    path("network/", analysis_views.NetworkView.as_view(), name="network"),
    path("search/", analysis_views.SearchView.as_view(), name="search"),
    path("allied/", pointintime_views.AlliedView.as_view(), name="allied"),
    path("dyad-years/", exports.DyadYearsView.as_view(), name="dyad-years"),
    path("nation-years/", exports.NationYearsView.as_view(), name="nation-years"),
    path("changes/", exports.ChangesView.as_view(), name="changes"),
    path(
        "exercise-participations/",
        exports.ExerciseParticipationsView.as_view(),
        name="exercise-participations",
    ),
    path(
        "organizations/<slug:slug>/members/",
        pointintime_views.OrganizationMembersView.as_view(),
        name="organization-members",
    ),
    path("", include(router.urls)),
]

urlpatterns = [
    path("v1/", include(v1)),
    re_path(r"", api_not_found),  # any path, a newline in it too,
]

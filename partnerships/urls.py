from django.urls import path

from . import views
from .feeds import ArticleFeed, TopicFeed
from .views import data as data_views
from .views import network as network_views
from .views import pointintime as pointintime_views
from .views import relations as relations_views
from .views import search as search_views

app_name = "partnerships"

urlpatterns = [
    path("", views.home, name="home"),
    path("nations/", views.NationListView.as_view(), name="nation-list"),
    path("nations/<slug:slug>/", views.NationDetailView.as_view(), name="nation-detail"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization-list"),
    path(
        "organizations/<slug:slug>/",
        views.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
    path(
        "organizations/<slug:slug>/members/",
        pointintime_views.organization_members,
        name="organization-members",
    ),
    path("alliances/", pointintime_views.alliances, name="alliances"),
    path("partnerships/", views.PartnershipListView.as_view(), name="partnership-list"),
    path(
        "partnerships/<slug:slug>/",
        views.PartnershipDetailView.as_view(),
        name="partnership-detail",
    ),
    path("exercises/", views.ExerciseListView.as_view(), name="exercise-list"),
    path("exercises/<slug:slug>/", views.ExerciseDetailView.as_view(), name="exercise-detail"),
    path("engagements/", views.EngagementListView.as_view(), name="engagement-list"),
    path(
        "engagements/<slug:slug>/",
        views.EngagementDetailView.as_view(),
        name="engagement-detail",
    ),
    path("articles/", views.ArticleListView.as_view(), name="article-list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("feeds/articles/", ArticleFeed(), name="article-feed"),
    path("feeds/topics/<slug:slug>/", TopicFeed(), name="topic-feed"),
    path("relations/", relations_views.relations_pick, name="relations-pick"),
    path("relations/<slug:a>/<slug:b>/", relations_views.relations_detail, name="relations"),
    path("network/", network_views.network_page, name="network"),
    path("search/", search_views.search_page, name="search"),
    path("data/", data_views.data_page, name="data"),
    path(
        "data/<str:version>/<str:name>",
        data_views.release_file,
        name="release-file",
    ),
]

from django.contrib import admin

from ..models import Engagement, EngagementParty
from ..resources import EngagementPartyResource, EngagementResource
from .base import CatalogueAdmin, CatalogueInline, DatasetFilter, InForceFilter, related_count


class OngoingFilter(InForceFilter):
    title = "ongoing"
    parameter_name = "ongoing"


class EngagementPartyInline(CatalogueInline):
    model = EngagementParty
    fields = ["nation", "role"]
    autocomplete_fields = ["nation"]


@admin.register(Engagement)
class EngagementAdmin(CatalogueAdmin):
    resource_classes = [EngagementResource]
    list_display = [
        "name",
        "kind",
        "start_date",
        "end_date",
        "ongoing",
        "party_count",
        "value_usd",
    ]
    list_filter = ["kind", OngoingFilter, DatasetFilter]
    list_select_related = ["organization"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organization", "sources"]
    date_hierarchy = "start_date"
    inlines = [EngagementPartyInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "organization"]}),
        ("Dates", {"fields": [("start_date", "start_precision"), ("end_date", "end_precision")]}),
        (None, {"fields": ["value_usd", "description", "sources"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(party_total=related_count(EngagementParty, "engagement"))
        )

    @admin.display(boolean=True, description="ongoing", ordering="end_date")
    def ongoing(self, obj):
        return obj.end_date is None

    @admin.display(description="nations", ordering="party_total")
    def party_count(self, obj):
        return obj.party_total


@admin.register(EngagementParty)
class EngagementPartyAdmin(CatalogueAdmin):
    resource_classes = [EngagementPartyResource]
    list_display = ["nation", "engagement", "role"]
    list_filter = ["role", "engagement__kind"]
    list_select_related = ["nation", "engagement"]
    search_fields = ["nation__name", "nation__iso3", "engagement__name"]
    autocomplete_fields = ["engagement", "nation"]

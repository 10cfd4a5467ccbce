from django.contrib import admin

from ..models import Membership, MembershipStatus, Organization
from ..resources import MembershipResource, OrganizationResource
from .base import (
    CatalogueAdmin,
    CatalogueInline,
    DatasetFilter,
    InForceFilter,
    SpanInlineFormSet,
    related_count,
)


class ExistsFilter(InForceFilter):
    title = "still exists"
    parameter_name = "exists"
    end_field = "dissolved"


class CurrentFilter(InForceFilter):
    title = "current"
    parameter_name = "current"
    end_field = "left"


class MembershipInline(CatalogueInline):
    model = Membership
    formset = SpanInlineFormSet
    fields = [
        "nation",
        "status",
        "joined",
        "joined_precision",
        "left",
        "left_precision",
        "notes",
    ]
    autocomplete_fields = ["nation"]


@admin.register(Organization)
class OrganizationAdmin(CatalogueAdmin):
    resource_classes = [OrganizationResource]
    list_display = [
        "name",
        "acronym",
        "kind",
        "founded",
        "dissolved",
        "exists",
        "member_count",
    ]
    list_filter = ["kind", ExistsFilter, DatasetFilter]
    search_fields = ["name", "acronym", "slug"]
    prepopulated_fields = {"slug": ["acronym"]}
    autocomplete_fields = ["parent", "sources"]
    date_hierarchy = "founded"
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["name", "acronym", "slug", "kind", "parent"]}),
        (
            "Dates",
            {"fields": [("founded", "founded_precision"), ("dissolved", "dissolved_precision")]},
        ),
        (None, {"fields": ["headquarters", "website", "description", "sources"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                member_total=related_count(
                    Membership,
                    "organization",
                    status=MembershipStatus.MEMBER,
                    left__isnull=True,
                )
            )
        )

    @admin.display(boolean=True, description="exists", ordering="dissolved")
    def exists(self, obj):
        return obj.dissolved is None

    @admin.display(description="current members", ordering="member_total")
    def member_count(self, obj):
        return obj.member_total


@admin.register(Membership)
class MembershipAdmin(CatalogueAdmin):
    resource_classes = [MembershipResource]
    list_display = ["nation", "organization_name", "status", "joined", "left", "current"]
    list_filter = ["status", CurrentFilter, "organization"]
    list_select_related = ["nation", "organization"]
    search_fields = [
        "nation__name",
        "nation__iso3",
        "organization__name",
        "organization__acronym",
    ]
    autocomplete_fields = ["organization", "nation", "sources"]
    date_hierarchy = "joined"
    fieldsets = [
        (None, {"fields": ["organization", "nation", "status"]}),
        ("Span", {"fields": [("joined", "joined_precision"), ("left", "left_precision")]}),
        (None, {"fields": ["notes", "sources"]}),
    ]

    @admin.display(description="organization", ordering="organization__name")
    def organization_name(self, obj):
        return obj.organization.short_name

    @admin.display(boolean=True, description="current", ordering="left")
    def current(self, obj):
        return obj.left is None

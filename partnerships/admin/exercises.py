from django.contrib import admin

from .. import services
from ..models import Exercise, ExerciseSeries, Participation
from ..resources import ExerciseResource, ExerciseSeriesResource, ParticipationResource
from .base import CatalogueAdmin, CatalogueInline, DatasetFilter, related_count


@admin.register(ExerciseSeries)
class ExerciseSeriesAdmin(CatalogueAdmin):
    resource_classes = [ExerciseSeriesResource]
    list_display = [
        "name",
        "domain",
        "lead_nation",
        "organization",
        "first_held",
        "frequency",
        "edition_count",
    ]
    list_filter = ["domain"]
    list_select_related = ["lead_nation", "organization"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["lead_nation", "organization", "sources"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "domain", "lead_nation", "organization"]}),
        (None, {"fields": ["first_held", "frequency", "description", "sources"]}),
    ]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(edition_total=related_count(Exercise, "series"))
        )

    @admin.display(description="editions", ordering="edition_total")
    def edition_count(self, obj):
        return obj.edition_total


class ParticipationInline(CatalogueInline):
    model = Participation
    fields = ["nation", "role", "contribution"]
    autocomplete_fields = ["nation"]


@admin.register(Exercise)
class ExerciseAdmin(CatalogueAdmin):
    resource_classes = [ExerciseResource]
    list_display = [
        "name",
        "series",
        "start_date",
        "end_date",
        "domain",
        "host",
        "participant_count",
        "mme_id",
    ]
    list_filter = ["domain", "focus", "series", DatasetFilter]
    list_select_related = ["series", "host"]
    search_fields = ["name", "slug", "location", "series__name", "=mme_id"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["series", "host", "organizations", "sources"]
    date_hierarchy = "start_date"
    inlines = [ParticipationInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "series", "domain", "focus"]}),
        ("Dates", {"fields": [("start_date", "start_precision"), ("end_date", "end_precision")]}),
        (
            "Where and who",
            {
                "fields": [
                    "host",
                    "location",
                    ("latitude", "longitude"),
                    "organizations",
                    "unknown_participants",
                ],
                "description": (
                    "Co-hosts are participants with the role host. The lead host is added "
                    "to the participants, as a host, when it is not among them."
                ),
            },
        ),
        (None, {"fields": ["description", "sources", "mme_id"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(participant_total=related_count(Participation, "exercise"))
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.host_takes_part(form.instance)

    @admin.display(description="participants", ordering="participant_total")
    def participant_count(self, obj):
        return obj.participant_total


@admin.register(Participation)
class ParticipationAdmin(CatalogueAdmin):
    resource_classes = [ParticipationResource]
    list_display = ["nation", "exercise", "role", "contribution"]
    list_filter = ["role", "exercise__domain"]
    list_select_related = ["nation", "exercise"]
    search_fields = ["nation__name", "nation__iso3", "exercise__name"]
    autocomplete_fields = ["exercise", "nation"]

"""Exercises: the list and the exercise page, each with the exercises on a world map."""

from django.templatetags.static import static
from django.urls import reverse

from ..exercise_map import MapPoint, map_svg, places
from ..filters import ExerciseFilter
from ..models import Exercise, Participation
from .base import FilteredListView, RecordDetailView, count_of

EDITION_LIMIT = 100
MAP_LIMIT = 5000  # points drawn at most (the whole MME has about 3,700 exercises)


def exercise_map(exercises, label: str, current: str = "") -> dict:
    """The map and its table for these exercises (those with coordinates): one query."""
    rows = list(
        exercises.filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("start_date", "pk")
        .values_list("slug", "name", "latitude", "longitude", "location")[: MAP_LIMIT + 1]
    )
    limited = len(rows) > MAP_LIMIT
    points = [
        MapPoint(
            slug,
            name,
            reverse("partnerships:exercise-detail", kwargs={"slug": slug}),
            float(latitude),
            float(longitude),
            location,
        )
        for slug, name, latitude, longitude, location in rows[:MAP_LIMIT]
    ]
    found = places(points)
    return {
        "svg": map_svg(found, land_url=static("maps/land-110m.svg"), label=label, current=current),
        "places": found,
        "mapped": len(points),
        "limited": limited,
        "current": current,
    }


class ExerciseListView(FilteredListView):
    model = Exercise
    filterset_class = ExerciseFilter
    template_name = "partnerships/exercise_list.html"
    primary_filters = ("q", "nation", "year", "region", "domain", "ordering")
    noun = ("exercise", "exercises")
    title = "Exercises"
    description = "Joint military exercises: who hosted, who took part, where and when."

    def base_queryset(self):
        return Exercise.objects.select_related("host", "series").annotate(
            participant_count=count_of(Participation, "exercise")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Every exercise the filters select, not only this page's.
        context["exercise_map"] = exercise_map(
            self.filterset.qs, "Map of the exercises these filters select"
        )
        return context


class ExerciseDetailView(RecordDetailView):
    model = Exercise
    template_name = "partnerships/exercise_detail.html"

    def get_queryset(self):
        return Exercise.objects.select_related("host", "series").prefetch_related(
            "sources", "organizations"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        exercise = self.object
        editions = []
        if exercise.series_id:
            editions = list(
                exercise.series.exercises.exclude(pk=exercise.pk)
                .only("name", "slug", "start_date", "start_precision", "series_id")
                .order_by("-start_date")[:EDITION_LIMIT]
            )
        # The exercise with the other editions of its series, where they have coordinates.
        mapped = Exercise.objects.filter(pk=exercise.pk)
        if exercise.series_id:
            mapped = Exercise.objects.filter(series_id=exercise.series_id)
        context.update(
            exercise_map=exercise_map(
                mapped, f"Map of {exercise.name} and its series", current=exercise.slug
            ),
            participations=list(
                exercise.participations.select_related("nation").order_by("role", "nation__name")
            ),
            editions=editions,
            sources=list(exercise.sources.all()),
        )
        return context

"""Exercises: the list and the exercise page, each with the exercises on a world map."""

from collections import defaultdict

from django.db.models import Avg, Count, F, Window
from django.db.models.functions import Floor, RowNumber
from django.templatetags.static import static
from django.urls import reverse

from ..cache import cached
from ..exercise_map import CELL, LINKS_PER_PLACE, MapPoint, from_cells, map_svg, table_rows
from ..filters import ExerciseFilter
from ..models import Exercise, Participation
from .base import NOT_FILTERS, FilteredListView, RecordDetailView, count_of

EDITION_LIMIT = 100
SLUG = "exercise-slug"


def exercise_map(exercises, label: str, current: str = "") -> dict:
    """The map and its table for these exercises (those with coordinates), counted by cell
    in the database: two queries whose rows grow with the places drawn, not the exercises."""
    located = Exercise.objects.filter(
        pk__in=exercises.order_by().values("pk"), latitude__isnull=False, longitude__isnull=False
    ).annotate(cell_x=Floor(F("longitude") / CELL), cell_y=Floor(F("latitude") / CELL))
    cells = {
        (int(row["cell_x"]), int(row["cell_y"])): (
            row["count"],
            float(row["mean_latitude"]),
            float(row["mean_longitude"]),
        )
        for row in located.order_by()
        .values("cell_x", "cell_y")
        .annotate(count=Count("pk"), mean_latitude=Avg("latitude"), mean_longitude=Avg("longitude"))
    }
    listed = defaultdict(list)
    if cells:
        # Reversed once: a thousand places would otherwise reverse five thousand URLs.
        url = reverse("partnerships:exercise-detail", kwargs={"slug": SLUG})
        first = located.annotate(
            rank=Window(
                RowNumber(), partition_by=[F("cell_x"), F("cell_y")], order_by=["name", "slug"]
            )
        ).filter(rank__lte=LINKS_PER_PLACE)
        for slug, name, latitude, longitude, location, x, y in first.values_list(
            "slug", "name", "latitude", "longitude", "location", "cell_x", "cell_y"
        ):
            link = url.replace(SLUG, slug)
            point = MapPoint(slug, name, link, float(latitude), float(longitude), location)
            listed[(int(x), int(y))].append(point)
    found = from_cells(cells, listed)
    return {
        "svg": map_svg(found, land_url=static("maps/land-110m.svg"), label=label, current=current),
        "places": found,
        "table_rows": table_rows(found, current),
        "mapped": sum(place.count for place in found),
    }


class ExerciseListView(FilteredListView):
    model = Exercise
    filterset_class = ExerciseFilter
    template_name = "partnerships/exercise_list.html"
    primary_filters = ("q", "nation", "year", "region", "domain", "ordering")
    noun = ("exercise", "exercises")
    title = "Exercises"
    description = "Joint military exercises: who hosted, who took part, where and when."
    coverage_note = (
        "a selection of major multinational exercises with their sources, not every "
        "exercise held; participant lists marked + are partial"
    )

    def base_queryset(self):
        return Exercise.objects.select_related("host", "series").annotate(
            participant_count=count_of(Participation, "exercise")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Every exercise the filters select, not only this page's; the same for every page
        # and order of them, so kept until the catalogue changes.
        context["exercise_map"] = cached(
            "exercise-map",
            lambda: exercise_map(self.filterset.qs, "Map of the exercises these filters select"),
            filters=self.filter_key(NOT_FILTERS),
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

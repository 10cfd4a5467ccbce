"""Exercises: the list and the exercise page."""

from ..filters import ExerciseFilter
from ..models import Exercise, Participation
from .base import FilteredListView, RecordDetailView, count_of

EDITION_LIMIT = 100


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
        context.update(
            participations=list(
                exercise.participations.select_related("nation").order_by("role", "nation__name")
            ),
            editions=editions,
            sources=list(exercise.sources.all()),
        )
        return context

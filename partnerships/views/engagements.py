"""Engagements (training, aid, arms, intelligence, dialogue): the list and the page."""

from django.db.models import Prefetch

from ..filters import EngagementFilter
from ..models import Engagement, EngagementParty
from .base import FilteredListView, RecordDetailView


class EngagementListView(FilteredListView):
    model = Engagement
    filterset_class = EngagementFilter
    template_name = "partnerships/engagement_list.html"
    noun = ("engagement", "engagements")
    title = "Engagements"
    description = (
        "Training programmes, military aid, arms agreements, intelligence sharing and "
        "defence dialogues between nations."
    )
    coverage_note = (
        "a selection of training, aid, arms, intelligence and dialogue engagements with "
        "their sources, not a complete record"
    )

    def base_queryset(self):
        return Engagement.objects.select_related("organization").prefetch_related(
            Prefetch(
                "parties",
                queryset=EngagementParty.objects.select_related("nation").order_by(
                    "role", "nation__name"
                ),
            )
        )


class EngagementDetailView(RecordDetailView):
    model = Engagement
    template_name = "partnerships/engagement_detail.html"

    def get_queryset(self):
        return Engagement.objects.select_related("organization").prefetch_related("sources")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            parties=list(
                self.object.parties.select_related("nation").order_by("role", "nation__name")
            ),
            sources=list(self.object.sources.all()),
        )
        return context

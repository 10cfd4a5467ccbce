"""Nations: the filterable list and the nation profile."""

from django.db.models import OuterRef, Prefetch, Q, Subquery

from ..cache import cached
from ..charts import timeline_svg
from ..downloads import resource_downloads
from ..filters import NationFilter
from ..models import (
    EngagementParty,
    EngagementRole,
    Exercise,
    Membership,
    Nation,
    Participation,
    PartnershipMember,
    Source,
    Succession,
)
from .base import FilteredListView, RecordDetailView, count_of

EXERCISE_LIMIT = 100  # the profile shows the latest; the full list is one link away


def _as(row, nation) -> str:
    """The label suffix " (as West Germany)" for a row of a state the nation continues."""
    return "" if row.nation_id == nation.pk else f" (as {row.nation.name})"


class NationListView(FilteredListView):
    model = Nation
    filterset_class = NationFilter
    template_name = "partnerships/nation_list.html"
    primary_filters = ("q", "region", "organization", "year", "ordering")
    noun = ("nation", "nations")
    title = "Nations"
    description = "Every state in the catalogue, present-day and historical, with its ties."
    coverage_note = (
        "every state of the Correlates of War state system since 1816, present-day and historical"
    )
    coverage_date = ""

    def base_queryset(self):
        return Nation.objects.annotate(
            organization_count=count_of(Membership, "nation", status="member", left__isnull=True),
            partnership_count=count_of(PartnershipMember, "nation", distinct="partnership"),
        )


class NationDetailView(RecordDetailView):
    model = Nation
    template_name = "partnerships/nation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        nation = self.object
        # The nation with the states it continues (West Germany's NATO years are Germany's
        # too); rows of a continued state are shown "as" it.
        lineage = Nation.objects.lineage_ids(nation.pk)
        memberships = list(
            Membership.objects.filter(nation__in=lineage)
            .select_related("organization", "nation")
            .order_by("joined", "organization")
        )
        spans = list(
            PartnershipMember.objects.filter(nation__in=lineage)
            .select_related("partnership", "nation")
            .order_by("joined", "partnership__name")
        )
        exercises = self.exercises(lineage)
        parties = list(
            EngagementParty.objects.filter(nation__in=lineage)
            .select_related("engagement")
            .prefetch_related(
                Prefetch(
                    "engagement__parties",
                    queryset=EngagementParty.objects.select_related("nation").exclude(
                        nation__in=lineage
                    ),
                    to_attr="others",
                )
            )
            .order_by("-engagement__start_date", "engagement__name")
        )
        successions = list(
            Succession.objects.filter(Q(predecessor=nation) | Q(successor=nation)).select_related(
                "predecessor", "successor", "source"
            )
        )
        context.update(
            successions_before=[s for s in successions if s.successor_id == nation.pk],
            successions_after=[s for s in successions if s.predecessor_id == nation.pk],
            memberships=memberships,
            current_memberships=[m for m in memberships if m.left is None],
            spans_in_force=[s for s in spans if s.left is None and s.partnership.end_date is None],
            spans_past=[s for s in spans if s.left is not None or s.partnership.end_date],
            exercises=list(exercises[:EXERCISE_LIMIT]),
            exercise_total=exercises.count(),
            engagements_given=[p for p in parties if p.role == EngagementRole.PROVIDER],
            engagements_received=[p for p in parties if p.role == EngagementRole.RECIPIENT],
            engagements_other=[
                p
                for p in parties
                if p.role not in (EngagementRole.PROVIDER, EngagementRole.RECIPIENT)
            ],
            # Counts over every nation: the page's one costly query, so kept until a write.
            top_partners=cached(
                "top_partners",
                lambda: list(
                    Nation.objects.with_ties_to(nation).values(
                        "slug",
                        "name",
                        "shared_partnerships",
                        "shared_exercises",
                        "shared_engagements",
                        "shared_ties",
                    )[:10]
                ),
                nation=nation.pk,
            ),
            timeline_downloads=resource_downloads("partnership", nation=nation.slug),
            # What the page states comes from these: its memberships' and partnerships'.
            sources=list(
                Source.objects.citing(
                    memberships=[m.pk for m in memberships],
                    organizations=[m.organization.slug for m in memberships],
                    partnerships={s.partnership.slug for s in spans},
                )
            ),
            timeline=timeline_svg(
                [
                    (
                        m.organization.short_name + _as(m, nation),
                        m.joined,
                        m.left,
                        m.organization.get_absolute_url(),
                        "Organization",
                    )
                    for m in memberships
                    if m.status == "member"
                ]
                + [
                    (
                        s.partnership.name + _as(s, nation),
                        s.joined,
                        s.left or s.partnership.end_date,
                        s.partnership.get_absolute_url(),
                        "Partnership",
                    )
                    for s in spans
                ],
                title=f"{nation.name}: memberships and partnerships over time",
            ),
        )
        return context

    def exercises(self, lineage):
        """Exercises the nation (or a state it continues) hosted or joined, newest first,
        with its role in each."""
        participations = Participation.objects.filter(exercise=OuterRef("pk"), nation__in=lineage)
        # Two indexed IN lists, not an OR over every exercise: the cost follows the
        # nation's exercises, not the catalogue's.
        joined = Participation.objects.filter(nation__in=lineage).values("exercise_id")
        hosted = Exercise.objects.filter(host__in=lineage).values("pk")
        return (
            Exercise.objects.filter(Q(pk__in=joined) | Q(pk__in=hosted))
            .annotate(role=Subquery(participations.values("role")[:1]))
            .select_related("host")
            .only(
                "name",
                "slug",
                "start_date",
                "start_precision",
                "end_date",
                "end_precision",
                "domain",
                "host__name",
                "host__slug",
            )
            .order_by("-start_date", "name")
        )

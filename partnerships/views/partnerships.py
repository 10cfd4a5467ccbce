"""Partnerships: the list and the partnership page."""

from django.db.models import Prefetch, prefetch_related_objects

from ..charts import timeline_svg
from ..downloads import resource_downloads
from ..filters import PartnershipFilter
from ..models import Partnership, PartnershipMember
from ..phases import partnership_phases
from .base import FilteredListView, RecordDetailView, count_of

PROVISIONS = ("military_aid", "bases", "integrated_command", "formal_organization")
MEMBERS_NAMED = 3  # the list names the members of small partnerships, and counts the rest


def members_prefetch():
    return Prefetch(
        "memberships",
        queryset=PartnershipMember.objects.select_related("nation").only(
            "partnership_id", "nation__name", "nation__slug", "joined", "left"
        ),
    )


class PartnershipListView(FilteredListView):
    model = Partnership
    filterset_class = PartnershipFilter
    template_name = "partnerships/partnership_list.html"
    noun = ("partnership", "partnerships")
    title = "Partnerships"
    description = "Defence pacts, alliances and strategic partnerships, with their obligations."
    coverage_note = (
        "the alliances of the ATOP dataset (to 2016) and curated treaties and "
        "partnerships, each with its sources; an alliance open at ATOP's end is not known"
        " to continue unless a later source says so"
    )

    def base_queryset(self):
        return Partnership.objects.select_related("organization").annotate(
            member_count=count_of(PartnershipMember, "partnership", distinct="nation")
        )

    def complete_rows(self, rows):
        # Only the members the page names: an alliance's 30 members would be fetched and
        # built to be shown as "30 nations" (a page of 200 held ~1,900 of them).
        named = [partnership for partnership in rows if partnership.member_count <= MEMBERS_NAMED]
        prefetch_related_objects(named, members_prefetch())

    def get_context_data(self, **kwargs):
        return super().get_context_data(members_named=MEMBERS_NAMED, **kwargs)


class PartnershipDetailView(RecordDetailView):
    model = Partnership
    template_name = "partnerships/partnership_detail.html"

    def get_queryset(self):
        return Partnership.objects.select_related("organization").prefetch_related("sources")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partnership = self.object
        members = list(
            partnership.memberships.select_related("nation").order_by("joined", "nation__name")
        )
        fields = {field.name: field for field in Partnership._meta.get_fields()}
        context.update(
            members=members,
            members_signed=any(m.signed for m in members),
            provisions=[
                (fields[name].verbose_name.capitalize(), fields[name].help_text)
                for name in PROVISIONS
                if getattr(partnership, name)
            ],
            # Worth a chart once membership changed over the partnership's life.
            member_timeline=timeline_svg(
                [
                    (
                        m.nation.name,
                        m.joined,
                        m.left or partnership.end_date,
                        m.nation.get_absolute_url(),
                        "",
                    )
                    for m in members
                ],
                title=f"{partnership.name}: members over time",
            )
            if any(m.joined != partnership.start_date or m.left for m in members)
            else "",
            sources=list(partnership.sources.all()),
            member_downloads=resource_downloads("nation", partnership=partnership.slug),
            phases=partnership_phases(partnership),
        )
        return context

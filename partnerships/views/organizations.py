"""Organizations: the list and the organization page with its membership timeline."""

from ..charts import count_steps, step_chart_svg
from ..downloads import resource_downloads
from ..filters import OrganizationFilter
from ..models import Membership, MembershipStatus, Organization, PartnershipMember
from .base import FilteredListView, RecordDetailView, count_of

EXERCISE_LIMIT = 50


class OrganizationListView(FilteredListView):
    model = Organization
    filterset_class = OrganizationFilter
    template_name = "partnerships/organization_list.html"
    noun = ("organization", "organizations")
    title = "Organizations"
    description = "Alliances, security organizations and forums, with their members over time."
    coverage_note = (
        "security organizations, alliances and forums chosen for their defence role, not "
        "every international organization"
    )
    coverage_date = "founded"

    def base_queryset(self):
        return Organization.objects.annotate(
            member_count=count_of(Membership, "organization", status="member", left__isnull=True)
        )


class OrganizationDetailView(RecordDetailView):
    model = Organization
    template_name = "partnerships/organization_detail.html"

    def get_queryset(self):
        return Organization.objects.select_related("parent").prefetch_related("sources")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = self.object
        memberships = list(
            organization.memberships.select_related("nation").order_by("joined", "nation__name")
        )
        members = [m for m in memberships if m.status == MembershipStatus.MEMBER]
        steps = count_steps((m.joined, m.left) for m in members)
        exercises = organization.exercises.select_related("host").order_by("-start_date", "name")
        context.update(
            current_members=[m for m in members if m.left is None],
            former_members=[m for m in members if m.left is not None],
            associates=[m for m in memberships if m.status != MembershipStatus.MEMBER],
            members=members,
            steps=steps,
            member_chart=step_chart_svg(
                steps,
                title=f"{organization.short_name}: number of members over time",
            ),
            partnerships=organization.partnerships.annotate(
                member_count=count_of(PartnershipMember, "partnership", distinct="nation")
            ).order_by("start_date", "name"),
            exercises=list(exercises[:EXERCISE_LIMIT]),
            exercise_total=exercises.count(),
            children=organization.children.annotate(
                member_count=count_of(
                    Membership, "organization", status="member", left__isnull=True
                )
            ).order_by("name"),
            sources=list(organization.sources.all()),
            member_downloads=resource_downloads("nation", organization=organization.slug),
        )
        return context

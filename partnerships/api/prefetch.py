"""What each API resource reads: its records in list order, and how its nested lists run.

A `Selection` gives the records (the queryset the FilterSet filters and the pages cut)
and, by the serializer's source path of each nested list (`"memberships"`, or
`"organization.sources"` below a summary), its order where it is not the related model's
own, and the records it may show where not all may be (`visible`). A nested list reads
the related model's default manager otherwise, so that manager must not depend on the
time or the request. Which columns are read comes from the serializers (reader.py).
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from ..models import Article, Engagement, Exercise, Nation, Organization, Partnership, Source


@dataclass(frozen=True)
class Selection:
    records: QuerySet
    order: dict[str, tuple[str, ...]] = field(default_factory=dict)
    visible: dict[str, QuerySet] = field(default_factory=dict)


def nations() -> Selection:
    return Selection(
        Nation.objects.order_by("name", "pk"),
        order={
            "memberships": ("joined", "organization__name", "pk"),
            "partnership_memberships": ("joined", "partnership__name", "pk"),
        },
    )


def sources() -> Selection:
    return Selection(Source.objects.order_by("title", "pk"))


def organizations() -> Selection:
    return Selection(
        Organization.objects.order_by("name", "pk"),
        order={"memberships": ("joined", "nation__name", "pk")},
    )


def partnerships() -> Selection:
    return Selection(
        Partnership.objects.order_by("start_date", "name", "pk"),
        order={"memberships": ("joined", "nation__name", "pk")},
    )


def exercises() -> Selection:
    return Selection(
        Exercise.objects.order_by("-start_date", "name", "pk"),
        order={"participations": ("role", "nation__name", "pk")},
    )


def engagements() -> Selection:
    return Selection(
        Engagement.objects.order_by("-start_date", "name", "pk"),
        order={"parties": ("role", "nation__name", "pk")},
    )


def articles(*, drafts: bool) -> Selection:
    """Articles with their links; without `drafts`, only what the public may read."""
    visible = Article.objects.all() if drafts else Article.objects.published()
    return Selection(
        visible.order_by("-published_at", "title", "pk"),
        visible={"related_articles": visible},
    )

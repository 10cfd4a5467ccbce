"""The querysets the API reads from: every related record a serializer shows, fetched up front.

Each nested list is a `Prefetch(..., to_attr="api_...")` limited with `only()` to the
columns its summary shows, so a list endpoint costs a fixed number of queries (one per
relation) whatever its page size, and `iterator(chunk_size=...)` (CSV) keeps them.
"""

from django.db.models import Prefetch

from ..models import (
    Article,
    Engagement,
    EngagementParty,
    Exercise,
    Membership,
    Nation,
    Organization,
    Participation,
    Partnership,
    PartnershipMember,
    Source,
)

# The columns each summary serializer in serializers.py reads.
_REF_FIELDS = {
    "nation": ("id", "name", "slug", "iso3", "updated_at"),
    "organization": ("id", "name", "acronym", "slug", "updated_at"),
    "partnership": ("id", "name", "slug", "kind", "updated_at"),
    "exercise": ("id", "name", "slug", "start_date", "updated_at"),
    "engagement": ("id", "name", "slug", "kind", "updated_at"),
    "article": ("id", "title", "slug", "updated_at"),
    "source": ("id", "title", "slug", "publisher", "published", "url", "updated_at"),
}
_SPAN = ("joined", "joined_precision", "left", "left_precision")


def _ref(model_name, through=""):
    prefix = f"{through}__" if through else ""
    return [prefix + name for name in _REF_FIELDS[model_name]]


def _refs(relation, model, to_attr):
    """A many-to-many relation as summaries."""
    name = model._meta.model_name
    return Prefetch(relation, queryset=model.objects.only(*_ref(name)), to_attr=to_attr)


def _sources():
    return _refs("sources", Source, "api_sources")


def nations():
    memberships = (
        Membership.objects.select_related("organization")
        .only(
            *_ref("organization", "organization"),
            "organization",
            "nation",
            "status",
            *_SPAN,
            "updated_at",
        )
        .order_by("joined", "organization__name", "pk")
    )
    partnerships = (
        PartnershipMember.objects.select_related("partnership")
        .only(
            *_ref("partnership", "partnership"),
            "partnership",
            "nation",
            "role",
            *_SPAN,
            "updated_at",
        )
        .order_by("joined", "partnership__name", "pk")
    )
    return Nation.objects.prefetch_related(
        Prefetch("memberships", queryset=memberships, to_attr="api_memberships"),
        Prefetch("partnership_memberships", queryset=partnerships, to_attr="api_partnerships"),
    ).order_by("name", "pk")


def sources():
    return Source.objects.order_by("title", "pk")


def organizations():
    members = (
        Membership.objects.select_related("nation")
        .only(
            *_ref("nation", "nation"),
            "nation",
            "organization",
            "status",
            *_SPAN,
            "notes",
            "updated_at",
        )
        .order_by("joined", "nation__name", "pk")
    )
    return (
        Organization.objects.select_related("parent")
        .prefetch_related(
            Prefetch("memberships", queryset=members, to_attr="api_members"), _sources()
        )
        .order_by("name", "pk")
    )


def partnerships():
    members = (
        PartnershipMember.objects.select_related("nation")
        .only(*_ref("nation", "nation"), "nation", "partnership", "role", *_SPAN, "updated_at")
        .order_by("joined", "nation__name", "pk")
    )
    return (
        Partnership.objects.select_related("organization")
        .prefetch_related(Prefetch("memberships", queryset=members, to_attr="api_members"))
        .prefetch_related(_sources())
        .order_by("start_date", "name", "pk")
    )


def exercises():
    participants = (
        Participation.objects.select_related("nation")
        .only(*_ref("nation", "nation"), "nation", "exercise", "role", "contribution", "updated_at")
        .order_by("role", "nation__name", "pk")
    )
    return (
        Exercise.objects.select_related("series", "host")
        .prefetch_related(
            Prefetch("participations", queryset=participants, to_attr="api_participants"),
            _refs("organizations", Organization, "api_organizations"),
            _sources(),
        )
        .order_by("-start_date", "name", "pk")
    )


def engagements():
    parties = (
        EngagementParty.objects.select_related("nation")
        .only(*_ref("nation", "nation"), "nation", "engagement", "role", "updated_at")
        .order_by("role", "nation__name", "pk")
    )
    return (
        Engagement.objects.select_related("organization")
        .prefetch_related(Prefetch("parties", queryset=parties, to_attr="api_parties"), _sources())
        .order_by("-start_date", "name", "pk")
    )


def articles(*, drafts: bool):
    """Articles with their links; without `drafts`, only what the public may read."""
    from ..models import Topic

    visible = Article.objects.all() if drafts else Article.objects.published()
    related = visible.only(*_ref("article"))
    return visible.prefetch_related(
        Prefetch(
            "topics",
            queryset=Topic.objects.only("id", "name", "slug", "updated_at"),
            to_attr="api_topics",
        ),
        _refs("nations", Nation, "api_nations"),
        _refs("organizations", Organization, "api_organizations"),
        _refs("partnerships", Partnership, "api_partnerships"),
        _refs("exercises", Exercise, "api_exercises"),
        _refs("engagements", Engagement, "api_engagements"),
        Prefetch("related_articles", queryset=related, to_attr="api_related"),
        _sources(),
    ).order_by("-published_at", "title", "pk")

"""The querysets the API reads from: every related record a serializer shows, fetched up front.

Each nested list is a `Prefetch(..., to_attr="api_...")` limited to the columns its
summary shows (through-table rows as light objects, see rows.py; m2m summaries with
`only()`), so a list endpoint costs a fixed number of queries (one per
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
from .rows import light

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


def _rows(queryset, parent, *columns, **related):
    """Nested rows as light objects (rows.py): their columns and related summaries."""
    local = ("id", f"{parent}_id", *columns, "updated_at")
    return light(queryset, {"": local, **{name: _REF_FIELDS[name] for name in related}})


def nations():
    memberships = _rows(
        Membership.objects.order_by("joined", "organization__name", "pk"),
        "nation",
        "status",
        *_SPAN,
        organization=True,
    )
    partnerships = _rows(
        PartnershipMember.objects.order_by("joined", "partnership__name", "pk"),
        "nation",
        "role",
        *_SPAN,
        partnership=True,
    )
    return Nation.objects.prefetch_related(
        Prefetch("memberships", queryset=memberships, to_attr="api_memberships"),
        Prefetch("partnership_memberships", queryset=partnerships, to_attr="api_partnerships"),
    ).order_by("name", "pk")


def sources():
    return Source.objects.order_by("title", "pk")


def organizations():
    members = _rows(
        Membership.objects.order_by("joined", "nation__name", "pk"),
        "organization",
        "status",
        *_SPAN,
        "notes",
        nation=True,
    )
    return (
        Organization.objects.select_related("parent")
        .prefetch_related(
            Prefetch("memberships", queryset=members, to_attr="api_members"), _sources()
        )
        .order_by("name", "pk")
    )


def partnerships():
    members = _rows(
        PartnershipMember.objects.order_by("joined", "nation__name", "pk"),
        "partnership",
        "role",
        "signed",
        "signed_precision",
        "joined_by",
        *_SPAN,
        nation=True,
    )
    return (
        Partnership.objects.select_related("organization")
        .prefetch_related(Prefetch("memberships", queryset=members, to_attr="api_members"))
        .prefetch_related(_sources())
        .order_by("start_date", "name", "pk")
    )


def exercises():
    participants = _rows(
        Participation.objects.order_by("role", "nation__name", "pk"),
        "exercise",
        "role",
        "contribution",
        nation=True,
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
    parties = _rows(
        EngagementParty.objects.order_by("role", "nation__name", "pk"),
        "engagement",
        "role",
        nation=True,
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

"""Reads, named for what they select.

Every page, endpoint, feed and importer selects through these methods, so a
definition such as "active in 1995" or "public article" lives in one place.

Time is inclusive and by calendar day: a record is active in a year when its
span covers at least one day of that year. An imprecise date is stored as the
first day of the period it names (see `DatePrecision`).
"""

import datetime

from django.apps import apps
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _by(record, field="nation"):
    """Filter kwargs for a related record given as an instance, a primary key or a slug."""
    if isinstance(record, models.Model):
        return {field: record}
    if isinstance(record, int):
        return {f"{field}_id": record}
    return {f"{field}__slug": record}


def overlaps(start_field, end_field, start, end):
    """Q for spans [start_field, end_field or open] that share a day with [start, end]."""
    return Q(**{f"{start_field}__lte": end}) & (
        Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": start})
    )


class DatedQuerySet(models.QuerySet):
    """Records with a span; subclasses name their start and end fields."""

    start_field = "start_date"
    end_field = "end_date"

    def overlapping(self, start, end):
        return self.filter(overlaps(self.start_field, self.end_field, start, end))

    def active_on(self, date):
        return self.overlapping(date, date)

    def active_in(self, year: int):
        return self.overlapping(*year_bounds(year))

    def current(self):
        today = timezone.localdate()
        return self.active_on(today)

    def ended(self):
        return self.filter(**{f"{self.end_field}__lt": timezone.localdate()})


class SourcedQuerySet(models.QuerySet):
    def from_dataset(self, dataset: str):
        """Records that cite a source of this research dataset (atop, mme, ...)."""
        Source = apps.get_model("partnerships", "Source")
        through = self.model.sources.through
        column = f"{self.model._meta.model_name}_id"
        cited = through.objects.filter(
            **{column: OuterRef("pk")},
            source__in=Source.objects.filter(dataset=dataset),
        )
        return self.filter(Exists(cited))


class SluggedQuerySet(models.QuerySet):
    """Records addressed by their unique slug, which is also their natural key: backups
    (dumpdata --natural-foreign) and fixtures name related records by slug."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SearchableQuerySet(models.QuerySet):
    search_fields = ("name",)

    def search(self, text: str):
        """Case-insensitive match on the record's names (see search.py for ranked search)."""
        text = (text or "").strip()
        if not text:
            return self
        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": text})
        return self.filter(query)


class SourceQuerySet(SluggedQuerySet, SearchableQuerySet):
    search_fields = ("title", "publisher")

    def datasets(self):
        return self.exclude(dataset="")


class NationQuerySet(SluggedQuerySet, SearchableQuerySet):
    search_fields = ("name", "official_name", "iso3", "aliases__name")

    def search(self, text):
        return super().search(text).distinct()

    def present_day(self):
        return self.filter(is_historical=False)

    def in_region(self, region: str):
        return self.filter(region=region)

    def lineage_ids(self, nation) -> set[int]:
        """The nation's id and those of the states it continues (see docs/architecture.md).

        A state continues another when both carry the same COW code and each of the other's
        statehood spells lies within one of its own: Russia (365, 1816-) continues the
        Soviet Union (365, 1922-1991), Serbia continues Yugoslavia (345). Not the reverse,
        and not across codes: Czechia (316) does not continue Czechoslovakia (315), nor
        Germany (255) West Germany (260), as COW codes them.
        """
        Statehood = apps.get_model("partnerships", "Statehood")
        if nation.cow_code is None:
            return {nation.pk}
        same_code = self.filter(cow_code=nation.cow_code).values_list("pk", flat=True)
        spells = {}
        for nation_id, start, end in Statehood.objects.filter(nation_id__in=same_code).values_list(
            "nation_id", "start_date", "end_date"
        ):
            spells.setdefault(nation_id, []).append((start, end or datetime.date.max))
        own = spells.get(nation.pk, [])
        lineage = {nation.pk}
        for other, their_spells in spells.items():
            if other != nation.pk and all(
                any(start <= s and e <= end for start, end in own) for s, e in their_spells
            ):
                lineage.add(other)
        return lineage

    def members_of(self, organization, *, year=None, on=None, status="member"):
        """Nations with a membership (of this status) in the organization, then or ever."""
        Membership = apps.get_model("partnerships", "Membership")
        memberships = Membership.objects.filter(
            nation=OuterRef("pk"), status=status, **_by(organization, "organization")
        )
        if year is not None:
            memberships = memberships.active_in(year)
        if on is not None:
            memberships = memberships.active_on(on)
        return self.filter(Exists(memberships))

    def with_ties_to(self, nation):
        """Other nations, each annotated with what it shares with `nation` (an instance).

        `shared_partnerships`, `shared_exercises`, `shared_engagements` count the records
        both took part in (ever); `shared_ties` is their sum. Nations sharing nothing are
        left out; the closest come first.
        """

        def shared(model_name, parent):
            Party = apps.get_model("partnerships", model_name)
            theirs = Party.objects.filter(nation=nation).values(parent)
            counts = (
                Party.objects.filter(nation=OuterRef("pk"), **{f"{parent}__in": theirs})
                .order_by()
                .values("nation")
                .annotate(n=Count(parent, distinct=True))
                .values("n")[:1]
            )
            return Coalesce(Subquery(counts), 0)

        return (
            self.exclude(pk=nation.pk)
            .annotate(
                shared_partnerships=shared("PartnershipMember", "partnership"),
                shared_exercises=shared("Participation", "exercise"),
                shared_engagements=shared("EngagementParty", "engagement"),
            )
            .annotate(
                shared_ties=F("shared_partnerships")
                + F("shared_exercises")
                + F("shared_engagements")
            )
            .filter(shared_ties__gt=0)
            .order_by("-shared_ties", "name")
        )

    def in_partnership(self, partnership, *, year=None, on=None):
        """Nations that were members of the partnership, then or ever."""
        PartnershipMember = apps.get_model("partnerships", "PartnershipMember")
        spans = PartnershipMember.objects.filter(
            nation=OuterRef("pk"), **_by(partnership, "partnership")
        )
        if year is not None:
            spans = spans.active_in(year)
        if on is not None:
            spans = spans.active_on(on)
        return self.filter(Exists(spans))


class OrganizationQuerySet(SluggedQuerySet, DatedQuerySet, SearchableQuerySet, SourcedQuerySet):
    start_field = "founded"
    end_field = "dissolved"
    search_fields = ("name", "acronym")

    def involving(self, *nations, year=None, on=None):
        """Organizations of which every given nation is a member (in that year or on that day)."""
        Membership = apps.get_model("partnerships", "Membership")
        queryset = self
        for nation in nations:
            spans = Membership.objects.members().filter(organization=OuterRef("pk"), **_by(nation))
            if year is not None:
                spans = spans.active_in(year)
            if on is not None:
                spans = spans.active_on(on)
            queryset = queryset.filter(Exists(spans))
        return queryset


class MembershipQuerySet(DatedQuerySet):
    start_field = "joined"
    end_field = "left"

    def members(self):
        """Only full members count as members; partners and observers do not."""
        return self.filter(status="member")


class _MemberSpanMixin:
    """`involving` for records whose nations belong to them over spans of time."""

    member_model = None  # "app_label.Model" of the through table
    member_parent = None  # its foreign key to this record

    def involving(self, *nations, year=None, on=None):
        """Records that involve every given nation; with a year or day, all of them then."""
        Member = apps.get_model(self.member_model)
        queryset = self
        for nation in nations:
            spans = Member.objects.filter(**{self.member_parent: OuterRef("pk")}).filter(
                **_by(nation)
            )
            if year is not None:
                spans = spans.active_in(year)
            if on is not None:
                spans = spans.active_on(on)
            queryset = queryset.filter(Exists(spans))
        return queryset


class PartnershipQuerySet(
    SluggedQuerySet, _MemberSpanMixin, DatedQuerySet, SearchableQuerySet, SourcedQuerySet
):
    member_model = "partnerships.PartnershipMember"
    member_parent = "partnership"
    search_fields = ("name", "description")

    def in_force(self):
        return self.filter(end_date__isnull=True)

    def of_kind(self, kind):
        return self.filter(kind=kind)

    def with_obligation(self, obligation: str):
        return self.filter(**{obligation: True})

    def alliances(self):
        """Partnerships with a treaty obligation beyond consultation."""
        return self.filter(Q(defense=True) | Q(offense=True) | Q(neutrality=True))

    def with_any_obligation(self):
        """Partnerships with any ATOP obligation, consultation and non-aggression included."""
        return self.filter(
            Q(defense=True)
            | Q(offense=True)
            | Q(neutrality=True)
            | Q(nonaggression=True)
            | Q(consultation=True)
        )

    def allied(self, a, b, *, year: int):
        """The alliances through which nations `a` and `b` were allied in `year`.

        Partnerships with any obligation whose membership spans of both states each cover
        some day of the year (a member's phases are one merged span). A state counts with
        the states it continues (`NationQuerySet.lineage_ids`): Russia in 1970 is allied
        through the Soviet Union's alliances.
        """
        if a.pk == b.pk:
            return self.none()
        Nation = apps.get_model("partnerships", "Nation")
        PartnershipMember = apps.get_model("partnerships", "PartnershipMember")
        queryset = self.with_any_obligation()
        for nation in (a, b):
            spans = PartnershipMember.objects.filter(
                partnership=OuterRef("pk"), nation_id__in=Nation.objects.lineage_ids(nation)
            ).active_in(year)
            queryset = queryset.filter(Exists(spans))
        return queryset


class PartnershipMemberQuerySet(DatedQuerySet):
    start_field = "joined"
    end_field = "left"


class _ParticipantsMixin:
    """`involving` for records whose nations take part without their own dates."""

    party_model = None
    party_parent = None

    def involving(self, *nations, year=None, on=None):
        Party = apps.get_model(self.party_model)
        queryset = self
        for nation in nations:
            parties = Party.objects.filter(**{self.party_parent: OuterRef("pk")}).filter(
                **_by(nation)
            )
            queryset = queryset.filter(Exists(parties))
        if year is not None:
            queryset = queryset.active_in(year)
        if on is not None:
            queryset = queryset.active_on(on)
        return queryset


class ExerciseSeriesQuerySet(SluggedQuerySet, SearchableQuerySet):
    search_fields = ("name", "description")


class ExerciseQuerySet(
    SluggedQuerySet, _ParticipantsMixin, DatedQuerySet, SearchableQuerySet, SourcedQuerySet
):
    party_model = "partnerships.Participation"
    party_parent = "exercise"
    search_fields = ("name", "location", "series__name")

    def held_in(self, year: int):
        return self.active_in(year)

    def in_domain(self, domain: str):
        return self.filter(domain=domain)

    def hosted_by(self, nation):
        return self.filter(**_by(nation, "host"))

    def upcoming(self):
        return self.filter(start_date__gt=timezone.localdate()).order_by("start_date")

    def recent(self):
        return self.filter(start_date__lte=timezone.localdate()).order_by("-start_date")


class ParticipationQuerySet(models.QuerySet):
    def hosts(self):
        return self.filter(role="host")


class EngagementQuerySet(
    SluggedQuerySet, _ParticipantsMixin, DatedQuerySet, SearchableQuerySet, SourcedQuerySet
):
    party_model = "partnerships.EngagementParty"
    party_parent = "engagement"
    search_fields = ("name", "description")

    def of_kind(self, kind):
        return self.filter(kind=kind)

    def with_party(self, nation, *, role=None):
        """Engagements the nation is party to (in this role: provider, recipient, ...)."""
        Party = apps.get_model(self.party_model)
        parties = Party.objects.filter(engagement=OuterRef("pk"), **_by(nation))
        if role:
            parties = parties.filter(role=role)
        return self.filter(Exists(parties))

    def provided_by(self, nation):
        return self.with_party(nation, role="provider")

    def received_by(self, nation):
        return self.with_party(nation, role="recipient")


class EngagementPartyQuerySet(models.QuerySet):
    pass


class TopicQuerySet(SluggedQuerySet):
    pass


class ArticleQuerySet(SluggedQuerySet, SearchableQuerySet):
    search_fields = ("title", "summary", "body")

    def published(self):
        """What the public sees: published, and its publication time has come."""
        return self.filter(status="published", published_at__lte=timezone.now())

    def drafts(self):
        return self.filter(status="draft")

    def scheduled(self):
        return self.filter(status="published", published_at__gt=timezone.now())

    def visible_to(self, user):
        if user is not None and user.is_active and user.is_staff:
            return self
        return self.published()


def allied_in(a, b, year: int):
    """Were a and b allied in year Y, and through which instruments? See `allied`."""
    from .models import Partnership

    return Partnership.objects.allied(a, b, year=year)

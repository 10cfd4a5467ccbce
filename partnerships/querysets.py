"""Reads, named for what they select.

Every page, endpoint, feed and importer selects through these methods, so a
definition such as "active in 1995" or "public article" lives in one place.

Time is inclusive and by calendar day. A date known only to the month or year is
stored as the first day of that period with its last day beside it (`DateBounds`), and
`timespans.py` holds the one rule for when spans meet. A single record is active in a
year or on a day when it may have been (its end "1995" counts in all of 1995); several
nations share a record at a time when their own spans certainly meet (`involving`).
A nation counts with the states it continues (`lineages`, read from
`Succession` records).
"""

import datetime

from django.apps import apps
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models.common import bound_names
from .timespans import ALL_TIME, Level, meets_outer, span_in_window, window_of


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _by(record, field="nation"):
    """Filter kwargs for a related record given as an instance, a primary key or a slug."""
    if isinstance(record, models.Model):
        return {field: record}
    if isinstance(record, int):
        return {f"{field}_id": record}
    return {f"{field}__slug": record}


def _outer(name: str, depth: int):
    for _ in range(depth):
        name = OuterRef(name)
    return name


def nation_ids(nations) -> list[int]:
    """Primary keys of nations given as instances, primary keys or slugs (in that order)."""
    Nation = apps.get_model("partnerships", "Nation")
    slugs = [n for n in nations if not isinstance(n, models.Model | int)]
    by_slug = dict(Nation.objects.filter(slug__in=slugs).values_list("slug", "pk")) if slugs else {}
    return [
        n.pk if isinstance(n, models.Model) else n if isinstance(n, int) else by_slug.get(n, 0)
        for n in nations
    ]


def co_membership(rows, parent, groups, *, window=ALL_TIME, level=Level.YES, span=None):
    """Exists: the outer record has one of `rows` for each group of nation ids (a nation and
    the states it continues), each of a different state, all sharing a day of the window
    (read at `level`, see timespans.py) when `span` names the rows' (start, end) fields.

    One subquery per group, nested, each compared with every one around it: intervals
    that meet pairwise share a common day.
    """

    def group_rows(index):
        query = rows.filter(**{parent: _outer("pk", index + 1)}, nation_id__in=groups[index])
        if span and window != ALL_TIME:
            query = query.filter(span_in_window(*span, window, level))
        for depth in range(1, index + 1):  # the rows chosen for the earlier groups
            query = query.exclude(nation_id=_outer("nation_id", depth))
            if span and window != ALL_TIME:
                query = query.filter(meets_outer(*span, level, depth))
        if index + 1 < len(groups):
            query = query.filter(Exists(group_rows(index + 1)))
        return query

    return Exists(group_rows(0))


def continuations() -> dict[int, list[int]]:
    """{state id: ids of the states it directly continues}, from `Succession` records of
    kind continuation; cached until the catalogue changes."""
    from .cache import cached

    def read():
        Succession = apps.get_model("partnerships", "Succession")
        graph = {}
        rows = Succession.objects.continuations().values_list("successor_id", "predecessor_id")
        for successor, predecessor in rows.order_by("pk"):
            graph.setdefault(successor, []).append(predecessor)
        return graph

    return cached("continuations", read)


def lineages(ids: list[int]) -> list[set[int]]:
    """For each nation id: itself and every state it continues, transitively (Russia and
    the Soviet Union; Germany and West Germany). Never the reverse: the Soviet Union does
    not count with Russia, nor does a state count with one it absorbed or split from."""
    graph = continuations()
    found_for = []
    for pk in ids:
        found, todo = {pk}, [pk]
        while todo:
            for predecessor in graph.get(todo.pop(), ()):
                if predecessor not in found:
                    found.add(predecessor)
                    todo.append(predecessor)
        found_for.append(found)
    return found_for


class BoundedQuerySet(models.QuerySet):
    """bulk_create and bulk_update fill each date's latest-day bound, as save() does, so
    importers and loaders writing in bulk need not know about it (see `DateBounds`)."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.fill_date_bounds()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs, fields = list(objs), list(fields)
        for obj in objs:
            obj.fill_date_bounds()
        for date_field in self.model.date_fields:
            precision, latest = bound_names(date_field)
            if (date_field in fields or precision in fields) and latest not in fields:
                fields.append(latest)
        return super().bulk_update(objs, fields, *args, **kwargs)


class DatedQuerySet(BoundedQuerySet):
    """Records with a span; subclasses name their start and end fields."""

    start_field = "start_date"
    end_field = "end_date"

    def overlapping(self, start, end):
        """Records that may have run on a day from `start` to `end`: none is under-claimed
        (an end "1995" counts in all of 1995)."""
        return self.filter(
            span_in_window(self.start_field, self.end_field, (start, end), Level.UNCERTAIN)
        )

    def active_on(self, date):
        return self.overlapping(date, date)

    def active_in(self, year: int):
        return self.overlapping(*year_bounds(year))

    def current(self):
        today = timezone.localdate()
        return self.active_on(today)

    def ended(self):
        """Records that certainly ended before today."""
        latest_end = bound_names(self.end_field)[1]
        return self.filter(**{f"{latest_end}__lt": timezone.localdate()})


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
        """The nation's id and those of the states it continues (see `lineages`)."""
        return lineages(nation_ids([nation]))[0]

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
        """Other nations, each annotated with what it shares with `nation` (an instance,
        counted with the states it continues).

        `shared_partnerships`, `shared_exercises`, `shared_engagements` count the records
        both took part in (ever); `shared_ties` is their sum. Nations sharing nothing are
        left out; the closest come first.
        """
        lineage = lineages([nation.pk])[0]

        def shared(model_name, parent):
            Party = apps.get_model("partnerships", model_name)
            theirs = Party.objects.filter(nation__in=lineage).values(parent)
            counts = (
                Party.objects.filter(nation=OuterRef("pk"), **{f"{parent}__in": theirs})
                .order_by()
                .values("nation")
                .annotate(n=Count(parent, distinct=True))
                .values("n")[:1]
            )
            return Coalesce(Subquery(counts), 0)

        return (
            self.exclude(pk__in=lineage)
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
        """Organizations of which every given nation (each with the states it continues) was
        a full member; with a year or a day, all of them at once then (timespans.py)."""
        if not nations:
            return self
        Membership = apps.get_model("partnerships", "Membership")
        return self.filter(
            co_membership(
                Membership.objects.members(),
                "organization",
                lineages(nation_ids(nations)),
                window=window_of(year, on),
                span=("joined", "left"),
            )
        )


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

    def involving(self, *nations, year=None, on=None, level=Level.YES):
        """Records that involve every given nation (each with the states it continues);
        with a year or a day, all of them at once then: their own spans share a day of it,
        certainly (`level=Level.UNCERTAIN`: possibly; see timespans.py)."""
        if not nations:
            return self
        Member = apps.get_model(self.member_model)
        return self.filter(
            co_membership(
                Member.objects.all(),
                self.member_parent,
                lineages(nation_ids(nations)),
                window=window_of(year, on),
                level=level,
                span=("joined", "left"),
            )
        )


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
        """The alliances through which nations `a` and `b` were allied in `year`: those
        answering "yes" in `alliances.alliance_answer` (both members on a common day of the
        year, certainly, with some obligation in force for either then; each nation counts
        with the states it continues)."""
        from .alliances import alliance_answer

        answer = alliance_answer(a, b, year)
        return self.filter(pk__in=[found.partnership.pk for found in answer.allied_through])


class PartnershipMemberQuerySet(DatedQuerySet):
    start_field = "joined"
    end_field = "left"


class ObligationPeriodQuerySet(DatedQuerySet):
    pass


class SuccessionQuerySet(models.QuerySet):
    def continuations(self):
        """Successions in which the successor continues its predecessor's legal personality."""
        return self.filter(kind="continuation")


class _ParticipantsMixin:
    """`involving` for records whose nations take part without their own dates."""

    party_model = None
    party_parent = None

    def involving(self, *nations, year=None, on=None):
        """Records every given nation (each with the states it continues) took part in;
        with a year or a day, records active then."""
        queryset = self
        if nations:
            Party = apps.get_model(self.party_model)
            groups = lineages(nation_ids(nations))
            rows = Party.objects.all()
            queryset = queryset.filter(co_membership(rows, self.party_parent, groups))
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

    def in_domain(self, *domains: str):
        """Exercises in any of the domains, as their main domain or one of the others."""
        match = models.Q(domain__in=domains)
        for domain in domains:
            # `other_domains` is a comma list: match the whole word, not "air" in "hair".
            match |= (
                models.Q(other_domains=domain)
                | models.Q(other_domains__startswith=f"{domain},")
                | models.Q(other_domains__endswith=f",{domain}")
                | models.Q(other_domains__contains=f",{domain},")
            )
        return self.filter(match)

    def in_region(self, *regions: str):
        return self.filter(region__in=regions)

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

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

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import Contains
from django.utils import timezone

from .cache import cached
from .date_precision import bound_names
from .folding import Folded, folded_words
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


def _related(model, name: str):
    """The model at the other end of `name`, a field or reverse relation of `model`: how a
    QuerySet reaches related models without importing them (models import this module)."""
    return model._meta.get_field(name).related_model


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
        Source = _related(self.model, "sources")
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
    """`?q=` on every list, and the matching of `/search/` (search.py adds the ranking)."""

    search_fields = ("name",)

    def word_matches(self, word: str):
        """The condition that a folded word occurs in one of the record's fields."""
        condition = Q()
        for name in self.search_fields:
            condition |= Q(Contains(Folded(F(name)), Value(word)))
        return condition

    def matching(self, words: list[str]):
        """Records in which every (folded) word occurs in one of their fields."""
        queryset = self
        for word in words:
            queryset = queryset.filter(self.word_matches(word))
        return queryset

    def search(self, text: str):
        """Accent- and case-blind: "cote" finds Côte d’Ivoire (folding.py)."""
        return self.matching(folded_words(text))


class SourceQuerySet(SluggedQuerySet, SearchableQuerySet):
    search_fields = ("title", "publisher")

    def citing(self, **records):
        """Sources cited by any of the records, by relation and slugs or ids:
        `citing(partnerships=[...], exercises=[...], memberships=[ids])`; one query."""
        match = models.Q(pk__in=[])
        for relation, keys in records.items():
            keys = list(keys)
            if not keys:
                continue
            lookup = "pk" if relation == "memberships" else "slug"
            match |= models.Q(
                pk__in=self.model.objects.filter(**{f"{relation}__{lookup}__in": keys}).values("pk")
            )
        return self.filter(match).order_by("title")

    def datasets(self):
        return self.exclude(dataset="")


class NationQuerySet(SluggedQuerySet, SearchableQuerySet):
    search_fields = ("name", "official_name", "iso3")

    def word_matches(self, word: str):
        """Also through an alias ("ivory" finds Côte d’Ivoire by "Ivory Coast")."""
        Alias = _related(self.model, "aliases")
        aliases = Alias.objects.filter(
            Contains(Folded(F("name")), Value(word)), nation=OuterRef("pk")
        )
        return super().word_matches(word) | Q(Exists(aliases))

    def present_day(self):
        return self.filter(is_historical=False)

    def in_region(self, region: str):
        return self.filter(region=region)

    def ids_of(self, nations) -> list[int]:
        """Primary keys of nations given as instances, primary keys or slugs (in order; an
        unknown slug gives 0, which matches nothing)."""
        slugs = [n for n in nations if not isinstance(n, models.Model | int)]
        by_slug = dict(self.filter(slug__in=slugs).values_list("slug", "pk")) if slugs else {}
        return [
            n.pk if isinstance(n, models.Model) else n if isinstance(n, int) else by_slug.get(n, 0)
            for n in nations
        ]

    def continuations(self) -> dict[int, list[int]]:
        """{state id: ids of the states it directly continues}, from `Succession` records of
        kind continuation; cached until the catalogue changes."""
        Succession = _related(self.model, "successions_as_successor")

        def read():
            graph = {}
            rows = Succession.objects.continuations().values_list("successor_id", "predecessor_id")
            for successor, predecessor in rows.order_by("pk"):
                graph.setdefault(successor, []).append(predecessor)
            return graph

        return cached("continuations", read)

    def lineages(self, nations) -> list[set[int]]:
        """For each nation (instance, id or slug): its id and those of every state it
        continues, transitively (Russia and the Soviet Union; Germany and West Germany).
        Never the reverse: the Soviet Union does not count with Russia, nor does a state
        count with one it absorbed or split from."""
        graph = self.continuations()
        found_for = []
        for pk in self.ids_of(nations):
            found, todo = {pk}, [pk]
            while todo:
                for predecessor in graph.get(todo.pop(), ()):
                    if predecessor not in found:
                        found.add(predecessor)
                        todo.append(predecessor)
            found_for.append(found)
        return found_for

    def lineage_ids(self, nation) -> set[int]:
        """The nation's id and those of the states it continues (see `lineages`)."""
        return self.lineages([nation])[0]

    def members_of(self, organization, *, year=None, on=None, status="member"):
        """Nations with a membership (of this status) in the organization, then or ever."""
        Membership = _related(self.model, "memberships")
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
        left out; the closest come first. An exercise whose participant list is partial
        (`unknown_participants`) is not counted: who was missing from it is not known, so
        it would favour the few nations named.
        """
        lineage = self.lineage_ids(nation.pk)

        def shared(relation, parent, **complete):
            Party = _related(self.model, relation)
            theirs = Party.objects.filter(nation__in=lineage, **complete).values(parent)
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
                shared_partnerships=shared("partnership_memberships", "partnership"),
                shared_exercises=shared(
                    "participations", "exercise", exercise__unknown_participants=0
                ),
                shared_engagements=shared("engagement_parties", "engagement"),
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
        PartnershipMember = _related(self.model, "partnership_memberships")
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
        Membership = _related(self.model, "memberships")
        Nation = _related(Membership, "nation")
        return self.filter(
            co_membership(
                Membership.objects.members(),
                "organization",
                Nation.objects.lineages(nations),
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

    member_relation = None  # the reverse relation to the rows of members
    member_parent = None  # their foreign key to this record

    def involving(self, *nations, year=None, on=None, level=Level.YES):
        """Records that involve every given nation (each with the states it continues);
        with a year or a day, all of them at once then: their own spans share a day of it,
        certainly (`level=Level.UNCERTAIN`: possibly; see timespans.py)."""
        if not nations:
            return self
        Member = _related(self.model, self.member_relation)
        Nation = _related(Member, "nation")
        return self.filter(
            co_membership(
                Member.objects.all(),
                self.member_parent,
                Nation.objects.lineages(nations),
                window=window_of(year, on),
                level=level,
                span=("joined", "left"),
            )
        )


class PartnershipQuerySet(
    SluggedQuerySet, _MemberSpanMixin, DatedQuerySet, SearchableQuerySet, SourcedQuerySet
):
    member_relation = "memberships"
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

    party_relation = None  # the reverse relation to the rows of parties
    party_parent = None  # their foreign key to this record

    def involving(self, *nations, year=None, on=None):
        """Records every given nation (each with the states it continues) took part in;
        with a year or a day, records active then."""
        queryset = self
        if nations:
            Party = _related(self.model, self.party_relation)
            groups = _related(Party, "nation").objects.lineages(nations)
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
    party_relation = "participations"
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
    party_relation = "parties"
    party_parent = "engagement"
    search_fields = ("name", "description")

    def of_kind(self, kind):
        return self.filter(kind=kind)

    def with_party(self, nation, *, role=None):
        """Engagements the nation is party to (in this role: provider, recipient, ...)."""
        Party = _related(self.model, self.party_relation)
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


def sees_drafts(user) -> bool:
    """Who may see draft and scheduled articles, on the pages and in the API alike: an
    active user with the model permission to view or change articles (editors,
    publishers), never the public, whatever `is_staff` says."""
    return bool(
        user is not None
        and user.is_active
        and (
            user.has_perm("partnerships.view_article")
            or user.has_perm("partnerships.change_article")
        )
    )


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
        """Every article for those who may see drafts (`sees_drafts`), else the public's."""
        return self if sees_drafts(user) else self.published()


class SlugRedirectQuerySet(models.QuerySet):
    """The one lookup of renamed records' old slugs, for the HTML pages and the API."""

    def of(self, model, slugs):
        """The redirects left by records of `model` once named by one of `slugs`."""
        content_type = ContentType.objects.get_for_model(model)
        return self.filter(content_type=content_type, old_slug__in=list(slugs))

    def renamed(self, records, slug: str):
        """The record of `records` (pass only what the asker may see) that had `slug`
        before an editor renamed it, or None; pages and API answer 301 with it. One query."""
        moved = self.of(records.model, [slug]).values("object_id")
        return records.filter(pk__in=moved).first()

    def current_slugs(self, records, slugs) -> dict[str, str]:
        """{old slug: current slug} for the records of `records` renamed from `slugs`."""
        moved = dict(self.of(records.model, slugs).values_list("object_id", "old_slug"))
        current = records.filter(pk__in=moved).values_list("pk", "slug")
        return {moved[pk]: slug for pk, slug in current}

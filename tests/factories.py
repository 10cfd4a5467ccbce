"""factory_boy factories for every model; tests build only what they assert on."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from partnerships import models


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = models.Source

    title = factory.Sequence(lambda n: f"Source {n}")
    slug = factory.Sequence(lambda n: f"source-{n}")
    publisher = "Test Publisher"
    url = factory.Sequence(lambda n: f"https://example.org/source/{n}")


class NationFactory(DjangoModelFactory):
    class Meta:
        model = models.Nation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Nation {n}")
    slug = factory.Sequence(lambda n: f"nation-{n}")
    region = models.Region.EUROPE


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = models.Organization
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organization {n}")
    acronym = factory.Sequence(lambda n: f"ORG{n}")
    slug = factory.Sequence(lambda n: f"org{n}")
    kind = models.OrganizationKind.ALLIANCE
    founded = datetime.date(1949, 4, 4)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = models.Membership

    organization = factory.SubFactory(OrganizationFactory)
    nation = factory.SubFactory(NationFactory)
    joined = datetime.date(1949, 8, 24)
    status = models.MembershipStatus.MEMBER


class PartnershipFactory(DjangoModelFactory):
    class Meta:
        model = models.Partnership

    name = factory.Sequence(lambda n: f"Treaty {n}")
    slug = factory.Sequence(lambda n: f"treaty-{n}")
    kind = models.PartnershipKind.MULTILATERAL
    start_date = datetime.date(1951, 9, 8)
    defense = True


class PartnershipMemberFactory(DjangoModelFactory):
    class Meta:
        model = models.PartnershipMember

    partnership = factory.SubFactory(PartnershipFactory)
    nation = factory.SubFactory(NationFactory)
    joined = factory.LazyAttribute(lambda o: o.partnership.start_date)


class ExerciseSeriesFactory(DjangoModelFactory):
    class Meta:
        model = models.ExerciseSeries

    name = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")
    domain = models.Domain.MARITIME


class ExerciseFactory(DjangoModelFactory):
    class Meta:
        model = models.Exercise

    name = factory.Sequence(lambda n: f"Exercise {n}")
    slug = factory.Sequence(lambda n: f"exercise-{n}")
    start_date = datetime.date(2024, 6, 27)
    end_date = datetime.date(2024, 8, 1)
    domain = models.Domain.MARITIME


class ParticipationFactory(DjangoModelFactory):
    class Meta:
        model = models.Participation

    exercise = factory.SubFactory(ExerciseFactory)
    nation = factory.SubFactory(NationFactory)
    role = models.ParticipationRole.PARTICIPANT


class EngagementFactory(DjangoModelFactory):
    class Meta:
        model = models.Engagement

    name = factory.Sequence(lambda n: f"Engagement {n}")
    slug = factory.Sequence(lambda n: f"engagement-{n}")
    kind = models.EngagementKind.TRAINING
    start_date = datetime.date(2010, 1, 1)


class EngagementPartyFactory(DjangoModelFactory):
    class Meta:
        model = models.EngagementParty

    engagement = factory.SubFactory(EngagementFactory)
    nation = factory.SubFactory(NationFactory)
    role = models.EngagementRole.PARTNER


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = models.Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ArticleFactory(DjangoModelFactory):
    class Meta:
        model = models.Article

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "A short summary."
    body = "## Heading\n\nSome **Markdown** text."
    kind = models.ArticleKind.ANALYSIS
    status = models.ArticleStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class SuccessionFactory(DjangoModelFactory):
    class Meta:
        model = models.Succession

    predecessor = factory.SubFactory(NationFactory)
    successor = factory.SubFactory(NationFactory)
    date = datetime.date(1991, 12, 26)
    kind = models.SuccessionKind.CONTINUATION
    source = factory.SubFactory(SourceFactory)

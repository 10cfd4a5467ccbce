"""Fixtures and helpers shared by the tests/test_api_*.py modules (import what you use)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from partnerships.models import DatePrecision, Organization
from tests import factories


@pytest.fixture
def api():
    return APIClient()


def user_with(*codenames, username="editor", **extra):
    """A user holding the given partnerships permissions ("add_partnership", ...)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=username, password="x", **extra)
    if codenames:
        permissions = Permission.objects.filter(
            content_type__app_label="partnerships", codename__in=codenames
        )
        user.user_permissions.set(permissions)
    return user


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def varied_records(usa, japan, france, nato, us_japan_treaty):
    """Records with what a list page has to show: several participants, members and
    parties, sources, a host or none, precisions, coordinates, an organization or none."""
    sources = [factories.SourceFactory(published=datetime.date(2020, 1, i)) for i in (1, 2, 3)]
    series = factories.ExerciseSeriesFactory(name="RIMPAC", slug="rimpac")
    hosted = factories.ExerciseFactory(
        series=series,
        host=usa,
        start_precision=DatePrecision.MONTH,
        end_date=None,
        latitude=Decimal("21.30000"),
        longitude=Decimal("-157.8"),
        mme_id=42,
    )
    hosted.sources.set(sources[:2])
    hosted.organizations.set([Organization.objects.get(slug="nato")])
    for nation, role in ((usa, "host"), (japan, "participant"), (france, "observer")):
        factories.ParticipationFactory(exercise=hosted, nation=nation, role=role)
    unhosted = factories.ExerciseFactory(host=None, start_date=datetime.date(2001, 1, 1))
    factories.ParticipationFactory(exercise=unhosted, nation=france, contribution="2 ships")
    pact = factories.PartnershipFactory(
        organization=Organization.objects.get(slug="nato"),
        start_precision=DatePrecision.YEAR,
        end_date=datetime.date(1999, 12, 31),
        atop_id=3180,
    )
    pact.sources.set(sources)
    factories.PartnershipMemberFactory(
        partnership=pact, nation=france, left=datetime.date(1966, 3, 7)
    )
    factories.PartnershipMemberFactory(partnership=pact, nation=usa, joined_precision="year")
    us_japan_treaty.sources.set(sources[2:])
    aid = factories.EngagementFactory(organization=pact.organization, value_usd=Decimal("1500.5"))
    aid.sources.set(sources[:1])
    for nation in (usa, japan):
        factories.EngagementPartyFactory(engagement=aid, nation=nation)
    return {"sources": sources, "exercise": hosted, "pact": pact, "engagement": aid}


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content

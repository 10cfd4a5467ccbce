"""Fixtures and helpers shared by the tests/test_api_*.py modules (import what you use)."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

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
def world(us_japan_treaty, nato, usa, japan, france, india, south_korea):
    """One record of every kind, linked together, with a source each."""
    source = factories.SourceFactory(slug="treaty-text", title="Treaty text")
    us_japan_treaty.sources.add(source)
    nato.sources.add(source)
    series = factories.ExerciseSeriesFactory(name="RIMPAC", slug="rimpac")
    exercise = factories.ExerciseFactory(
        name="RIMPAC 2024", slug="rimpac-2024", series=series, host=usa, domain="maritime"
    )
    factories.ParticipationFactory(exercise=exercise, nation=usa, role="host")
    factories.ParticipationFactory(exercise=exercise, nation=japan)
    exercise.organizations.add(nato)
    exercise.sources.add(source)
    engagement = factories.EngagementFactory(
        name="Malabar dialogue",
        slug="malabar-dialogue",
        kind="defence_dialogue",
        start_date=datetime.date(2015, 1, 1),
    )
    factories.EngagementPartyFactory(engagement=engagement, nation=india, role="host")
    factories.EngagementPartyFactory(engagement=engagement, nation=japan, role="visitor")
    article = factories.ArticleFactory(title="Why alliances last", slug="why-alliances-last")
    article.nations.add(japan, usa)
    article.partnerships.add(us_japan_treaty)
    article.sources.add(source)
    draft = factories.ArticleFactory(
        title="Unfinished", slug="unfinished", status="draft", published_at=None
    )
    return {
        "source": source,
        "exercise": exercise,
        "engagement": engagement,
        "article": article,
        "draft": draft,
        "treaty": us_japan_treaty,
        "nato": nato,
    }


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content

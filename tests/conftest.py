"""Common fixtures. A small, real-looking world: the US, Japan, South Korea, France, India."""

import datetime

import pytest
from django.db import transaction

from tests import factories, reference_snapshot

# Fixtures for every module that asks for them: the API's (api, varied_records) and the
# bad-input tests' (unthrottled, catalogue).
pytest_plugins = ["tests.api_support", "tests.hostile_input"]


def clear_cache():
    """Empty this worker's cache: with Redis only its own keys (tests/settings.py gives each
    xdist worker a key prefix), since `clear()` would flush the other workers' too."""
    from django.core.cache import cache

    if hasattr(cache, "delete_pattern"):  # django-redis
        cache.delete_pattern("*")
    else:
        cache.clear()


@pytest.fixture(scope="session")
def django_db_use_migrations(request):
    """Build the SQLite test schema from the models rather than replaying every migration
    (most of a worker's setup time). PostgreSQL still migrates: a migration creates its
    unaccent extension. `pytest --migrations` replays them on SQLite too, and
    tests/test_migrations.py runs the real migrations end to end."""
    from django.db import connection

    if request.config.getvalue("nomigrations"):
        return False
    if "--migrations" in request.config.invocation_params.args:
        return True
    return connection.vendor != "sqlite"


@pytest.fixture(scope="session")
def reference_rows(django_db_setup, django_db_blocker):
    """What `load_reference_data` writes, loaded once per worker (tests/reference_snapshot.py)."""
    with django_db_blocker.unblock():
        return reference_snapshot.capture()


@pytest.fixture(scope="session")
def reference_nation_rows(django_db_setup, django_db_blocker):
    """The reference data's sources, nations and COW states only: what importers resolve against."""
    with django_db_blocker.unblock():
        return reference_snapshot.capture(only=["sources", "nations", "cow"])


@pytest.fixture
def reference_data(reference_rows, db):
    """The whole reference catalogue for one test (with `db` or `transactional_db`)."""
    reference_snapshot.restore(reference_rows)


@pytest.fixture(scope="module")
def module_reference_data(reference_rows, django_db_blocker):
    """The whole reference catalogue for a module whose tests only read it; rolled back
    after the module, so the next module starts from an empty database."""
    with django_db_blocker.unblock(), transaction.atomic():
        reference_snapshot.restore(reference_rows)
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _clear_cache():
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def usa(db):
    return factories.NationFactory(
        name="United States",
        slug="united-states",
        iso2="US",
        iso3="USA",
        cow_code=2,
        region="americas",
    )


@pytest.fixture
def japan(db):
    return factories.NationFactory(
        name="Japan", slug="japan", iso2="JP", iso3="JPN", cow_code=740, region="asia"
    )


@pytest.fixture
def south_korea(db):
    return factories.NationFactory(
        name="South Korea",
        slug="south-korea",
        iso2="KR",
        iso3="KOR",
        cow_code=732,
        region="asia",
    )


@pytest.fixture
def france(db):
    return factories.NationFactory(
        name="France", slug="france", iso2="FR", iso3="FRA", cow_code=220, region="europe"
    )


@pytest.fixture
def india(db):
    return factories.NationFactory(
        name="India", slug="india", iso2="IN", iso3="IND", cow_code=750, region="asia"
    )


@pytest.fixture
def us_japan_treaty(usa, japan):
    treaty = factories.PartnershipFactory(
        name="US-Japan Treaty of Mutual Cooperation and Security",
        slug="us-japan-security-treaty",
        kind="bilateral",
        start_date=datetime.date(1960, 6, 23),
        defense=True,
    )
    for nation in (usa, japan):
        factories.PartnershipMemberFactory(partnership=treaty, nation=nation)
    return treaty


@pytest.fixture
def nato(usa, france):
    organization = factories.OrganizationFactory(
        name="North Atlantic Treaty Organization",
        acronym="NATO",
        slug="nato",
        kind="alliance",
        founded=datetime.date(1949, 4, 4),
    )
    factories.MembershipFactory(
        organization=organization, nation=usa, joined=datetime.date(1949, 8, 24)
    )
    factories.MembershipFactory(
        organization=organization, nation=france, joined=datetime.date(1949, 8, 24)
    )
    return organization


@pytest.fixture
def world(us_japan_treaty, nato, usa, japan, france, india, south_korea):
    """The shared catalogue: one record of every kind, linked together, with a source each.

    The five nations, the US-Japan treaty and NATO; RIMPAC 2024 (maritime, US-hosted,
    Japan taking part, NATO linked); the India-Japan Malabar dialogue; a published article
    on the US and Japan and a draft. A module that needs more adds it in a fixture of its
    own that depends on this one, rather than building its own world."""
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
        "series": series,
        "usa": usa,
        "japan": japan,
        "france": france,
        "india": india,
        "south_korea": south_korea,
    }


def pytest_collection_finish(session):
    """Keep the garbage collector off what lives for the whole run. After collection a worker
    holds Django, the app, the URLconf and every test item; without this, each collection
    walks them again (docs/architecture.md, "The test suite")."""
    import gc

    gc.collect()
    gc.freeze()  # what exists now is never collected: it lives until the worker exits
    gc.set_threshold(50_000, 20, 50)  # and the young generation is collected less often

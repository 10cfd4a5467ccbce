"""Facts a reader would check in the cited reference data (partnerships/data/*.yaml).

The data is loaded once per module inside a transaction that is rolled back afterwards, so
other test modules still start from an empty database.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q

from partnerships.models import (
    Engagement,
    Exercise,
    ExerciseSeries,
    Organization,
    Partnership,
)

try:
    from partnerships.management.commands import load_reference_data  # noqa: F401
except ImportError:  # pragma: no cover - only while the loader is being written
    pytest.skip("the load_reference_data command does not exist yet", allow_module_level=True)


@pytest.fixture(scope="module", autouse=True)
def reference_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_reference_data", verbosity=0)
        yield
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def participant_slugs(exercise, role=None):
    rows = exercise.participations.all()
    if role:
        rows = rows.filter(role=role)
    return set(rows.values_list("nation__slug", flat=True))


def test_rimpac_2024_includes_japan_india_and_the_us_as_host():
    rimpac = Exercise.objects.get(slug="rimpac-2024")
    assert rimpac.series.slug == "rimpac"
    assert rimpac.host.slug == "united-states"
    assert {"japan", "india", "united-states"} <= participant_slugs(rimpac)
    assert participant_slugs(rimpac, role="host") == {"united-states"}
    assert rimpac.participations.count() == 29


def test_us_japan_1960_treaty_is_found_by_involving():
    treaties = Partnership.objects.involving("united-states", "japan")
    treaty = treaties.get(slug="us-japan-security-treaty")
    assert treaty.start_date == datetime.date(1960, 6, 23)
    assert treaty.end_date is None
    assert treaty.defense and treaty.bases
    # The 1951 treaty it replaced ended the day the new one entered into force.
    old = treaties.get(slug="us-japan-security-treaty-1951")
    assert old.end_date == treaty.start_date


def test_us_south_korea_treaty_is_a_bilateral_defence_pact():
    treaty = Partnership.objects.get(slug="us-south-korea-mutual-defense-treaty")
    assert treaty.kind == "bilateral"
    assert treaty.defense
    assert set(treaty.memberships.values_list("nation__slug", flat=True)) == {
        "united-states",
        "south-korea",
    }
    assert treaty.start_date == datetime.date(1954, 11, 17)


def test_membership_spans_follow_history():
    nato_treaty = Partnership.objects.get(slug="north-atlantic-treaty")
    assert nato_treaty.organization.slug == "nato"
    assert (
        Partnership.objects.involving("sweden", "finland", year=2024)
        .filter(pk=nato_treaty.pk)
        .exists()
    )
    assert not Partnership.objects.involving("sweden", year=2023).filter(pk=nato_treaty.pk).exists()
    # The Sino-Soviet treaty lapsed in 1980; the USSR is a historical nation.
    sino_soviet = Partnership.objects.get(slug="sino-soviet-treaty")
    assert (
        Partnership.objects.involving("china", "soviet-union", year=1960)
        .filter(pk=sino_soviet.pk)
        .exists()
    )
    assert not Partnership.objects.active_in(1985).filter(pk=sino_soviet.pk).exists()


def test_enough_records_of_each_kind():
    assert Partnership.objects.count() >= 25
    assert Exercise.objects.count() >= 40
    assert ExerciseSeries.objects.filter(exercises__isnull=False).distinct().count() >= 10
    assert Engagement.objects.count() >= 15


@pytest.mark.parametrize("model", [Organization, Partnership, Exercise, Engagement, ExerciseSeries])
def test_every_record_cites_a_source_with_a_url(model):
    unsourced = model.objects.annotate(cited=Count("sources", filter=~Q(sources__url=""))).filter(
        cited=0
    )
    if model is Exercise:
        # An edition may rely on its series' sources.
        unsourced = unsourced.exclude(series__sources__isnull=False)
    assert list(unsourced.values_list("slug", flat=True)) == []


def test_every_bilateral_partnership_has_exactly_two_nations():
    wrong = (
        Partnership.objects.filter(kind="bilateral")
        .annotate(nations=Count("memberships__nation", distinct=True))
        .exclude(nations=2)
    )
    assert list(wrong.values_list("slug", flat=True)) == []


def test_no_exercise_ends_before_it_starts():
    assert not Exercise.objects.filter(end_date__lt=F("start_date")).exists()


def test_every_exercise_host_takes_part_as_host():
    for exercise in Exercise.objects.exclude(host=None).select_related("host"):
        assert exercise.host.slug in participant_slugs(exercise, role="host"), exercise.slug


def test_aid_lists_provider_and_recipient():
    mou = Engagement.objects.get(slug="us-israel-mou-2016")
    assert mou.kind == "military_aid"
    assert mou.value_usd == 38_000_000_000
    roles = dict(mou.parties.values_list("nation__slug", "role"))
    assert roles == {"united-states": "provider", "israel": "recipient"}


def test_withdrawals_and_suspensions_are_dated():
    manila = Partnership.objects.get(slug="manila-pact")
    pakistan = manila.memberships.get(nation__slug="pakistan")
    assert pakistan.left == datetime.date(1973, 1, 1)
    assert pakistan.left_precision == "year"
    warsaw = Partnership.objects.get(slug="warsaw-pact-treaty")
    assert warsaw.end_date == datetime.date(1991, 7, 1)
    assert warsaw.memberships.get(nation__slug="albania").left == datetime.date(1968, 9, 13)


def test_loading_again_changes_nothing():
    before = (Partnership.objects.count(), Exercise.objects.count(), Engagement.objects.count())
    call_command("load_reference_data", verbosity=0)
    after = (Partnership.objects.count(), Exercise.objects.count(), Engagement.objects.count())
    assert before == after


def test_check_reference_data_finds_nothing_in_the_real_data():
    from partnerships.reference_data import DEFAULT_DATA_DIR
    from partnerships.reference_data.checks import check_catalogue

    assert [str(finding) for finding in check_catalogue(DEFAULT_DATA_DIR)] == []

"""Facts a reader would check in the cited reference data (partnerships/data/*.yaml).

The data is loaded once per worker and put back for this module inside a transaction that is
rolled back afterwards (tests/conftest.py), so other modules still start from an empty database.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q

from partnerships.models import (
    Engagement,
    Exercise,
    ExerciseSeries,
    Organization,
    Partnership,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_reference_data")]


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


# --- issue 13: dates that say what they mark, historical states, the gaps filled ----------


def test_treaties_keep_signature_and_entry_into_force_apart():
    raa = Partnership.objects.get(slug="japan-philippines-raa")
    assert (raa.signed_date, raa.start_date) == (
        datetime.date(2024, 7, 8),
        datetime.date(2025, 9, 11),
    )
    china_dprk = Partnership.objects.get(slug="china-north-korea-treaty")
    assert china_dprk.start_date == datetime.date(1961, 9, 10)
    assert "twenty years" not in china_dprk.description
    warsaw = Partnership.objects.get(slug="warsaw-pact-treaty")
    assert warsaw.signed_date == datetime.date(1955, 5, 14)
    assert "eight days" in Organization.objects.get(slug="warsaw-pact").description
    assert Exercise.objects.get(slug="varuna-2023").end_date == datetime.date(2023, 1, 20)
    assert not Partnership.objects.filter(signed_date__gt=F("start_date")).exists()


def test_members_say_how_they_joined():
    nato = Partnership.objects.get(slug="north-atlantic-treaty")
    sweden = nato.memberships.get(nation__slug="sweden")
    assert (sweden.joined, sweden.joined_by) == (datetime.date(2024, 3, 7), "accession")
    chile = Partnership.objects.get(slug="rio-treaty").memberships.get(nation__slug="chile")
    assert (chile.signed, chile.joined_by) == (datetime.date(1947, 9, 2), "ratification")


def test_historical_states_hold_their_own_memberships():
    from partnerships.models import Membership, Nation

    nato = Membership.objects.filter(organization__slug="nato")
    west = nato.get(nation__slug="west-germany")
    assert (west.joined, west.left) == (datetime.date(1955, 5, 6), datetime.date(1990, 10, 3))
    assert nato.get(nation__slug="germany").joined == datetime.date(1990, 10, 3)
    un = Membership.objects.filter(organization__slug="un")
    assert un.get(nation__slug="soviet-union").left == datetime.date(1991, 12, 24)
    assert un.get(nation__slug="russia").joined == datetime.date(1991, 12, 24)
    # The UN dates a continuing state's seat from its predecessor's admission.
    assert Nation.objects.get(slug="russia").un_member_since == datetime.date(1945, 10, 24)
    assert Nation.objects.get(slug="germany").un_member_since == datetime.date(1973, 9, 18)
    west_germany = Nation.objects.get(slug="west-germany")
    assert west_germany.memberships.count() >= 4  # NATO, UN, EC/EU, CSCE, WEU
    assert Nation.objects.get(slug="east-germany").subregion == "Eastern Europe"


def test_the_gaps_are_filled():
    for slug in ("oas", "weu", "arab-league"):
        assert Organization.objects.get(slug=slug).memberships.exists(), slug
    for slug in (
        "dunkirk-treaty",
        "brussels-treaty",
        "arab-league-joint-defence-treaty",
        "indo-soviet-treaty",
        "us-uk-mutual-defence-agreement",
        "us-palau-compact",
    ):
        assert Partnership.objects.get(slug=slug).sources.exists(), slug
    for slug in ("keen-sword-19", "trident-juncture-2018", "ulchi-freedom-shield-24"):
        assert Exercise.objects.filter(slug=slug).exists(), slug
    assert ExerciseSeries.objects.get(slug="shakti").exercises.count() >= 2
    assert ExerciseSeries.objects.get(slug="garuda").exercises.count() >= 2
    seato_france = Organization.objects.get(slug="seato").memberships.get(nation__slug="france")
    assert seato_france.left == datetime.date(1974, 6, 30)


def test_pages_and_api_say_which_date_is_which(client):
    html = client.get("/partnerships/north-atlantic-treaty/").content.decode()
    assert "<dt>Signed</dt><dd>4 April 1949</dd>" in html
    assert "24 August 1949" in html and "(accession)" in html
    listing = client.get("/partnerships/?q=Reciprocal").content.decode()
    assert "In force" in listing and "8 July 2024" in listing and "11 September 2025" in listing
    data = client.get("/api/v1/partnerships/japan-philippines-raa/").json()
    assert (data["signed_date"], data["start_date"]) == ("2024-07-08", "2025-09-11")
    assert {"signed", "signed_precision", "joined_by"} <= set(data["members"][0])
    relations = client.get("/relations/japan/philippines/").content.decode()
    assert "Signed 8 July 2024; in force 11 September 2025" in relations


def test_dates_the_fact_check_corrected():
    # Malabar 2022 opened on 8 November (JMSDF); Joint Sea-2021 ran 14-17 October, the
    # joint patrol that followed is not part of it.
    assert Exercise.objects.get(slug="malabar-2022").start_date == datetime.date(2022, 11, 8)
    assert Exercise.objects.get(slug="joint-sea-2021").end_date == datetime.date(2021, 10, 17)
    # Japan's foreign ministry: the Japan-UK RAA entered into force on 15 October 2023.
    uk_japan = Partnership.objects.get(slug="uk-japan-raa")
    assert uk_japan.start_date == datetime.date(2023, 10, 15)
    brussels = Partnership.objects.get(slug="brussels-treaty")
    assert (brussels.signed_date, brussels.start_date) == (
        datetime.date(1948, 3, 17),
        datetime.date(1948, 8, 25),
    )
    compacts = {
        "us-marshall-islands-compact": datetime.date(1986, 10, 21),
        "us-micronesia-compact": datetime.date(1986, 11, 3),
        "us-palau-compact": datetime.date(1994, 10, 1),
    }
    for slug, in_force in compacts.items():
        assert Partnership.objects.get(slug=slug).start_date == in_force, slug
    weu = Organization.objects.get(slug="weu")
    assert weu.memberships.get(nation__slug="spain").joined == datetime.date(1990, 3, 27)
    oas = Organization.objects.get(slug="oas")
    assert oas.memberships.get(nation__slug="antigua-and-barbuda").joined.year == 1981

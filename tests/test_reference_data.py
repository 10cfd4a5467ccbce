"""The reference-data loader: idempotent, atomic, clear errors; and facts of the real data."""

import copy
import datetime
import shutil

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Max

from partnerships.models import (
    Engagement,
    Exercise,
    ExerciseSeries,
    Membership,
    Nation,
    NationAlias,
    ObligationPeriod,
    Organization,
    Partnership,
    PartnershipMember,
    Source,
    Succession,
)
from partnerships.reference_data import DEFAULT_DATA_DIR, ReferenceDataError, load_reference_data
from partnerships.reference_data.yaml_dates import BadDate, parse_date

TRACKED = [
    Source,
    Nation,
    Organization,
    Membership,
    Partnership,
    PartnershipMember,
    Exercise,
    Succession,
]


def snapshot():
    """Row counts, history row counts and the latest updated_at of every tracked model."""
    state = {}
    for model in TRACKED:
        state[model.__name__] = (
            model.objects.count(),
            model.history.count(),
            model.objects.aggregate(latest=Max("updated_at"))["latest"],
        )
    state["NationAlias"] = NationAlias.objects.count()
    return state


# --- small data sets written by the tests ----------------------------------------------

NATIONS = {
    "states": [
        {"slug": "united-states", "iso3": "USA", "region": "americas"},
        {"slug": "japan", "iso3": "JPN", "region": "asia"},
        {"slug": "south-korea", "iso3": "KOR", "region": "asia"},
        {"slug": "philippines", "iso3": "PHL", "region": "asia"},
        {"slug": "australia", "iso3": "AUS", "region": "oceania"},
    ],
    "historical": [{"slug": "soviet-union", "name": "Soviet Union", "cow_code": 365}],
}
SOURCE = {"slug": "treaty-text", "title": "Treaty text", "url": "https://example.org/treaty"}


def small_data():
    return {
        "nations.yaml": copy.deepcopy(NATIONS),
        "sources.yaml": [dict(SOURCE)],
        "organizations.yaml": [
            {
                "name": "Pacific Pact Organization",
                "acronym": "PPO",
                "slug": "ppo",
                "kind": "alliance",
                "founded": "1951",
                "sources": ["treaty-text"],
                "members": [
                    {"nation": "united-states"},
                    {"nation": "japan", "joined": "1960-06"},
                    {"nation": "philippines", "status": "observer", "left": "1970"},
                ],
            }
        ],
        "partnerships.yaml": [
            {
                "name": "US-Japan Security Treaty",
                "slug": "us-japan",
                "kind": "bilateral",
                "start": "1960-06-23",
                "obligations": ["defense"],
                "provisions": ["bases"],
                "sources": [
                    {
                        "slug": "inline-source",
                        "title": "Inline",
                        "url": "https://example.org/inline",
                        "published": "1960",
                    }
                ],
                "members": [{"nation": "united-states"}, {"nation": "japan"}],
            },
            {
                "name": "ANZUS-like pact",
                "slug": "pact",
                "kind": "multilateral",
                "start": "1951",
                "end": "1990-12-31",
                "sources": ["treaty-text"],
                "members": ["united-states", {"nation": "australia", "role": "founder"}],
            },
        ],
        "exercises.yaml": [
            {
                "series": {
                    "name": "Pacific Reach",
                    "slug": "pacific-reach",
                    "domain": "maritime",
                    "lead_nation": "united-states",
                    "first_held": 1971,
                    "sources": ["treaty-text"],
                },
                "editions": [
                    {
                        "name": "Pacific Reach 2024",
                        "slug": "pacific-reach-2024",
                        "start": "2024-06-27",
                        "end": "2024-08-01",
                        "host": "united-states",
                        "lat": 21.35,
                        "lon": -157.95,
                        "organizations": ["ppo"],
                        "participants": [
                            {"nation": "united-states", "role": "host"},
                            "japan",
                            "south-korea",
                        ],
                    }
                ],
            }
        ],
        "engagements.yaml": [
            {
                "name": "Training for the Philippines",
                "slug": "training-philippines",
                "kind": "training",
                "start": "1976",
                "value_usd": 1500000,
                "sources": ["inline-source"],
                "parties": [
                    {"nation": "united-states", "role": "provider"},
                    {"nation": "philippines", "role": "recipient"},
                ],
            }
        ],
    }


def write(data_dir, data):
    data_dir.mkdir(exist_ok=True)
    for name, content in data.items():
        (data_dir / name).write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")
    return data_dir


@pytest.fixture
def data_dir(tmp_path, db):
    # The module's real data may be loaded already (it is rolled back only at the end of
    # the module); these tests start from an empty catalogue, rolled back after each test.
    for model in (Exercise, ExerciseSeries, Engagement, Partnership, Succession):
        model.objects.all().delete()
    Organization.objects.filter(parent__isnull=False).delete()
    Organization.objects.all().delete()
    for model in (NationAlias, Nation, Source):
        model.objects.all().delete()
    return write(tmp_path / "data", small_data())


def test_loads_every_record_type(data_dir):
    report = load_reference_data(data_dir)

    treaty = Partnership.objects.get(slug="us-japan")
    assert treaty.defense and treaty.bases and not treaty.offense
    assert set(treaty.members.values_list("slug", flat=True)) == {"united-states", "japan"}
    assert treaty.sources.get().slug == "inline-source"
    pact_member = PartnershipMember.objects.get(partnership__slug="pact", nation__slug="australia")
    assert (pact_member.role, pact_member.left) == ("founder", datetime.date(1990, 12, 31))
    japan = Membership.objects.get(organization__slug="ppo", nation__slug="japan")
    assert (japan.joined, japan.joined_precision) == (datetime.date(1960, 6, 1), "month")
    assert Membership.objects.get(nation__slug="united-states").joined == datetime.date(1951, 1, 1)
    exercise = Exercise.objects.get(slug="pacific-reach-2024")
    assert (exercise.series.slug, exercise.domain, exercise.host.slug) == (
        "pacific-reach",
        "maritime",
        "united-states",
    )
    assert exercise.participations.count() == 3
    assert exercise.organizations.get().slug == "ppo"
    engagement = Engagement.objects.get(slug="training-philippines")
    assert engagement.parties.get(role="recipient").nation.slug == "philippines"
    assert engagement.start_precision == "year"
    assert report.counts["partnerships"]["created"] == 2


def test_loading_twice_changes_nothing(data_dir):
    load_reference_data(data_dir)
    before = snapshot()

    report = load_reference_data(data_dir)

    assert not report.changed
    assert snapshot() == before


def test_an_edited_record_is_updated_in_place(data_dir):
    load_reference_data(data_dir)
    treaty = Partnership.objects.get(slug="us-japan")
    member_ids = set(treaty.memberships.values_list("pk", flat=True))
    before = snapshot()
    data = small_data()
    data["partnerships.yaml"][0]["end"] = "2030"
    data["partnerships.yaml"][1]["members"][1]["joined"] = "1952-04-29"
    data["organizations.yaml"][0]["members"].pop()  # the observer
    data["exercises.yaml"][0]["editions"][0]["participants"] = ["united-states", "australia"]
    write(data_dir, data)

    load_reference_data(data_dir)

    treaty.refresh_from_db()
    assert (treaty.end_date, treaty.end_precision) == (datetime.date(2030, 1, 1), "year")
    assert set(treaty.memberships.values_list("pk", flat=True)) == member_ids
    assert Partnership.objects.count() == before["Partnership"][0]
    assert treaty.history.count() == 2
    australia = PartnershipMember.objects.get(partnership__slug="pact", nation__slug="australia")
    assert australia.joined == datetime.date(1952, 4, 29)
    assert australia.history.count() == 2
    assert PartnershipMember.objects.count() == before["PartnershipMember"][0]
    assert not Membership.objects.filter(nation__slug="philippines").exists()
    exercise = Exercise.objects.get(slug="pacific-reach-2024")
    assert set(exercise.participants.values_list("slug", flat=True)) == {
        "united-states",
        "australia",
    }
    assert exercise.participations.get(nation__slug="united-states").role == "participant"


def _break(data, name, change):
    change(data[name])
    return data


BAD_FILES = {
    "unknown nation": (
        lambda d: d["partnerships.yaml"][1]["members"].append("atlantis"),
        "partnerships.yaml",
        "pact",
        "members[2].nation",
    ),
    "bad date": (
        lambda d: d["organizations.yaml"][0]["members"][1].update(joined="1960-13"),
        "organizations.yaml",
        "ppo",
        "members[1].joined",
    ),
    "bilateral with three members": (
        lambda d: d["partnerships.yaml"][0]["members"].append({"nation": "south-korea"}),
        "partnerships.yaml",
        "us-japan",
        "members",
    ),
    "duplicate slug": (
        lambda d: d["engagements.yaml"].append(dict(d["engagements.yaml"][0])),
        "engagements.yaml",
        "training-philippines",
        "slug",
    ),
    "no source": (
        lambda d: d["engagements.yaml"][0].pop("sources"),
        "engagements.yaml",
        "training-philippines",
        "sources",
    ),
    "end before start": (
        lambda d: d["exercises.yaml"][0]["editions"][0].update(end="2023"),
        "exercises.yaml",
        "pacific-reach-2024",
        "end",
    ),
    "unknown field": (
        lambda d: d["exercises.yaml"][0]["editions"][0].update(hots="japan"),
        "exercises.yaml",
        "pacific-reach-2024",
        "hots",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_file_names_the_problem_and_loads_nothing(data_dir, case):
    load_reference_data(data_dir)
    data = small_data()
    data["organizations.yaml"][0]["name"] = "Renamed in the same load"
    data["nations.yaml"]["states"].append({"slug": "india", "iso3": "IND"})
    change, file, slug, field = BAD_FILES[case]
    change(data)
    write(data_dir, data)
    before = snapshot()

    with pytest.raises(ReferenceDataError) as raised:
        load_reference_data(data_dir)

    error = raised.value
    assert (error.file.endswith(file), error.slug, error.field) == (True, slug, field)
    assert file in str(error) and slug in str(error) and field in str(error)
    assert snapshot() == before
    assert not Nation.objects.filter(slug="india").exists()


def test_a_bad_file_on_an_empty_database_leaves_it_empty(data_dir):
    data = small_data()
    data["partnerships.yaml"][0]["members"].append({"nation": "south-korea"})
    write(data_dir, data)

    with pytest.raises(ReferenceDataError):
        load_reference_data(data_dir)

    assert not Nation.objects.exists() and not Source.objects.exists()


def test_a_slug_must_match_the_name(data_dir):
    data = small_data()
    data["nations.yaml"]["states"][2]["slug"] = "korea"
    write(data_dir, data)

    with pytest.raises(ReferenceDataError, match="south-korea"):
        load_reference_data(data_dir)


def test_the_command_prints_a_summary_and_refuses_a_bad_file(data_dir, capsys):
    call_command("load_reference_data", data_dir=str(data_dir))
    assert "partnerships: 2 created" in capsys.readouterr().out

    call_command("load_reference_data", data_dir=str(data_dir))
    assert "already up to date" in capsys.readouterr().out

    data = small_data()
    data["engagements.yaml"][0]["start"] = "someday"
    write(data_dir, data)
    with pytest.raises(CommandError, match=r"training-philippines.*start"):
        call_command("load_reference_data", data_dir=str(data_dir))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1949", (datetime.date(1949, 1, 1), "year")),
        ("1949-04", (datetime.date(1949, 4, 1), "month")),
        ("1949-04-04", (datetime.date(1949, 4, 4), "day")),
        (1949, (datetime.date(1949, 1, 1), "year")),
        (datetime.date(1949, 4, 4), (datetime.date(1949, 4, 4), "day")),
        (None, (None, "day")),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def _guarantee(us_pledges, japan_pledges):
    return {
        "name": "Guarantee",
        "slug": "guarantee",
        "kind": "bilateral",
        "start": "1951-09-08",
        "obligations": ["defense", "consultation"],
        "sources": ["treaty-text"],
        "members": [
            {"nation": "united-states", "obligations": us_pledges},
            {"nation": "japan", "obligations": japan_pledges},
        ],
    }


def test_members_may_list_their_own_obligations(data_dir):
    data = small_data()
    data["partnerships.yaml"].append(_guarantee(["defense", "consultation"], ["consultation"]))
    write(data_dir, data)
    load_reference_data(data_dir)
    pledged = {
        period.member.nation.slug: period.obligation_names
        for period in ObligationPeriod.objects.filter(member__partnership__slug="guarantee")
    }
    assert pledged == {"united-states": ["defense", "consultation"], "japan": ["consultation"]}
    assert not ObligationPeriod.objects.filter(member__partnership__slug="us-japan").exists()

    before = snapshot(), ObligationPeriod.objects.count()
    assert not load_reference_data(data_dir).changed
    assert (snapshot(), ObligationPeriod.objects.count()) == before

    data["partnerships.yaml"][-1] = _guarantee(["defense"], [])
    write(data_dir, data)
    load_reference_data(data_dir)
    japan = ObligationPeriod.objects.get(member__nation__slug="japan")
    assert japan.obligation_names == []


def test_a_member_cannot_pledge_what_the_partnership_does_not_hold(data_dir):
    data = small_data()
    data["partnerships.yaml"].append(_guarantee(["offense"], []))
    write(data_dir, data)
    with pytest.raises(ReferenceDataError) as raised:
        load_reference_data(data_dir)
    assert (raised.value.slug, raised.value.field) == ("guarantee", "members[0].obligations")


@pytest.mark.parametrize("text", ["1949-02-30", "1949-13", "April 1949", "49"])
def test_parse_date_refuses_what_is_not_a_date(text):
    with pytest.raises(BadDate):
        parse_date(text)


# --- the real data, loaded once for this module (last, so the tests above start empty) --


@pytest.fixture(scope="module")
def reference_data(django_db_setup, django_db_blocker):
    """The real reference data, loaded once and rolled back after this module's tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        report = load_reference_data()
        yield report
        transaction.set_rollback(True)


@pytest.fixture
def real(reference_data, db):
    return reference_data


def test_real_data_loads_and_a_second_load_changes_nothing(real):
    before = snapshot()
    report = load_reference_data()
    assert not report.changed
    assert snapshot() == before


def test_un_has_193_members_today(real):
    today = datetime.date.today()
    assert Nation.objects.members_of("un", on=today).count() == 193
    observers = Nation.objects.members_of("un", on=today, status="observer")
    assert set(observers.values_list("slug", flat=True)) == {"palestine", "vatican-city"}


def test_nato_membership_over_time(real):
    assert Nation.objects.members_of("nato", on=datetime.date.today()).count() == 32
    assert Nation.objects.members_of("nato", year=1949).count() == 12
    members = Membership.objects.filter(organization__slug="nato")
    assert members.get(nation__slug="finland").joined == datetime.date(2023, 4, 4)
    assert members.get(nation__slug="sweden").joined == datetime.date(2024, 3, 7)
    assert members.get(nation__slug="france").left is None


def test_eu_and_csdp(real):
    assert not Nation.objects.members_of("eu", year=2021).filter(slug="united-kingdom").exists()
    assert Nation.objects.members_of("eu", on=datetime.date.today()).count() == 27
    csdp = Organization.objects.get(slug="csdp")
    assert csdp.parent.slug == "eu"
    assert not Nation.objects.members_of("csdp", year=2021).filter(slug="denmark").exists()
    assert Nation.objects.members_of("csdp", year=2023).filter(slug="denmark").exists()


def test_nations_take_iso_codes_from_pycountry(real):
    south_korea = Nation.objects.get(slug="south-korea")
    assert (south_korea.iso2, south_korea.iso3, south_korea.iso_numeric) == ("KR", "KOR", "410")
    assert south_korea.region == "asia"
    assert south_korea.un_member_since == datetime.date(1991, 9, 17)
    assert Nation.objects.present_day().count() == 197
    assert Nation.objects.get(slug="kosovo").iso3 == "XKX"
    assert Nation.objects.get(slug="vatican-city").iso3 == "VAT"
    assert Nation.objects.get(slug="soviet-union").is_historical
    assert NationAlias.objects.get(normalized="holy see").nation.slug == "vatican-city"


def test_every_record_cites_a_source(real):
    assert not Organization.objects.filter(sources__isnull=True).exists()
    assert not Partnership.objects.filter(sources__isnull=True).exists()
    assert not Engagement.objects.filter(sources__isnull=True).exists()
    unsourced = Exercise.objects.filter(sources__isnull=True, series__sources__isnull=True)
    assert not unsourced.exists()
    assert not Source.objects.filter(url="").exists()


def test_editing_a_copy_of_the_real_data_updates_in_place(real, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data_dir)
    path = data_dir / "organizations.yaml"
    path.write_text(
        path.read_text().replace("headquarters: Jakarta", "headquarters: Jakarta, Indonesia")
    )
    asean = Organization.objects.get(slug="asean")
    before = Organization.objects.count()
    versions = asean.history.count()

    report = load_reference_data(data_dir)

    assert report.counts["organizations"]["updated"] == 1
    assert Organization.objects.count() == before
    asean_after = Organization.objects.get(slug="asean")
    assert (asean_after.pk, asean_after.headquarters) == (asean.pk, "Jakarta, Indonesia")
    assert asean_after.history.count() == versions + 1


def test_successions_are_cited_and_read_by_the_lineage_rule(real):
    nations = {n.slug: n.pk for n in Nation.objects.all()}

    def continues(successor, predecessor):
        return nations[predecessor] in Nation.objects.lineages([nations[successor]])[0]

    assert continues("russia", "soviet-union") and not continues("soviet-union", "russia")
    assert continues("germany", "west-germany") and not continues("germany", "east-germany")
    assert continues("serbia", "yugoslavia")
    assert not continues("czechia", "czechoslovakia")
    assert not continues("slovakia", "czechoslovakia")
    for succession in Succession.objects.select_related("source"):
        assert succession.source.url.startswith("https://"), succession
    serbia = Succession.objects.get(successor__slug="serbia")
    assert "United Nations did not accept" in serbia.note

"""/api/v1/nation-years/ and /api/v1/exercise-participations/: the catalogue as
country-years and exercise-country-years (troopdata's MME shape), row for row, with the
list pages' filters; and every export in the OpenAPI schema."""

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from partnerships.importers.mme import import_mme
from partnerships.models import Exercise, ObligationPeriod
from tests import factories
from tests.data_builders import make_cow_world

D = datetime.date
pytestmark = pytest.mark.django_db
MME_EXCERPT = Path(__file__).parent / "data" / "datasets" / "mme_v7_wide_excerpt.csv"
PARTICIPATIONS = "/api/v1/exercise-participations/"
NATION_YEARS = "/api/v1/nation-years/"


def get_rows(client, url, **params):
    response = client.get(url, {"page_size": 200, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def get_csv(client, url, **params):
    response = client.get(url, {"format": "csv", **params})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    reader = csv.DictReader(io.StringIO(text))
    return reader.fieldnames, list(reader)


@pytest.fixture
def exercises(usa, japan, france, india):
    """Cope North 1999 (US-hosted, Japan), and Varuna 1999, run over the new year, hosted
    by France, which is not listed among its participants."""
    series = factories.ExerciseSeriesFactory(name="Cope North", slug="cope-north")
    source = factories.SourceFactory(slug="pacaf-cope-north")
    series.sources.add(source)
    cope = factories.ExerciseFactory(
        name="Cope North 1999", slug="cope-north-1999", series=series, host=usa,
        start_date=D(1999, 2, 1), end_date=D(1999, 2, 12), domain="air", focus="warfighting",
        location="Guam", latitude="13.58400", longitude="144.93000", mme_id="mme500",
    )  # fmt: skip
    factories.ParticipationFactory(exercise=cope, nation=usa, role="host")
    factories.ParticipationFactory(exercise=cope, nation=japan, role="participant")
    varuna = factories.ExerciseFactory(
        name="Varuna 1999", slug="varuna-1999", host=france, start_date=D(1999, 12, 28),
        end_date=D(2000, 1, 3), domain="maritime", location="", latitude=None, longitude=None,
    )  # fmt: skip
    varuna.sources.add(factories.SourceFactory(slug="marine-nationale-varuna"))
    factories.ParticipationFactory(exercise=varuna, nation=india, role="participant")
    return cope, varuna


def test_one_row_per_exercise_participant_and_year(client, exercises):
    found = [
        (r["exercise"], r["year"], r["nation"], r["role"]) for r in get_rows(client, PARTICIPATIONS)
    ]
    assert found == [
        ("cope-north-1999", 1999, "japan", "participant"),
        ("cope-north-1999", 1999, "united-states", "host"),
        ("varuna-1999", 1999, "france", "host"),
        ("varuna-1999", 1999, "india", "participant"),
        ("varuna-1999", 2000, "france", "host"),
        ("varuna-1999", 2000, "india", "participant"),
    ]
    header, rows = get_csv(client, PARTICIPATIONS)
    assert header == [
        "exercise", "mme_id", "year", "nation", "cow", "iso3", "role", "series", "domain",
        "focus", "location", "latitude", "longitude", "sources",
    ]  # fmt: skip
    assert rows[0] == {
        "exercise": "cope-north-1999", "mme_id": "mme500", "year": "1999", "nation": "japan",
        "cow": "740", "iso3": "JPN", "role": "participant", "series": "cope-north",
        "domain": "air", "focus": "warfighting", "location": "Guam", "latitude": "13.584",
        "longitude": "144.93", "sources": "pacaf-cope-north",
    }  # fmt: skip
    assert rows[2]["sources"] == "marine-nationale-varuna" and rows[2]["latitude"] == ""


def test_the_exercise_list_filters_choose_the_exercises(client, exercises):
    assert {r["exercise"] for r in get_rows(client, PARTICIPATIONS, nation="japan")} == {
        "cope-north-1999"
    }
    assert {r["exercise"] for r in get_rows(client, PARTICIPATIONS, domain="maritime")} == {
        "varuna-1999"
    }
    assert {(r["exercise"], r["year"]) for r in get_rows(client, PARTICIPATIONS, year=2000)} == {
        ("varuna-1999", 2000)
    }
    assert [r["year"] for r in get_rows(client, PARTICIPATIONS, **{"from": 2000})] == [2000, 2000]
    response = client.get(PARTICIPATIONS, {"domain": "underwater"})
    assert response.status_code == 400 and "domain" in response.json()


def test_the_real_mme_excerpt_exports_every_participant(client):
    make_cow_world()
    import_mme(MME_EXCERPT)
    header, rows = get_csv(client, PARTICIPATIONS)
    assert header[:4] == ["exercise", "mme_id", "year", "nation"]
    expected = 0
    for exercise in Exercise.objects.prefetch_related("participations"):
        years = (exercise.end_date or exercise.start_date).year - exercise.start_date.year + 1
        named = {p.nation_id for p in exercise.participations.all()}
        if exercise.host_id:
            named.add(exercise.host_id)
        expected += years * len(named)
    assert len(rows) == expected > 200
    first = rows[0]
    assert first["mme_id"].startswith("mme") and first["sources"]
    assert all(row["cow"] for row in rows)  # every MME participant is a COW state


def test_participation_budget_does_not_grow_with_rows(
    client, exercises, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        assert client.get(PARTICIPATIONS).json()["count"] == 6
    with django_assert_max_num_queries(10):
        response = client.get(PARTICIPATIONS, {"format": "csv"})
        assert len(b"".join(response.streaming_content).splitlines()) == 7


@pytest.fixture
def nation_world(world, exercises):
    """The shared world's treaty in phases: the US pledges defence to Japan from 1960,
    Japan consultation only."""
    treaty = world["treaty"]
    for member in treaty.memberships.select_related("nation"):
        pledges = {"defense": True} if member.nation == world["usa"] else {"consultation": True}
        ObligationPeriod.objects.create(
            member=member, phase=1, start_date=D(1960, 6, 23), **pledges
        )
    return treaty


def test_nation_years_count_alliances_by_what_each_undertook(client, nation_world):
    rows = {(r["year"], r["nation"]): r for r in get_rows(client, NATION_YEARS, year=1999)}
    assert set(rows) == {
        (1999, "france"), (1999, "india"), (1999, "japan"), (1999, "united-states")
    }  # fmt: skip
    us = rows[(1999, "united-states")]
    assert {key: us[key] for key in list(us)[:14]} == {
        "year": 1999, "nation": "united-states", "cow": 2, "iso3": "USA", "region": "americas",
        "alliances": 1, "allies": 1, "defense": 1, "offense": 0, "neutrality": 0,
        "nonaggression": 0, "consultation": 0, "organizations": 1, "exercises": 1,
    }  # fmt: skip
    assert us["hosted"] == 1 and "treaty-text" in us["sources"]
    japan = rows[(1999, "japan")]
    assert (japan["defense"], japan["consultation"], japan["organizations"]) == (0, 1, 0)
    assert (japan["exercises"], japan["hosted"]) == (1, 0)
    france = rows[(1999, "france")]
    assert (france["alliances"], france["organizations"], france["hosted"]) == (0, 1, 1)
    before = {r["nation"] for r in get_rows(client, NATION_YEARS, **{"from": 1955, "to": 1955})}
    assert before == {"france", "united-states"}  # NATO members; no alliance yet


def test_nation_years_take_the_nation_list_filters_and_stream_csv(client, nation_world):
    found = get_rows(client, NATION_YEARS, region="asia", **{"from": 1960, "to": 1961})
    assert [(r["year"], r["nation"]) for r in found] == [(1960, "japan"), (1961, "japan")]
    header, rows = get_csv(client, NATION_YEARS, **{"from": 1999, "to": 1999})
    assert header[:7] == ["year", "nation", "cow", "iso3", "region", "alliances", "allies"]
    assert header[-4:] == ["organizations", "exercises", "hosted", "sources"]
    assert len(rows) == 4
    response = client.get(NATION_YEARS, {"region": "atlantis"})
    assert response.status_code == 400 and "region" in response.json()


def test_nation_years_budget_does_not_grow_with_rows(
    client, nation_world, django_assert_max_num_queries
):
    # One pass to count (then cached) and one for the page, each a fixed number of queries.
    with django_assert_max_num_queries(24):
        body = client.get(NATION_YEARS, {"from": 1816, "to": 2020}).json()
    assert body["count"] > 100
    with django_assert_max_num_queries(12):
        response = client.get(NATION_YEARS, {"from": 1816, "to": 2020, "format": "csv"})
        assert len(b"".join(response.streaming_content).splitlines()) == body["count"] + 1


def test_every_export_is_in_the_schema_with_its_parameters_and_formats(tmp_path):
    path = tmp_path / "schema.json"
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json",
                 "--file", str(path))  # fmt: skip
    import json

    paths = json.loads(path.read_text())["paths"]
    for url, names in {
        "/api/v1/dyad-years/": {"from", "to", "nation", "dataset", "obligation", "directed",
                                "uncertain", "format", "page", "page_size"},
        "/api/v1/nation-years/": {"from", "to", "region", "organization", "format"},
        "/api/v1/exercise-participations/": {"from", "to", "nation", "year", "domain", "format"},
    }.items():  # fmt: skip
        operation = paths[url]["get"]
        assert names <= {p["name"] for p in operation["parameters"]}, url
        assert set(operation["responses"]["200"]["content"]) == {"application/json", "text/csv"}

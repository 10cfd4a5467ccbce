"""Exercises by place and kind (issue 18, item 5): a region from the coordinates or the
host, a location column, several domains, and filters that read the same in HTML and API."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from partnerships.models import Exercise
from partnerships.places import exercise_region
from tests import factories

D = datetime.date


@pytest.mark.parametrize(
    ("lat", "lon", "host_region", "host_subregion", "region"),
    [
        (55.5, 15.0, "europe", "Northern Europe", "europe"),  # BALTOPS, Baltic Sea
        (21.3, -157.9, "americas", "Northern America", "indo_pacific"),  # RIMPAC off Hawaii
        (-22.5, 150.4, "oceania", "", "indo_pacific"),  # Talisman Sabre, Queensland
        (15.4, 73.8, "asia", "Southern Asia", "indo_pacific"),  # Varuna off Goa
        (26.0, 50.5, "asia", "Western Asia", "middle_east"),  # the Gulf
        (69.0, 18.0, "europe", "Northern Europe", "arctic"),  # Cold Response, northern Norway
        (None, None, "asia", "Eastern Asia", "indo_pacific"),
        (None, None, "asia", "Western Asia", "middle_east"),
        (None, None, "europe", "Eastern Europe", "europe"),
        (None, None, "", "", ""),
    ],
)
def test_the_region_comes_from_the_coordinates_else_the_host(
    lat, lon, host_region, host_subregion, region
):
    assert exercise_region(lat, lon, host_region, host_subregion) == region


@pytest.fixture
def exercises(usa, japan, france):
    sweden = factories.NationFactory(
        name="Sweden", slug="sweden", region="europe", subregion="Northern Europe"
    )
    australia = factories.NationFactory(
        name="Australia", slug="australia", region="oceania", subregion="Australia and NZ"
    )
    baltops = factories.ExerciseFactory(
        name="BALTOPS 22",
        slug="baltops-22",
        host=sweden,
        domain="maritime",
        location="Baltic Sea",
        latitude=55.5,
        longitude=15.0,
        start_date=D(2022, 6, 5),
        end_date=D(2022, 6, 17),
    )
    rimpac = factories.ExerciseFactory(
        name="RIMPAC 2022",
        slug="rimpac-2022",
        host=usa,
        domain="maritime",
        location="Hawaiian Islands and Southern California",
        latitude=21.3,
        longitude=-157.9,
        start_date=D(2022, 6, 29),
        end_date=D(2022, 8, 4),
    )
    sabre = factories.ExerciseFactory(
        name="Talisman Sabre 2023",
        slug="talisman-sabre-2023",
        host=australia,
        domain="joint",
        other_domains="land,maritime,air,amphibious",
        start_date=D(2023, 7, 22),
        end_date=D(2023, 8, 4),
    )
    shield = factories.ExerciseFactory(
        name="Locked Shields 2023",
        slug="locked-shields-2023",
        host=factories.NationFactory(
            name="Estonia", slug="estonia", region="europe", subregion="Northern Europe"
        ),
        domain="cyber",
        start_date=D(2023, 4, 18),
        end_date=D(2023, 4, 21),
    )
    for exercise in (baltops, rimpac, sabre):
        factories.ParticipationFactory(exercise=exercise, nation=usa)
    return {e.slug: e for e in (baltops, rimpac, sabre, shield)}


@pytest.mark.django_db
def test_saving_works_out_the_region_and_keeps_an_editors_choice(exercises, japan):
    assert {slug: e.region for slug, e in exercises.items()} == {
        "baltops-22": "europe",
        "rimpac-2022": "indo_pacific",
        "talisman-sabre-2023": "indo_pacific",
        "locked-shields-2023": "europe",
    }
    chosen = factories.ExerciseFactory(host=japan, region="americas")
    assert Exercise.objects.get(pk=chosen.pk).region == "americas"
    [bulk] = Exercise.objects.bulk_create(
        [Exercise(name="Bulk", slug="bulk", start_date=D(2020, 1, 1), domain="air", host=japan)]
    )
    assert Exercise.objects.get(pk=bulk.pk).region == "indo_pacific"


def html_names(client, query):
    body = client.get("/exercises/?" + query).content.decode()
    return sorted(re.findall(r'<th scope="row"><a href="/exercises/[^"]+/">([^<]+)</a>', body))


def api_names(client, query):
    rows = client.get("/api/v1/exercises/?" + query).json()["results"]
    return sorted(row["name"] for row in rows)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "names"),
    [
        # BALTOPS is in Europe, not in an Indo-Pacific search.
        ("region=indo_pacific&year=2022", ["RIMPAC 2022"]),
        ("region=europe", ["BALTOPS 22", "Locked Shields 2023"]),
        ("region=europe&region=indo_pacific&year=2022", ["BALTOPS 22", "RIMPAC 2022"]),
        # Talisman Sabre is joint, and maritime among its other domains.
        ("domain=maritime", ["BALTOPS 22", "RIMPAC 2022", "Talisman Sabre 2023"]),
        ("domain=cyber&domain=amphibious", ["Locked Shields 2023", "Talisman Sabre 2023"]),
        ("domain=cyber,amphibious", ["Locked Shields 2023", "Talisman Sabre 2023"]),
        ("domain=joint", ["Talisman Sabre 2023"]),
        ("domain=land&region=indo_pacific", ["Talisman Sabre 2023"]),
    ],
)
def test_region_and_domain_filters_read_the_same_in_html_and_api(client, exercises, query, names):
    assert html_names(client, query) == names
    assert api_names(client, query) == names


@pytest.mark.django_db
def test_a_domain_word_matches_whole(client, exercises):
    factories.ExerciseFactory(name="Odd", slug="odd", domain="land", other_domains="hadr")
    assert "Odd" not in api_names(client, "domain=air")


@pytest.mark.django_db
def test_the_api_keeps_domain_and_adds_domains_and_region(client, exercises):
    row = client.get("/api/v1/exercises/talisman-sabre-2023/").json()
    assert row["domain"] == "joint"
    assert row["domains"] == ["joint", "land", "maritime", "air", "amphibious"]
    assert row["region"] == "indo_pacific"


@pytest.mark.django_db
def test_the_list_shows_where_and_every_domain(client, exercises):
    body = client.get("/exercises/").content.decode()
    assert '<th scope="col">Where</th>' in body
    assert 'Baltic Sea<br><span class="meta">Europe and the North Atlantic</span>' in body
    assert "Joint (several domains), Land, Maritime, Air, Amphibious" in body


@pytest.mark.django_db
def test_an_unknown_other_domain_is_refused_by_name(exercises):
    exercise = exercises["baltops-22"]
    exercise.other_domains = "maritime,underwater"
    with pytest.raises(ValidationError) as error:
        exercise.full_clean()
    assert "underwater" in str(error.value.message_dict["other_domains"])

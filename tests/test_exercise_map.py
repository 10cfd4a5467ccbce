"""The exercises on a world map: points grouped and sized by count, each linking to its
exercise (or its place in the table), on the list (the filtered set) and the exercise page
(with its series), with a table saying the same; the basemap is a vendored static file."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings

from partnerships.exercise_map import MapPoint, map_svg, places
from tests import factories

D = datetime.date


def point(slug, lat, lon, location="", name=None):
    return MapPoint(slug, name or slug.title(), f"/exercises/{slug}/", lat, lon, location)


def test_nearby_exercises_are_one_point_sized_by_count():
    found = places([
        point("a", 21.3, -157.9, "Pearl Harbor"),
        point("b", 21.5, -158.1, "Oahu"),
        point("c", 13.5, 144.8, "Guam"),
        point("bad", 95.0, 10.0),  # no such latitude: left out
    ])  # fmt: skip
    assert [(p.number, p.count, p.names) for p in found] == [
        (1, 2, "Pearl Harbor, Oahu"),
        (2, 1, "Guam"),
    ]
    svg = str(map_svg(found, land_url="/static/maps/land-110m.svg", label="Map <all>"))
    assert svg.count("<circle") == 2
    assert 'href="#map-place-1"' in svg  # several: their row in the table
    assert 'href="/exercises/c/"' in svg  # one: the exercise itself
    assert "Map &lt;all&gt;" in svg and 'href="/static/maps/land-110m.svg"' in svg
    assert 'tabindex="-1"' in svg and ">2</text>" in svg


def test_the_basemap_is_vendored_with_its_licence():
    maps = Path(settings.BASE_DIR) / "static" / "maps"
    land = (maps / "land-110m.svg").read_text()
    assert (
        land.startswith("<svg")
        and 'viewBox="0 0 360 180"' in land
        and "http" not in land.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )
    note = (maps / "NATURAL_EARTH.md").read_text()
    assert "public domain" in note and "world-atlas" in note
    assert (maps / "land-110m.topo.json").stat().st_size > 10_000


@pytest.fixture
def mapped(usa, japan):
    series = factories.ExerciseSeriesFactory(name="Cope North", slug="cope-north")
    editions = []
    for year, lat, lon in (
        (2019, "13.58", "144.93"),
        (2020, "13.60", "144.90"),
        (2021, None, None),
    ):
        editions.append(
            factories.ExerciseFactory(
                name=f"Cope North {year}", slug=f"cope-north-{year}", series=series,
                start_date=D(year, 2, 1), end_date=D(year, 2, 12), domain="air",
                latitude=lat, longitude=lon, location="Andersen AFB, Guam" if lat else "",
            )
        )  # fmt: skip
        factories.ParticipationFactory(exercise=editions[-1], nation=japan)
    factories.ExerciseFactory(
        name="Orient Shield 2023", slug="orient-shield-2023", domain="land",
        start_date=D(2023, 9, 1), end_date=D(2023, 9, 20), latitude="43.06", longitude="141.35",
        location="Hokkaido",
    )  # fmt: skip
    return editions


@pytest.mark.django_db
def test_the_list_maps_every_exercise_the_filters_select(client, mapped):
    page = client.get("/exercises/", {"page_size": 1}).content.decode()
    section = page[page.index('id="map-title"') :]
    assert "3 exercises with coordinates" in section
    assert section.count("<circle") == 2
    assert 'href="#map-place-1"' in section and 'href="/exercises/orient-shield-2023/"' in section
    table = section[section.index("<table") :]
    assert '<tr id="map-place-1">' in table and "Andersen AFB, Guam" in table
    assert '<a href="/exercises/cope-north-2019/">Cope North 2019</a>' in table
    series = client.get("/exercises/", {"series": "cope-north"}).content.decode()
    assert "2 exercises with coordinates" in series and "Hokkaido" not in series
    none = client.get("/exercises/", {"domain": "cyber"}).content.decode()
    assert 'id="map-title"' not in none


@pytest.mark.django_db
def test_the_exercise_page_maps_it_with_its_series(client, mapped, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        page = client.get("/exercises/cope-north-2020/").content.decode()
    section = page[page.index('id="map-title"') :]
    assert "other editions of its series" in page
    assert "2 exercises with coordinates" in section
    assert 'fill="#0072B2"' in section  # the exercise itself stands out
    alone = client.get("/exercises/orient-shield-2023/").content.decode()
    assert "Where it took place" in alone and "1 exercise with coordinates" in alone
    without = client.get("/exercises/cope-north-2021/").content.decode()
    assert 'id="map-title"' in without  # its series' editions have coordinates


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [3, 40])
def test_the_map_keeps_the_list_budget(client, usa, rows, django_assert_max_num_queries):
    for index in range(rows):
        factories.ExerciseFactory(
            slug=f"ex-{index}", latitude=str(index % 80), longitude=str(index * 3 % 170), host=usa
        )
    # The list's own, the coverage line, the map's cells, the filter choices and the
    # nation picker's names: none grows with the rows.
    with django_assert_max_num_queries(10):
        page = client.get("/exercises/").content.decode()
    assert f"{rows} exercises with coordinates" in page

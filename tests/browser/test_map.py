"""The exercises' map in a real browser: the vendored basemap and the points render, a point
links to its exercise, nothing loads from outside the site, and at phone width (390 px)
the page does not scroll sideways."""

import datetime

import pytest

from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

D = datetime.date


@pytest.fixture
def exercises(db):
    usa = factories.NationFactory(name="United States", slug="united-states", iso3="USA")
    places = [
        ("RIMPAC 2022", "rimpac-2022", "21.30000", "-157.90000", "Hawaii"),
        ("RIMPAC 2024", "rimpac-2024", "21.35000", "-157.95000", "Hawaii"),
        ("Cope North 2020", "cope-north-2020", "13.58000", "144.93000", "Guam"),
        ("BALTOPS 2023", "baltops-2023", "54.50000", "18.60000", "Baltic Sea"),
        ("Cobra Gold 2024", "cobra-gold-2024", "12.68000", "100.90000", "Sattahip"),
    ]
    for index, (name, slug, lat, lon, location) in enumerate(places):
        factories.ExerciseFactory(
            name=name, slug=slug, latitude=lat, longitude=lon, location=location, host=usa,
            start_date=D(2020 + index, 6, 1), end_date=D(2020 + index, 7, 1),
        )  # fmt: skip


def _no_sideways_scroll(page):
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"scrolls sideways: {widths}"


def test_the_map_renders_at_phone_width_without_sideways_scroll(phone, exercises):
    phone.goto("/exercises/")
    figure = phone.page.locator("svg.exercise-map")
    figure.scroll_into_view_if_needed()
    assert figure.is_visible()
    box = figure.bounding_box()
    assert box["width"] <= 390 and box["height"] > 100
    assert phone.page.locator("svg.exercise-map circle").count() == 4  # Hawaii's two as one
    # The basemap, a static file of the site, was fetched and drawn.
    assert any(url.endswith("/static/maps/land-110m.svg") for url in phone.requests)
    _no_sideways_scroll(phone.page)
    phone.screenshot("exercise-map-390")

    with phone.page.expect_navigation():
        phone.page.locator('svg.exercise-map a[href="/exercises/baltops-2023/"]').click()
    assert phone.page.url.endswith("/exercises/baltops-2023/")
    assert phone.page.locator("svg.exercise-map").is_visible()
    _no_sideways_scroll(phone.page)
    phone.screenshot("exercise-map-detail-390")


def test_a_grouped_point_leads_to_its_row_in_the_table(visit, exercises):
    visit.goto("/exercises/")
    visit.page.locator("summary", has_text="The map as a table").click()
    visit.page.locator('svg.exercise-map a[href="#map-place-1"]').click()
    assert visit.page.url.endswith("#map-place-1")
    row = visit.page.locator("#map-place-1")
    assert row.is_visible() and "RIMPAC 2022" in row.inner_text()
    visit.screenshot("exercise-map-desktop")

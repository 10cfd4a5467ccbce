"""The public site in a real browser: pages render, forms work, nothing loads from outside."""

import datetime

import pytest

from partnerships.models import NationAlias
from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

D = datetime.date


@pytest.fixture
def browsed_world(world, usa, japan, france):
    """The shared world, and what the pages under test need besides: a nation with an
    accent and an alias, a pact of three (France's two network partners), a land exercise
    Japan hosted, and a US-Japan dialogue."""
    ivory = factories.NationFactory(
        name="Côte d’Ivoire", slug="cote-divoire", iso3="CIV", region="africa"
    )
    NationAlias.objects.create(nation=ivory, name="Ivory Coast")
    pact = factories.PartnershipFactory(name="Pacific Pact", slug="pacific-pact")
    for nation in (usa, japan, france):
        factories.PartnershipMemberFactory(partnership=pact, nation=nation)
    orient = factories.ExerciseFactory(
        name="Orient Shield 2023",
        slug="orient-shield-2023",
        domain="land",
        start_date=D(2023, 9, 1),
        end_date=D(2023, 9, 20),
        host=japan,
    )
    factories.ParticipationFactory(exercise=orient, nation=usa)
    dialogue = factories.EngagementFactory(
        name="US-Japan 2+2", slug="us-japan-2-plus-2", kind="defence_dialogue"
    )
    factories.EngagementPartyFactory(engagement=dialogue, nation=usa)
    factories.EngagementPartyFactory(engagement=dialogue, nation=japan)
    return {**world, "ivory": ivory, "pact": pact, "orient": orient, "dialogue": dialogue}


def test_home_page(visit, browsed_world):
    visit.goto("/")

    assert visit.page.locator("h1").first.is_visible()
    assert visit.page.get_by_role("navigation", name="Main").is_visible()
    visit.screenshot("home")


def test_filter_exercises_by_domain(visit, browsed_world):
    visit.goto("/exercises/")
    assert visit.page.get_by_role("link", name="Orient Shield 2023").is_visible()

    visit.page.check("input[name=domain][value=maritime]")
    with visit.page.expect_navigation():
        visit.page.get_by_role("button", name="Apply filters").click()

    assert "domain=maritime" in visit.page.url
    assert visit.page.get_by_role("link", name="RIMPAC 2024").is_visible()
    assert visit.page.get_by_role("link", name="Orient Shield 2023").count() == 0
    visit.screenshot("exercises-maritime")


def test_nation_page(visit, browsed_world):
    visit.goto("/nations/japan/")

    assert visit.page.locator("h1").inner_text().startswith("Japan")
    assert visit.page.get_by_text(
        "US-Japan Treaty of Mutual Cooperation and Security"
    ).first.is_visible()
    visit.screenshot("nation-japan")


def test_relations_page_from_the_form(visit, browsed_world):
    visit.goto("/relations/")
    visit.page.get_by_label("First nation").fill("Japan")
    visit.page.get_by_label("Second nation").fill("United States")
    with visit.page.expect_navigation():
        visit.page.get_by_role("button", name="Compare").click()

    assert visit.page.url.endswith("/relations/japan/united-states/")
    assert "Japan and United States" in visit.page.locator("h1").inner_text()
    assert visit.page.locator("svg.chart-svg").is_visible()
    for name in (
        "US-Japan Treaty of Mutual Cooperation and Security",
        "RIMPAC 2024",
        "US-Japan 2+2",
    ):
        assert visit.page.get_by_role("link", name=name).first.is_visible()
    visit.screenshot("relations-japan-united-states")


def test_network_page_and_filter(visit, browsed_world):
    visit.goto("/network/")

    chart = visit.page.locator("svg.network-svg")
    assert chart.is_visible()
    assert chart.locator("circle").count() >= 3
    # The long tables are folded away until asked for.
    assert not visit.page.get_by_role("table").first.is_visible()
    visit.page.get_by_text("as a table").first.click()
    assert visit.page.get_by_role("table").first.is_visible()
    visit.screenshot("network")

    visit.page.get_by_label("Kind of partnership").select_option("bilateral")
    with visit.page.expect_navigation():
        visit.page.get_by_role("button", name="Show").click()
    assert visit.page.locator("svg.network-svg .network-edges path").count() == 1
    visit.screenshot("network-bilateral")


def test_network_hover_highlights_partners(visit, browsed_world):
    visit.goto("/network/")

    visit.page.locator('svg.network-svg a[data-slug="france"] circle').hover()

    assert "is-focused" in visit.page.locator("svg.network-svg").get_attribute("class")
    linked = visit.page.locator("svg.network-svg .network-edges path.is-linked")
    assert linked.count() == 2  # France shares the pact with Japan and the US


def test_search_is_accent_blind(visit, browsed_world):
    visit.goto("/")
    box = visit.page.get_by_role("banner").get_by_label("Search the catalogue")
    box.fill("Cote d'Ivoire")
    with visit.page.expect_navigation():
        box.press("Enter")

    assert visit.page.get_by_role("link", name="Côte d’Ivoire").is_visible()
    visit.screenshot("search")


def test_network_search_box_highlights_a_nation_without_hover(visit, browsed_world):
    visit.goto("/network/")

    visit.page.get_by_role("combobox", name="Highlight a nation").fill("France")

    assert "is-focused" in visit.page.locator("svg.network-svg").get_attribute("class")
    linked = visit.page.locator("svg.network-svg .network-edges path.is-linked")
    assert linked.count() == 2
    assert (
        "France: 2 partners highlighted." in visit.page.locator("[data-network-found]").inner_text()
    )


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("path", ["/exercises/", "/partnerships/"])
def test_filters_fold_away_on_a_phone_and_show_at_a_desk(visit, browsed_world, path):
    page = visit.page
    page.set_viewport_size({"width": 390, "height": 844})
    visit.goto(path)
    first_row = page.locator(".table-wrap tbody tr").first
    assert first_row.bounding_box()["y"] + 20 < 844  # on the first screen
    form = page.locator("form.filters")
    assert not form.is_visible()
    assert no_sideways_scroll(page)
    page.locator(".filters-disclosure > summary").click()
    assert form.is_visible()
    visit.screenshot(f"filters-phone-{path.strip('/')}")

    page.set_viewport_size({"width": 1400, "height": 900})
    visit.goto(path)
    assert form.is_visible()
    assert page.get_by_role("button", name="Apply filters").is_visible()
    assert not page.locator(".filters-disclosure > summary").is_visible()
    assert no_sideways_scroll(page)


def test_the_network_comes_before_its_filters_on_a_phone(visit, browsed_world):
    page = visit.page
    page.set_viewport_size({"width": 390, "height": 844})
    visit.goto("/network/?year=2024")
    form = page.locator("form.filters")
    assert not form.is_visible()
    assert page.locator("figure.network-chart").bounding_box()["y"] < 844  # on the first screen
    assert "(in use)" in page.locator(".filters-disclosure > summary").inner_text()
    assert no_sideways_scroll(page)
    page.locator(".filters-disclosure > summary").click()
    assert page.get_by_label("Year", exact=True).input_value() == "2024"

    # A wrong value (a 400 that says which field) opens the form at that field.
    assert page.goto(visit.base_url + "/network/?year=banana").status == 400
    assert form.is_visible()

    page.set_viewport_size({"width": 1400, "height": 900})
    visit.goto("/network/")
    assert form.is_visible()
    assert not page.locator(".filters-disclosure > summary").is_visible()


def test_filters_in_use_stay_open_on_a_phone(visit, browsed_world):
    visit.page.set_viewport_size({"width": 390, "height": 844})
    visit.goto("/exercises/?domain=maritime")
    assert visit.page.locator("form.filters").is_visible()
    assert visit.page.locator("input[name=domain][value=maritime]").is_checked()

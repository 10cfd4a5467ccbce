"""Ten real questions a defence analyst or a journalist brings, asked of the real reference
catalogue in real Chromium at a desk (1400 px) and on a phone (390 px).

The questions, and the page that answers each:

 1. Were the United Kingdom and France allied in 1960?      /alliances/?a=...&b=...&year=1960
 2. What do India and France share, and since when?          /relations/india/france/
 3. Who were NATO's members on 1 January 1990?               /organizations/nato/members/?on=
 4. Which exercises were held in the Indo-Pacific since 2020?  /exercises/?region=indo_pacific&...
 5. Which maritime exercises did Australia take part in?     /exercises/?domain=maritime&nation=
 6. Who are the United States' closest partners?             /nations/united-states/
 7. How has NATO's membership grown since 1949?              /organizations/nato/
 8. What did the partnership network look like in 1995?      /network/?year=1995
 9. Which alliances bound the Soviet Union in 1970?          /partnerships/?nation=...&year=1970
10. What military aid has been recorded, largest first?      /engagements/?kind=military_aid&...

At both widths no page scrolls sideways (`scrollWidth <= innerWidth`). The tools are one
click from the menu, the nation picker finds "United Kingdom" by name, and the download
links return the rows the page lists. With UPDATE_SCREENSHOTS=1 the pages' first screens
are saved under docs/screenshots/ (otherwise under tests/browser/screenshots/).
"""

import csv
import io
import os
import pathlib

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHOTS = (
    ROOT / "docs" / "screenshots"
    if os.environ.get("UPDATE_SCREENSHOTS")
    else ROOT / "tests" / "browser" / "screenshots"
)

QUESTIONS = [
    ("allied-uk-france-1960", "/alliances/?a=United+Kingdom&b=France&year=1960"),
    ("india-france", "/relations/india/france/"),
    ("nato-members-1990", "/organizations/nato/members/?on=1990-01-01"),
    ("indo-pacific-exercises", "/exercises/?region=indo_pacific&started_after=2020-01-01"),
    ("australia-maritime", "/exercises/?domain=maritime&nation=australia"),
    ("united-states-partners", "/nations/united-states/"),
    ("nato-growth", "/organizations/nato/"),
    ("network-1995", "/network/?year=1995"),
    ("soviet-alliances-1970", "/partnerships/?nation=soviet-union&year=1970"),
    ("military-aid", "/engagements/?kind=military_aid&ordering=-value_usd"),
]
WIDTHS = {"desk": 1400, "phone": 390}


@pytest.fixture
def catalogue(transactional_db, reference_data):
    """The real reference catalogue, committed for the live server to read."""


@pytest.fixture
def open_at(browser, live_server):
    """A page at a width; afterwards, no request of it may have left the site."""
    contexts, outside = [], []

    def note(request):
        if not request.url.startswith((live_server.url, "data:", "blob:", "about:")):
            outside.append(request.url)

    def open_page(width):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.on("request", note)
        return page

    open_page.base = live_server.url
    yield open_page
    for context in contexts:
        context.close()
    assert outside == [], "requests left the site"


def sideways(page) -> int:
    """How far the page scrolls sideways: 0 when it fits."""
    return page.evaluate("document.documentElement.scrollWidth - innerWidth")


def test_ten_questions_fit_a_desk_and_a_phone(catalogue, open_at):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, width in WIDTHS.items():
        page = open_at(width)
        for number, (name, path) in enumerate(QUESTIONS, start=1):
            response = page.goto(open_at.base + path)
            assert response.ok, f"{path} answered {response.status}"
            assert page.locator("h1").first.is_visible(), path
            assert sideways(page) <= 0, f"{path} scrolls sideways at {width} px"
            page.screenshot(path=SHOTS / f"{number:02d}-{name}-{label}.png")


def test_the_tools_are_one_click_from_the_menu_and_take_names(catalogue, open_at):
    page = open_at(390)
    page.goto(open_at.base + "/exercises/")
    menu = page.get_by_role("navigation", name="Main")
    with page.expect_navigation():
        menu.get_by_role("link", name="Were they allied?").click()
    assert page.url.endswith("/alliances/")
    page.get_by_label("First nation").fill("United Kingdom")
    page.get_by_label("Second nation").fill("France")
    page.get_by_label("Year").fill("1960")
    with page.expect_navigation():
        page.get_by_role("button", name="Ask").click()
    heading = page.locator("main h2").first.inner_text()
    assert "United Kingdom and France in 1960" in " ".join(heading.split())
    assert "allied" in heading and "not allied" not in heading
    assert page.get_by_role("heading", name="What counts as allied").is_visible()
    assert sideways(page) <= 0

    with page.expect_navigation():
        menu.get_by_role("link", name="Compare two nations").click()
    page.get_by_label("First nation").fill("Britain")  # a common variant
    page.get_by_label("Second nation").fill("France")
    with page.expect_navigation():
        page.get_by_role("button", name="Compare").click()
    assert page.url.endswith("/relations/united-kingdom/france/")


def test_the_picker_offers_united_kingdom_as_one_types(catalogue, open_at):
    page = open_at(1400)
    page.goto(open_at.base + "/relations/")
    box = page.get_by_label("First nation")
    box.fill("United Ki")
    offered = page.evaluate(
        """(box) => [...box.list.options].map(o => o.value)
            .filter(v => v.toLowerCase().includes(box.value.toLowerCase()))""",
        box.element_handle(),
    )
    assert "United Kingdom" in offered
    # The variants ride along as the option's label, so "Britain" finds it too.
    label = page.locator('#nation-names option[value="United Kingdom"]').get_attribute("label")
    assert "Britain" in label


def test_the_download_links_return_the_rows_listed(catalogue, open_at):
    page = open_at(1400)
    page.goto(open_at.base + QUESTIONS[3][1])  # the Indo-Pacific since 2020
    listed = page.locator("table tbody th[scope=row] > a").all_inner_texts()
    assert listed and not any("BALTOPS" in name for name in listed)
    csv_link = page.get_by_role("link", name="Download CSV").first
    assert "region=indo_pacific" in csv_link.get_attribute("href")
    response = page.request.get(open_at.base + csv_link.get_attribute("href"))
    assert response.ok and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text())))
    assert [row["name"] for row in rows] == listed
    json_link = page.get_by_role("link", name="Download JSON").first
    data = page.request.get(open_at.base + json_link.get_attribute("href")).json()
    assert [row["name"] for row in data["results"]] == listed

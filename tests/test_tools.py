"""The tools in plain sight (issue 18, item 1): the menu and home blocks, the nation picker
by name, the members-on-a-day picker, "compare with" on nation pages, two nations in a
search, and the allied answer's sources and definition."""

import datetime
import re

import pytest
from django.urls import reverse

from partnerships.models import NationAlias
from partnerships.picker import find_nation, two_nations
from tests import factories

D = datetime.date
pytestmark = pytest.mark.django_db


def text(response, status=200):
    assert response.status_code == status
    return response.content.decode()


@pytest.fixture
def uk(db):
    nation = factories.NationFactory(
        name="United Kingdom", slug="united-kingdom", iso2="GB", iso3="GBR", region="europe"
    )
    for alias in ("Britain", "UK", "United Kingdom of Great Britain and Northern Ireland"):
        NationAlias.objects.create(nation=nation, name=alias)
    return nation


@pytest.fixture
def anglo_japanese(uk, japan):
    treaty = factories.PartnershipFactory(
        name="Anglo-Japanese Alliance",
        slug="anglo-japanese-alliance",
        kind="bilateral",
        start_date=D(1902, 1, 30),
        end_date=D(1923, 8, 17),
        defense=True,
    )
    for nation in (uk, japan):
        factories.PartnershipMemberFactory(partnership=treaty, nation=nation, left=treaty.end_date)
    treaty.sources.add(
        factories.SourceFactory(
            title="Anglo-Japanese Alliance, treaty text", accessed=D(2025, 3, 1)
        )
    )
    return treaty


def test_the_menu_reaches_both_tools_in_one_click(client, usa):
    for path in ("/", reverse("partnerships:nation-list"), usa.get_absolute_url()):
        nav = re.search(r'<nav class="site-nav".*?</nav>', text(client.get(path)), re.S).group(0)
        assert 'href="/relations/"' in nav and "Compare two nations" in nav
        assert 'href="/alliances/"' in nav and "Were they allied?" in nav


def test_the_home_page_asks_both_questions_with_the_picker(client, uk):
    body = text(client.get("/"))
    assert re.search(r'<form class="tool" method="get" action="/relations/">', body)
    assert re.search(r'<form class="tool" method="get" action="/alliances/">', body)
    assert body.count('list="nation-names"') == 4
    assert '<datalist id="nation-names">' in body
    # Other names are offered with the name, so typing "Britain" finds the UK.
    assert re.search(r'<option value="United Kingdom" label="[^"]*Britain', body)


@pytest.mark.parametrize(
    "typed",
    ["United Kingdom", "united kingdom", "Britain", "UK", "united-kingdom", " uk "],
)
def test_the_picker_finds_a_nation_by_name_variant_or_slug(uk, typed):
    assert find_nation(typed) == uk


def test_the_picker_finds_nothing_for_a_stranger(uk):
    assert find_nation("Atlantis") is None
    assert find_nation("") is None
    assert find_nation("x" * 500) is None


def test_alliances_by_name_answers_with_sources_and_says_what_allied_means(client, anglo_japanese):
    body = text(
        client.get(
            reverse("partnerships:alliances"), {"a": "United Kingdom", "b": "Japan", "year": 1905}
        )
    )
    assert "in 1905:\n    allied" in body
    assert 'value="United Kingdom"' in body  # the name stays in the box, not a slug
    assert "Anglo-Japanese Alliance, treaty text" in body
    assert "accessed 1 March 2025" in body
    assert "What counts as allied" in body
    assert "does not count, because it promises nothing" in body
    assert 'href="/relations/united-kingdom/japan/"' in body


def test_alliances_by_variant(client, anglo_japanese):
    response = client.get(
        reverse("partnerships:alliances"), {"a": "Britain", "b": "japan", "year": 1930}
    )
    assert "not allied" in text(response)


def test_compare_by_name_goes_to_the_pair(client, uk, france):
    response = client.get(reverse("partnerships:relations-pick"), {"a": "Britain", "b": "France"})
    assert response.status_code == 302
    assert response["Location"] == "/relations/united-kingdom/france/"


def test_the_relations_page_shows_names_in_its_form(client, uk, france):
    body = text(client.get("/relations/united-kingdom/france/"))
    assert re.search(r'<input[^>]*name="a"[^>]*value="United Kingdom"', body)
    assert re.search(r'<input[^>]*name="b"[^>]*value="France"', body)


def test_an_organization_page_picks_a_day_for_its_members(client, nato):
    body = text(client.get(nato.get_absolute_url()))
    form = re.search(r'<form class="tool members-on".*?</form>', body, re.S).group(0)
    assert 'action="/organizations/nato/members/"' in form
    assert 'type="date"' in form and 'name="on"' in form
    assert 'min="1949-04-04"' in form


def test_a_nation_page_offers_comparison_with_its_top_partners(client, usa, us_japan_treaty):
    body = text(client.get(usa.get_absolute_url()))
    block = re.search(r'<nav class="tool compare-with".*?</nav>', body, re.S).group(0)
    assert 'href="/relations/united-states/japan/"' in block
    assert 'name="b" list="nation-names"' in block


@pytest.mark.parametrize(
    "query",
    ["India France", "india and france", "India vs. France", "india, france"],
)
def test_two_nation_names_are_recognised(india, france, query):
    assert two_nations(query) == (india, france)


@pytest.mark.parametrize("query", ["India", "India India", "India exercises", "", "a b c"])
def test_one_name_or_other_words_are_not_a_pair(india, france, query):
    assert two_nations(query) is None


def test_a_search_for_two_nations_offers_their_comparison_and_shared_exercises(
    client, india, france, usa
):
    shared = factories.ExerciseFactory(name="Varuna 2023", slug="varuna-2023")
    for nation in (india, france):
        factories.ParticipationFactory(exercise=shared, nation=nation)
    other = factories.ExerciseFactory(name="Cope India 2023", slug="cope-india-2023")
    for nation in (india, usa):
        factories.ParticipationFactory(exercise=other, nation=nation)
    body = text(client.get(reverse("partnerships:search"), {"q": "India France"}))
    offer = re.search(r'<aside class="tool pair-offer".*?</aside>', body, re.S).group(0)
    assert 'href="/relations/india/france/"' in offer
    assert 'href="/exercises/?nation=india&amp;nation=france"' in offer
    assert "(1)" in offer
    listed = text(client.get("/exercises/", {"nation": ["india", "france"]}))
    assert "Varuna 2023" in listed and "Cope India 2023" not in listed


def test_a_search_for_one_nation_offers_no_pair(client, india, france):
    body = text(client.get(reverse("partnerships:search"), {"q": "India"}))
    assert "pair-offer" not in body


def test_the_list_picker_offers_the_states_of_the_chosen_year(client, usa):
    from partnerships.models import Statehood

    soviet = factories.NationFactory(name="Soviet Union", slug="soviet-union", is_historical=True)
    Statehood.objects.create(nation=soviet, start_date=D(1922, 12, 30), end_date=D(1991, 12, 25))
    czechia = factories.NationFactory(name="Czechia", slug="czechia")
    Statehood.objects.create(nation=czechia, start_date=D(1993, 1, 1))

    def offered(query):
        body = text(client.get("/exercises/", query))
        found = re.search(r'<datalist id="(nation-names[^"]*)">(.*?)</datalist>', body, re.S)
        assert re.search(rf'name="nation"[^>]*list="{found.group(1)}"', body)
        return set(re.findall(r'<option value="([^"]+)"', found.group(2)))

    assert offered({"year": "1980"}) == {"Soviet Union", "United States"}
    assert offered({"year": "2020"}) == {"Czechia", "United States"}
    assert offered({}) == {"Czechia", "Soviet Union", "United States"}

"""search_catalogue() and the search page: every kind of record, case and accent blind.

The same assertions run on SQLite and PostgreSQL (CI runs both).
"""

import datetime

import pytest
from django.urls import reverse

from partnerships.models import NationAlias
from partnerships.search import QueryProblem, search_catalogue
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(france):
    ivory_coast = factories.NationFactory(
        name="Côte d’Ivoire", slug="cote-divoire", iso3="CIV", region="africa"
    )
    NationAlias.objects.create(nation=ivory_coast, name="Ivory Coast")
    factories.NationFactory(name="Ivoria", slug="ivoria", region="africa")
    factories.OrganizationFactory(
        name="Economic Community of West African States", acronym="ECOWAS", slug="ecowas"
    )
    factories.PartnershipFactory(
        name="Élysée Treaty",
        slug="elysee-treaty",
        kind="bilateral",
        start_date=datetime.date(1963, 1, 22),
        description="Franco-German friendship and defence cooperation.",
    )
    series = factories.ExerciseSeriesFactory(name="RIMPAC", slug="rimpac")
    factories.ExerciseFactory(name="RIMPAC 2024", slug="rimpac-2024", series=series)
    factories.ExerciseFactory(name="Flintlock", slug="flintlock", location="Abidjan, Côte d’Ivoire")
    factories.EngagementFactory(
        name="French training mission", slug="french-training", description="Ivorian army"
    )
    factories.ArticleFactory(title="Why the Élysée Treaty lasted", slug="elysee-lasted")
    factories.ArticleFactory(title="Élysée draft notes", slug="elysee-draft", status="draft")
    factories.ArticleFactory(
        title="Élysée scheduled",
        slug="elysee-scheduled",
        published_at=datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC),
    )
    factories.SourceFactory(title="Traité de l’Élysée", publisher="Légifrance")


def group(result, kind):
    return next(g for g in result["groups"] if g["kind"] == kind)


def slugs(result, kind):
    return [record["slug"] for record in group(result, kind)["results"]]


@pytest.mark.parametrize(
    "query", ["Cote d'Ivoire", "côte d’ivoire", "COTE D IVOIRE", "ivory coast", "Ivory", "CIV"]
)
def test_nation_found_by_name_alias_or_code_whatever_the_accents(catalogue, query):
    assert "cote-divoire" in slugs(search_catalogue(query), "nations")


def test_accents_are_folded_on_both_sides(catalogue):
    result = search_catalogue("elysee")

    assert slugs(result, "partnerships") == ["elysee-treaty"]
    assert group(result, "sources")["count"] == 1
    assert slugs(result, "articles") == ["elysee-lasted"]  # no draft, nothing scheduled


def test_every_kind_is_searched_and_grouped_with_counts(catalogue):
    result = search_catalogue("ivo")

    assert [g["kind"] for g in result["groups"]] == [
        "nations",
        "organizations",
        "partnerships",
        "exercises",
        "engagements",
        "articles",
        "sources",
    ]
    assert set(slugs(result, "nations")) == {"cote-divoire", "ivoria"}
    assert slugs(result, "exercises") == ["flintlock"]  # by location
    assert slugs(result, "engagements") == ["french-training"]  # by description
    assert result["total"] == sum(g["count"] for g in result["groups"]) == 4


def test_every_word_must_match_and_partial_words_count(catalogue):
    assert slugs(search_catalogue("rimp 2024"), "exercises") == ["rimpac-2024"]
    assert search_catalogue("rimpac 1999")["total"] == 0
    assert slugs(search_catalogue("ecowas"), "organizations") == ["ecowas"]
    assert slugs(search_catalogue("west african"), "organizations") == ["ecowas"]


def test_exact_name_ranks_first(catalogue):
    factories.NationFactory(name="Ivoria Minor", slug="ivoria-minor")
    factories.NationFactory(name="Greater Ivoria", slug="greater-ivoria")

    assert slugs(search_catalogue("Ivoria"), "nations")[:2] == ["ivoria", "ivoria-minor"]


def test_results_link_to_records(catalogue):
    nation = group(search_catalogue("ivory"), "nations")["results"][0]

    assert nation["url"] == reverse("partnerships:nation-detail", args=["cote-divoire"])
    assert nation["name"] == "Côte d’Ivoire"


def test_limit_per_kind_keeps_the_count(catalogue):
    for number in range(5):
        factories.ExerciseFactory(name=f"Flintlock {number}")

    flintlock = group(search_catalogue("flintlock", limit_per_kind=2), "exercises")

    assert flintlock["count"] == 6 and len(flintlock["results"]) == 2


@pytest.mark.parametrize(
    "query",
    ["", "   ", "!!!", "’'\"-", "x" * 10_000, None, "\x00\x00", "%", "_"],
)
def test_unusable_queries_raise_a_clear_problem(query):
    with pytest.raises(QueryProblem) as problem:
        search_catalogue(query)
    assert str(problem.value)


@pytest.mark.parametrize(
    "query",
    ["'; DROP TABLE partnerships_nation; --", "a\x00b", "100%", "a_b", "é & | ! :*", "(((", "\\"],
)
def test_odd_queries_search_safely(catalogue, query):
    try:
        result = search_catalogue(query)
    except QueryProblem:
        return
    assert result["total"] >= 0


def test_wildcards_are_literal(catalogue):
    factories.NationFactory(name="Zed", slug="zed")

    assert search_catalogue("100%")["total"] == 0


def test_query_budget_is_independent_of_data_size(catalogue, django_assert_max_num_queries):
    for _ in range(10):
        factories.ExerciseFactory(name="Ivory Shield")
        factories.NationFactory(name=f"Ivory {_}")

    with django_assert_max_num_queries(14):
        search_catalogue("ivory")


# --- the page --------------------------------------------------------------------------


def test_search_page_groups_results(client, catalogue):
    response = client.get(reverse("partnerships:search"), {"q": "Cote d'Ivoire"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Côte d’Ivoire" in html
    assert reverse("partnerships:nation-detail", args=["cote-divoire"]) in html
    assert "Nations" in html
    # The summary names only the kinds with results (Flintlock: held in Abidjan).
    assert 'nations (1)</a>, <a href="#results-exercises">exercises (1)</a>.</p>' in html


def test_search_page_without_query_shows_the_form(client, db):
    response = client.get(reverse("partnerships:search"))

    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


@pytest.mark.parametrize("query", ["!!!", "x" * 10_000, "\x00", "'; DROP TABLE x; --"])
def test_search_page_answers_odd_queries_kindly(client, catalogue, query):
    response = client.get(reverse("partnerships:search"), {"q": query})

    assert response.status_code == 200


def test_search_page_says_when_nothing_matches(client, catalogue):
    response = client.get(reverse("partnerships:search"), {"q": "zzzzqqq"})

    assert response.status_code == 200
    assert "No results" in response.content.decode()


def test_search_page_query_budget(client, catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        response = client.get(reverse("partnerships:search"), {"q": "elysee"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        ("nations", "cote", ["cote-divoire"]),
        ("nations", "ivory coast", ["cote-divoire"]),  # by its alias, every word
        ("nations", "COTE ivoire", ["cote-divoire"]),
        ("partnerships", "elysee", ["elysee-treaty"]),
        ("exercises", "abidjan cote", ["flintlock"]),
        ("organizations", "west african", ["ecowas"]),
        ("nations", "ivory atlantis", []),  # every word must match
    ],
)
def test_list_search_matches_as_the_search_page_does(client, catalogue, path, query, expected):
    """`?q=` on a list is /search/'s matching: folded words, each in some field."""
    html = client.get(f"/{path}/", {"q": query})
    api = client.get(f"/api/v1/{path}/", {"q": query})
    assert [record.slug for record in html.context["page_obj"].object_list] == expected
    assert [record["slug"] for record in api.json()["results"]] == expected
    found = slugs(search_catalogue(query), path)
    assert found == expected

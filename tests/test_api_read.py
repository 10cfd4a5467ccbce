"""Reading the API: shapes, nested summaries and links, filters, pagination, query budgets."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.api_support import client_for, user_with
from tests.conftest import clear_cache

# Fields only a record's own page carries (a partnership's obligations per phase).
DETAIL_ONLY = {"partnerships": {"phases"}}
RESOURCES = [
    "nations",
    "organizations",
    "partnerships",
    "exercises",
    "engagements",
    "articles",
    "sources",
]


@pytest.mark.django_db
@pytest.mark.parametrize("resource", RESOURCES)
def test_every_list_has_the_contract_shape_and_links(api, world, resource):
    response = api.get(f"/api/v1/{resource}/")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"count", "next", "previous", "results"}
    assert data["count"] == len(data["results"]) > 0
    record = data["results"][0]
    assert record["url"] == f"http://testserver/api/v1/{resource}/{record['slug']}/"
    assert "html_url" in record
    detail = api.get(record["url"])
    assert detail.status_code == 200
    only = DETAIL_ONLY.get(resource, set())
    assert set(detail.json()) - set(record) == only
    assert {k: v for k, v in detail.json().items() if k not in only} == record


@pytest.mark.django_db
def test_partnership_detail_nests_members_with_dates_and_sources(api, world):
    data = api.get("/api/v1/partnerships/us-japan-security-treaty/").json()
    assert data["kind"] == "bilateral"
    assert data["html_url"] == "http://testserver/partnerships/us-japan-security-treaty/"
    members = {member["nation"]["slug"]: member for member in data["members"]}
    assert set(members) == {"united-states", "japan"}
    japan = members["japan"]
    assert japan["joined"] == "1960-06-23"
    assert japan["joined_precision"] == "day"
    assert japan["left"] is None
    assert japan["nation"]["url"] == "http://testserver/api/v1/nations/japan/"
    assert japan["nation"]["html_url"] == "http://testserver/nations/japan/"
    [source] = data["sources"]
    assert source["slug"] == "treaty-text"
    assert source["url"] == "http://testserver/api/v1/sources/treaty-text/"
    assert source["web_url"].startswith("https://example.org/")


@pytest.mark.django_db
def test_nested_roles_and_memberships(api, world):
    exercise = api.get("/api/v1/exercises/rimpac-2024/").json()
    roles = {row["nation"]["slug"]: row["role"] for row in exercise["participants"]}
    assert roles == {"united-states": "host", "japan": "participant"}
    assert exercise["series"] == {"name": "RIMPAC", "slug": "rimpac"}
    assert exercise["host"]["slug"] == "united-states"
    assert [org["slug"] for org in exercise["organizations"]] == ["nato"]

    engagement = api.get("/api/v1/engagements/malabar-dialogue/").json()
    assert {row["nation"]["slug"]: row["role"] for row in engagement["parties"]} == {
        "india": "host",
        "japan": "visitor",
    }
    nato = api.get("/api/v1/organizations/nato/").json()
    assert {row["nation"]["slug"] for row in nato["members"]} == {"united-states", "france"}
    assert nato["members"][0]["status"] == "member"

    france = api.get("/api/v1/nations/france/").json()
    [membership] = france["memberships"]
    assert membership["organization"]["url"] == "http://testserver/api/v1/organizations/nato/"
    assert membership["joined"] == "1949-08-24"
    usa = api.get("/api/v1/nations/united-states/").json()
    assert usa["partnerships"][0]["partnership"]["slug"] == "us-japan-security-treaty"


@pytest.mark.django_db
def test_articles_public_sees_published_only_editors_see_drafts(api, world):
    slugs = [row["slug"] for row in api.get("/api/v1/articles/").json()["results"]]
    assert slugs == ["why-alliances-last"]
    assert api.get("/api/v1/articles/unfinished/").status_code == 404

    plain = client_for(user_with(username="reader"))
    assert plain.get("/api/v1/articles/unfinished/").status_code == 404
    editor = client_for(user_with("change_article", username="writer"))
    slugs = {row["slug"] for row in editor.get("/api/v1/articles/").json()["results"]}
    assert slugs == {"why-alliances-last", "unfinished"}
    assert editor.get("/api/v1/articles/unfinished/").status_code == 200


@pytest.mark.django_db
def test_related_articles_hide_drafts_from_the_public(api, world):
    world["article"].related_articles.add(world["draft"])
    data = api.get("/api/v1/articles/why-alliances-last/").json()
    assert data["related_articles"] == []
    assert [row["slug"] for row in data["nations"]] == ["japan", "united-states"]


@pytest.mark.django_db
def test_unknown_slug_is_a_json_404(api, world):
    response = api.get("/api/v1/partnerships/atlantis-pact/")
    assert response.status_code == 404
    assert "detail" in response.json()


# --- filters ------------------------------------------------------------------------------


def slugs(response):
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


@pytest.mark.django_db
def test_nation_filter_repeated_or_comma_separated_means_all(api, world, usa, france):
    other = factories.PartnershipFactory(slug="other-pact")
    factories.PartnershipMemberFactory(partnership=other, nation=usa)
    factories.PartnershipMemberFactory(partnership=other, nation=france)
    for query in ("nation=united-states&nation=japan", "nation=united-states,japan"):
        assert slugs(api.get(f"/api/v1/partnerships/?{query}")) == ["us-japan-security-treaty"]
    assert set(slugs(api.get("/api/v1/partnerships/?nation=united-states"))) == {
        "us-japan-security-treaty",
        "other-pact",
    }


@pytest.mark.django_db
def test_year_is_per_member(api, usa, france):
    pact = factories.PartnershipFactory(slug="pact", start_date=datetime.date(1950, 1, 1))
    factories.PartnershipMemberFactory(partnership=pact, nation=usa)
    factories.PartnershipMemberFactory(
        partnership=pact, nation=france, left=datetime.date(1966, 7, 1)
    )
    query = "/api/v1/partnerships/?nation=united-states&nation=france&year="
    assert slugs(api.get(query + "1966")) == ["pact"]
    assert slugs(api.get(query + "1967")) == []


@pytest.mark.django_db
def test_nations_members_of_an_organization_in_a_year(api, nato, usa, france):
    factories.MembershipFactory(
        organization=nato,
        nation=factories.NationFactory(name="Spain", slug="spain"),
        joined=datetime.date(1982, 5, 30),
    )
    assert slugs(api.get("/api/v1/nations/?organization=nato&year=1960")) == [
        "france",
        "united-states",
    ]
    assert len(slugs(api.get("/api/v1/nations/?organization=nato"))) == 3
    assert slugs(api.get("/api/v1/nations/?partnership=nothing-such")) == []


@pytest.mark.django_db
def test_more_filters_kind_domain_region_dates_dataset_q_ordering(api, world, india):
    assert slugs(api.get("/api/v1/partnerships/?kind=multilateral")) == []
    assert slugs(api.get("/api/v1/exercises/?domain=maritime")) == ["rimpac-2024"]
    assert slugs(api.get("/api/v1/exercises/?domain=air")) == []
    assert slugs(api.get("/api/v1/nations/?region=europe")) == ["france"]
    assert slugs(api.get("/api/v1/engagements/?started_after=2014-01-01")) == ["malabar-dialogue"]
    assert slugs(api.get("/api/v1/engagements/?started_before=2014-01-01")) == []
    assert slugs(api.get("/api/v1/engagements/?nation=india&kind=defence_dialogue")) == [
        "malabar-dialogue"
    ]
    assert slugs(api.get("/api/v1/organizations/?nation=france")) == ["nato"]
    assert slugs(api.get("/api/v1/exercises/?organization=nato")) == ["rimpac-2024"]
    assert slugs(api.get("/api/v1/partnerships/?q=mutual")) == ["us-japan-security-treaty"]
    assert slugs(api.get("/api/v1/partnerships/?dataset=atop")) == []
    names = slugs(api.get("/api/v1/nations/?ordering=-name"))
    assert names == sorted(names, reverse=True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("/api/v1/partnerships/?nation=atlantis", "nation"),
        ("/api/v1/partnerships/?year=abc", "year"),
        ("/api/v1/partnerships/?year=99999", "year"),
        ("/api/v1/partnerships/?kind=empire", "kind"),
        ("/api/v1/partnerships/?started_after=yesterday", "started_after"),
        ("/api/v1/exercises/?domain=underwater-basket", "domain"),
        ("/api/v1/nations/?organization=warsaw-pact-2", "organization"),
        ("/api/v1/nations/?region=atlantis", "region"),
        ("/api/v1/partnerships/?ordering=budget", "ordering"),
        ("/api/v1/partnerships/?dataset=wikipedia", "dataset"),
    ],
)
def test_bad_filter_values_are_400_naming_the_field(api, world, query, field):
    response = api.get(query)
    assert response.status_code == 400
    data = response.json()
    assert list(data) == [field]
    assert isinstance(data[field], list)
    assert data[field][0]


@pytest.mark.django_db
def test_unknown_nation_message(api, world):
    response = api.get("/api/v1/partnerships/?nation=atlantis")
    assert response.json() == {"nation": ["Unknown nation: atlantis."]}


@pytest.mark.django_db
def test_unknown_query_parameters_are_ignored(api, world):
    assert slugs(api.get("/api/v1/partnerships/?colour=blue&nation=japan")) == [
        "us-japan-security-treaty"
    ]
    # Filters do not apply to a detail URL.
    assert api.get("/api/v1/nations/france/?region=asia&year=abc").status_code == 200


# --- pagination ---------------------------------------------------------------------------


@pytest.fixture
def many_sources(db):
    return factories.SourceFactory.create_batch(210)


@pytest.mark.django_db
def test_pagination_default_page_size_and_links(api, many_sources):
    data = api.get("/api/v1/sources/").json()
    assert data["count"] == 210
    assert len(data["results"]) == 50
    assert data["previous"] is None
    assert "page=2" in data["next"]
    last = api.get("/api/v1/sources/?page=5").json()
    assert len(last["results"]) == 10
    assert last["next"] is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page_size", "expected"),
    [("5", 5), ("500", 200)],
)
def test_page_size_is_clamped(api, many_sources, page_size, expected):
    response = api.get(f"/api/v1/sources/?page_size={page_size}")
    assert response.status_code == 200
    assert len(response.json()["results"]) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("page_size", ["0", "-3", "abc", ""])
def test_a_page_size_that_is_no_positive_number_is_refused(api, many_sources, page_size):
    response = api.get(f"/api/v1/sources/?page_size={page_size}")
    assert response.status_code == 400
    assert list(response.json()) == ["page_size"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["99", "0", "abc"])
def test_page_beyond_the_end_is_a_json_404(api, many_sources, page):
    response = api.get(f"/api/v1/sources/?page={page}")
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.django_db
def test_count_is_cached_per_filters_until_the_catalogue_changes(api, usa, japan):
    for n in range(3):
        pact = factories.PartnershipFactory(slug=f"pact-{n}")
        factories.PartnershipMemberFactory(partnership=pact, nation=usa)
    assert api.get("/api/v1/partnerships/?nation=united-states&page_size=1").json()["count"] == 3
    with CaptureQueriesContext(connection) as queries:
        data = api.get("/api/v1/partnerships/?nation=united-states&page_size=1&page=2").json()
    assert data["count"] == 3
    assert not any("COUNT(" in query["sql"].upper() for query in queries.captured_queries)
    pact = factories.PartnershipFactory(slug="pact-new")
    factories.PartnershipMemberFactory(partnership=pact, nation=usa)
    assert api.get("/api/v1/partnerships/?nation=united-states&page_size=1").json()["count"] == 4


# --- query budgets ------------------------------------------------------------------------


def build_many(n):
    """n records of every kind, each with related rows, so an N+1 would show."""
    nations = [factories.NationFactory() for _ in range(8)]
    organization = factories.OrganizationFactory()
    source = factories.SourceFactory()
    topic = factories.TopicFactory()
    for i in range(n):
        pact = factories.PartnershipFactory(organization=organization)
        exercise = factories.ExerciseFactory(host=nations[0])
        engagement = factories.EngagementFactory(organization=organization)
        article = factories.ArticleFactory()
        for nation in nations[:2]:
            factories.PartnershipMemberFactory(partnership=pact, nation=nation)
            factories.ParticipationFactory(exercise=exercise, nation=nation)
            factories.EngagementPartyFactory(engagement=engagement, nation=nation)
        factories.MembershipFactory(
            organization=factories.OrganizationFactory(), nation=nations[i % 4]
        )
        for record in (pact, exercise, engagement, article):
            record.sources.add(source)
        exercise.organizations.add(organization)
        article.nations.add(*nations[:2])
        article.topics.add(topic)
        article.partnerships.add(pact)
        factories.SourceFactory()


BUDGETS = {
    "nations": 4,
    "organizations": 4,
    "partnerships": 4,
    "exercises": 5,
    "engagements": 4,
    "articles": 10,
    "sources": 2,
}


def count_queries(client, url):
    clear_cache()  # the count would otherwise come from the cache on the second call
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("resource", RESOURCES)
def test_list_and_detail_query_budgets_do_not_grow_with_page_size(
    api, resource, django_assert_max_num_queries
):
    build_many(12)
    small, data = count_queries(api, f"/api/v1/{resource}/?page_size=5")
    large, data_large = count_queries(api, f"/api/v1/{resource}/?page_size=100")
    assert len(data["results"]) == 5
    assert len(data_large["results"]) > 5
    assert small == large
    with django_assert_max_num_queries(BUDGETS[resource]):
        api.get(f"/api/v1/{resource}/?page_size=100")
    with django_assert_max_num_queries(BUDGETS[resource]):
        api.get(data["results"][0]["url"])


@pytest.mark.django_db
def test_an_old_slug_redirects_to_the_renamed_record(api, world, japan):
    japan.slug = "nippon"
    japan.save()
    response = api.get("/api/v1/nations/japan/?format=json")
    assert response.status_code == 301
    assert response["Location"] == "http://testserver/api/v1/nations/nippon/?format=json"
    draft = world["draft"]
    draft.slug = "still-unfinished"
    draft.save()
    assert api.get("/api/v1/articles/unfinished/").status_code == 404  # drafts stay hidden


@pytest.mark.django_db
def test_responses_vary_on_who_asks(api, world):
    vary = api.get("/api/v1/articles/")["Vary"]
    assert {"Accept", "Authorization", "Cookie"} <= {part.strip() for part in vary.split(",")}

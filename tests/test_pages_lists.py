"""The five list pages: filters through the HTML form, sorting, pagination, counts, budgets."""

import datetime
import re

import pytest
from django.urls import reverse

from tests import factories

LISTS = ["nation-list", "organization-list", "partnership-list", "exercise-list", "engagement-list"]


def url(name, query=""):
    return reverse(f"partnerships:{name}") + (f"?{query}" if query else "")


def names_in_table(response):
    """The record names in the table's row headers, in order."""
    body = response.content.decode()
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', body)


@pytest.fixture
def lists_world(world, nato, usa, japan, india, south_korea):
    """The shared world, and what the filters need besides: Germany joining NATO later, an
    informal partnership, a joint exercise with no host, aid with a provider, an engagement
    with no parties."""
    factories.MembershipFactory(
        organization=nato,
        nation=factories.NationFactory(name="Germany", slug="germany"),
        joined=datetime.date(1955, 5, 6),
    )
    quad = factories.PartnershipFactory(
        name="Quadrilateral Security Dialogue",
        slug="quad",
        kind="informal",
        start_date=datetime.date(2007, 5, 25),
        defense=False,
        consultation=True,
    )
    for nation in (usa, japan, india):
        factories.PartnershipMemberFactory(partnership=quad, nation=nation)
    malabar = factories.ExerciseFactory(
        name="Malabar 2023",
        slug="malabar-2023",
        host=usa,
        domain="maritime",
        start_date=datetime.date(2023, 8, 10),
        end_date=datetime.date(2023, 8, 21),
    )
    for nation in (usa, japan, india):
        factories.ParticipationFactory(exercise=malabar, nation=nation)
    factories.ExerciseFactory(
        name="Freedom Shield 2024",
        slug="freedom-shield-2024",
        domain="joint",
        start_date=datetime.date(2024, 3, 4),
        end_date=datetime.date(2024, 3, 14),
    )
    aid = factories.EngagementFactory(
        name="US aid to South Korea",
        slug="us-aid-korea",
        kind="military_aid",
        start_date=datetime.date(1950, 7, 1),
        value_usd=1000000,
    )
    factories.EngagementPartyFactory(engagement=aid, nation=usa, role="provider")
    factories.EngagementPartyFactory(engagement=aid, nation=south_korea, role="recipient")
    factories.EngagementFactory(
        name="Franco-Indian dialogue", slug="fr-in-dialogue", kind="defence_dialogue"
    )
    return {**world, "quad": quad, "malabar": malabar, "aid": aid}


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_every_list_has_form_count_and_title(client, lists_world, name):
    response = client.get(url(name))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<form class="filters"' in body and 'type="submit"' in body
    assert re.search(r'<label for="id_q">Search</label>', body)
    assert re.search(r'class="result-count"[^>]*>\d+ \w+', body)
    assert "<title>" in body and 'rel="canonical"' in body


@pytest.mark.django_db
def test_nation_list_filters_by_region_and_organization_in_year(client, lists_world):
    assert names_in_table(client.get(url("nation-list", "region=asia"))) == [
        "India",
        "Japan",
        "South Korea",
    ]
    response = client.get(url("nation-list", "organization=nato&year=1950"))
    assert names_in_table(response) == ["France", "United States"]
    assert "2 nations" in response.content.decode()
    response = client.get(url("nation-list", "organization=nato&year=1960"))
    assert names_in_table(response) == ["France", "Germany", "United States"]


@pytest.mark.django_db
def test_partnership_list_filters_kind_nations_obligation(client, lists_world, us_japan_treaty):
    assert names_in_table(client.get(url("partnership-list", "kind=informal"))) == [
        "Quadrilateral Security Dialogue"
    ]
    response = client.get(url("partnership-list", "nation=japan&nation=india"))
    assert names_in_table(response) == ["Quadrilateral Security Dialogue"]
    assert 'role="status">1 partnership<' in response.content.decode()
    assert names_in_table(client.get(url("partnership-list", "obligation=defense"))) == [
        us_japan_treaty.name
    ]


@pytest.mark.django_db
def test_partnership_list_names_the_members_of_small_partnerships_and_counts_the_rest(
    client, lists_world, usa, japan, france, south_korea, django_assert_max_num_queries
):
    pact = factories.PartnershipFactory(name="Big Pact", slug="big-pact")
    for nation in (usa, japan, france, south_korea):
        factories.PartnershipMemberFactory(partnership=pact, nation=nation)
    with django_assert_max_num_queries(LIST_BUDGET["partnership-list"]):
        body = client.get(url("partnership-list", "ordering=name")).content.decode()
    rows = dict(re.findall(r'<th scope="row"><a [^>]+>([^<]+)</a>(.*?)</tr>', body, re.S))
    assert "4 nations" in rows["Big Pact"]
    assert "United States" not in rows["Big Pact"]
    quad = rows["Quadrilateral Security Dialogue"]
    assert all(name in quad for name in ("United States", "Japan", "India"))
    assert '<a href="/nations/india/">India</a>' in quad


@pytest.mark.django_db
def test_exercise_and_engagement_filters(client, lists_world):
    assert names_in_table(client.get(url("exercise-list", "domain=joint"))) == [
        "Freedom Shield 2024"
    ]
    assert names_in_table(client.get(url("exercise-list", "nation=india&year=2023"))) == [
        "Malabar 2023"
    ]
    assert names_in_table(client.get(url("exercise-list", "host=united-states"))) == [
        "RIMPAC 2024",
        "Malabar 2023",
    ]
    assert names_in_table(client.get(url("engagement-list", "provider=united-states"))) == [
        "US aid to South Korea"
    ]
    assert names_in_table(client.get(url("engagement-list", "kind=defence_dialogue"))) == [
        "Malabar dialogue",
        "Franco-Indian dialogue",
    ]
    assert names_in_table(client.get(url("organization-list", "nation=germany"))) == [
        "North Atlantic Treaty Organization"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "query", "field", "message"),
    [
        ("partnership-list", "nation=atlantis", "nation", "Unknown nation: atlantis."),
        ("partnership-list", "year=abc", "year", "Enter a whole number."),
        ("exercise-list", "year=99999", "year", "Ensure this value is less than or equal"),
        ("exercise-list", "focus=underwater-basket", "focus", "Select a valid choice"),
        ("nation-list", "organization=warsaw", "organization", "Unknown organization: warsaw."),
        ("engagement-list", "started_after=yesterday", "started_after", "Enter a valid date."),
        ("organization-list", "ordering=bogus", "ordering", "Select a valid choice"),
    ],
)
def test_bad_filter_values_give_a_clear_message_next_to_the_field(
    client, lists_world, name, query, field, message
):
    response = client.get(url(name, query))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in body
    # The message sits in the field's own error list, which the input points at.
    assert re.search(rf'<ul class="errorlist" id="id_{field}_error"><li>{re.escape(message)}', body)
    assert re.search(
        rf'<(?=[^>]*aria-invalid="true")(?=[^>]*aria-describedby="[^"]*id_{field}_error)[^>]*>',
        body,
    )


@pytest.mark.django_db
def test_bad_filter_is_ignored_and_the_good_ones_still_apply(client, lists_world):
    response = client.get(url("partnership-list", "kind=informal&year=abc"))
    assert names_in_table(response) == ["Quadrilateral Security Dialogue"]


@pytest.mark.django_db
def test_sorting_by_column_and_header_links(client, lists_world, us_japan_treaty):
    by_name = names_in_table(client.get(url("partnership-list", "ordering=name")))
    assert by_name == sorted(by_name)
    response = client.get(url("partnership-list", "ordering=-start_date&kind=bilateral"))
    body = response.content.decode()
    assert names_in_table(response) == [us_japan_treaty.name]
    # The sorted column says so, and its link flips the direction but keeps the filters.
    assert re.search(
        r'<th scope="col" aria-sort="descending"><a href="\?[^"]*ordering=start_date', body
    )
    assert "kind=bilateral" in re.search(r'aria-sort="descending"><a href="([^"]+)"', body)[1]
    newest = names_in_table(client.get(url("exercise-list", "ordering=-start_date")))
    assert newest == ["RIMPAC 2024", "Freedom Shield 2024", "Malabar 2023"]


@pytest.mark.django_db
def test_pagination_links_keep_filters(client):
    for index in range(55):
        factories.NationFactory(
            name=f"Testland {index:02}", slug=f"testland-{index}", region="oceania"
        )
    response = client.get(url("nation-list", "region=oceania&ordering=name"))
    body = response.content.decode()
    assert "55 nations" in body
    assert len(names_in_table(response)) == 50
    assert 'rel="next"' in body
    next_href = re.search(r'href="([^"]+)" rel="next"', body)[1].replace("&amp;", "&")
    assert "region=oceania" in next_href and "ordering=name" in next_href and "page=2" in next_href
    second = client.get(url("nation-list", next_href.lstrip("?")))
    assert names_in_table(second) == [f"Testland {index}" for index in range(50, 55)]
    assert 'aria-current="page"' in second.content.decode()
    # The canonical URL drops the filters but keeps the page.
    assert 'rel="canonical" href="http://testserver/nations/?page=2"' in second.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["99", "abc"])
def test_unknown_page_is_404_not_500(client, lists_world, page):
    assert client.get(url("partnership-list", f"page={page}")).status_code == 404


@pytest.mark.django_db
def test_clear_filters_link_only_when_filtered(client, lists_world):
    assert "Clear filters" not in client.get(url("exercise-list")).content.decode()
    assert "Clear filters" in client.get(url("exercise-list", "domain=joint")).content.decode()


def _grow(count, usa, japan):
    """`count` records of every kind, each tied to two nations."""
    org = factories.OrganizationFactory()
    for _ in range(count):
        nation = factories.NationFactory()
        factories.MembershipFactory(organization=org, nation=nation)
        factories.OrganizationFactory()
        partnership = factories.PartnershipFactory(organization=org)
        factories.PartnershipMemberFactory(partnership=partnership, nation=usa)
        factories.PartnershipMemberFactory(partnership=partnership, nation=nation)
        exercise = factories.ExerciseFactory(host=usa)
        factories.ParticipationFactory(exercise=exercise, nation=japan)
        factories.ParticipationFactory(exercise=exercise, nation=nation)
        engagement = factories.EngagementFactory()
        factories.EngagementPartyFactory(engagement=engagement, nation=usa, role="provider")
        factories.EngagementPartyFactory(engagement=engagement, nation=nation, role="recipient")


# Count, page, prefetches and the filter form's choices (nations, organizations, series...),
# and the coverage statement (one aggregate, cached); the exercises also their map.
LIST_BUDGET = {
    "nation-list": 4,
    "organization-list": 5,
    "partnership-list": 7,
    "exercise-list": 9,
    "engagement-list": 9,
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("rows", [2, 30])
def test_list_query_budget_does_not_grow_with_rows(
    client, usa, japan, django_assert_max_num_queries, name, rows
):
    _grow(rows, usa, japan)
    with django_assert_max_num_queries(LIST_BUDGET[name]):
        response = client.get(url(name, "ordering=name"))
    assert response.status_code == 200
    assert len(names_in_table(response)) >= rows


@pytest.mark.django_db
def test_secondary_filters_fold_away_unless_in_use(client, lists_world):
    body = client.get(url("engagement-list")).content.decode()
    assert '<details class="more-filters">' in body
    assert '<option value="" selected>Any</option>' in body
    for query in ("started_after=yesterday", "provider=united-states"):
        body = client.get(url("engagement-list", query)).content.decode()
        assert '<details class="more-filters" open>' in body

import datetime

import pytest

from partnerships.models import Nation, Partnership
from tests import factories


@pytest.mark.django_db
def test_active_in_and_active_on(us_japan_treaty):
    ended = factories.PartnershipFactory(
        start_date=datetime.date(1951, 1, 1), end_date=datetime.date(1960, 6, 22)
    )
    assert set(Partnership.objects.active_in(1960)) == {us_japan_treaty, ended}
    assert list(Partnership.objects.active_in(1961)) == [us_japan_treaty]
    assert list(Partnership.objects.active_on(datetime.date(1960, 6, 22))) == [ended]
    assert list(Partnership.objects.active_in(1959)) == [ended]


@pytest.mark.django_db
def test_involving_needs_every_nation(us_japan_treaty, usa, japan, france):
    assert list(Partnership.objects.involving(usa, japan)) == [us_japan_treaty]
    assert list(Partnership.objects.involving("united-states", "japan")) == [us_japan_treaty]
    assert list(Partnership.objects.involving(usa, france)) == []


@pytest.mark.django_db
def test_involving_in_a_year_is_per_member(usa, japan, france):
    pact = factories.PartnershipFactory(start_date=datetime.date(1950, 1, 1))
    factories.PartnershipMemberFactory(partnership=pact, nation=usa)
    factories.PartnershipMemberFactory(
        partnership=pact, nation=france, left=datetime.date(1966, 3, 1)
    )
    factories.PartnershipMemberFactory(
        partnership=pact, nation=japan, joined=datetime.date(1970, 1, 1)
    )
    assert list(Partnership.objects.involving(usa, france, year=1966)) == [pact]
    assert list(Partnership.objects.involving(usa, france, year=1967)) == []
    assert list(Partnership.objects.involving(france, japan)) == [pact]
    assert list(Partnership.objects.involving(france, japan, year=1968)) == []


@pytest.mark.django_db
def test_members_of_organization_in_a_year(nato, usa, france):
    germany = factories.NationFactory(name="Germany", slug="germany")
    factories.MembershipFactory(organization=nato, nation=germany, joined=datetime.date(1955, 5, 6))
    assert set(Nation.objects.members_of(nato, year=1950)) == {usa, france}
    assert set(Nation.objects.members_of("nato", year=1955)) == {usa, france, germany}


@pytest.mark.django_db
def test_involving_in_a_year_needs_the_nations_at_the_same_time(client, usa, france, japan):
    pact = factories.PartnershipFactory(slug="pact", start_date=datetime.date(1950, 1, 1))
    factories.PartnershipMemberFactory(
        partnership=pact, nation=france, left=datetime.date(1966, 3, 1)
    )
    factories.PartnershipMemberFactory(
        partnership=pact, nation=japan, joined=datetime.date(1966, 6, 1)
    )
    # Both were members in 1966, never on the same day: not listed, on any list.
    assert not Partnership.objects.involving(france, japan, year=1966).exists()
    assert list(Partnership.objects.involving(france, japan)) == [pact]  # ever, each
    response = client.get("/api/v1/partnerships/", {"nation": ["france", "japan"], "year": 1966})
    assert response.json()["count"] == 0
    response = client.get("/partnerships/", {"nation": ["france", "japan"], "year": 1966})
    assert 'href="/partnerships/pact/"' not in response.content.decode()


@pytest.mark.django_db
def test_lists_count_a_nation_with_the_states_it_continues(usa):
    soviet = factories.NationFactory(name="Soviet Union", slug="soviet-union")
    russia = factories.NationFactory(name="Russia", slug="russia")
    factories.SuccessionFactory(predecessor=soviet, successor=russia)
    treaty = factories.PartnershipFactory(slug="treaty", start_date=datetime.date(1972, 5, 26))
    for nation in (usa, soviet):
        factories.PartnershipMemberFactory(
            partnership=treaty, nation=nation, joined=datetime.date(1972, 5, 26)
        )
    assert list(Partnership.objects.involving(russia, usa, year=1980)) == [treaty]
    assert list(Partnership.objects.involving("russia", year=1980)) == [treaty]
    assert not Partnership.objects.involving(russia, soviet).exists()  # not a pair
    assert not Partnership.objects.involving(soviet, russia.pk, year=1980).exists()
    # Member lists name the state that was the member.
    assert list(Nation.objects.in_partnership(treaty, year=1980)) == [soviet, usa]


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [2, 20])
def test_filtering_by_nations_at_once_has_a_fixed_query_budget(
    client, usa, japan, france, django_assert_max_num_queries, rows
):
    for index in range(rows):
        pact = factories.PartnershipFactory(start_date=datetime.date(1950, 1, 1))
        for nation in (usa, japan, france):
            factories.PartnershipMemberFactory(
                partnership=pact, nation=nation, joined=datetime.date(1950 + index, 1, 1)
            )
    params = {"nation": ["united-states", "japan", "france"], "year": 1990}
    # The list's own four, the nations named and one read of the recorded successions.
    with django_assert_max_num_queries(6):
        data = client.get("/api/v1/partnerships/", params).json()
    assert data["count"] == rows
    # The page adds the coverage line, the filter form's choices and the nation picker's
    # names for the year (three reads, then cached until the catalogue changes).
    with django_assert_max_num_queries(9):
        assert client.get("/partnerships/", params).status_code == 200

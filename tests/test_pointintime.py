"""Point-in-time answers: allied_in across phases and successor states, members on a day,
their HTML pages and API endpoints, and clear errors for bad input."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIRequestFactory

from partnerships.api.pointintime import AlliedView, OrganizationMembersView
from partnerships.models import Partnership, Statehood
from partnerships.querysets import allied_in
from tests import factories

D = datetime.date


def nation(slug, name, code=None, spells=(), historical=False):
    record = factories.NationFactory(slug=slug, name=name, cow_code=code, is_historical=historical)
    for start, end in spells:
        Statehood.objects.create(nation=record, start_date=start, end_date=end)
    return record


@pytest.fixture
def states(db):
    return {
        "russia": nation("russia", "Russia", 365, [(D(1816, 1, 1), None)]),
        "soviet-union": nation(
            "soviet-union", "Soviet Union", 365, [(D(1922, 12, 30), D(1991, 12, 25))], True
        ),
        "east-germany": nation(
            "east-germany", "East Germany", 265, [(D(1954, 3, 25), D(1990, 10, 2))], True
        ),
        "czechoslovakia": nation(
            "czechoslovakia", "Czechoslovakia", 315, [(D(1945, 5, 10), D(1992, 12, 31))], True
        ),
        "czechia": nation("czechia", "Czechia", 316, [(D(1993, 1, 1), None)]),
        "armenia": nation("armenia", "Armenia", 371, [(D(1991, 12, 26), None)]),
        "usa": nation("united-states", "United States", 2, [(D(1816, 1, 1), None)]),
        "japan": nation("japan", "Japan", 740, [(D(1952, 4, 28), None)]),
    }


def pact(name, members, **fields):
    """A partnership with (nation, joined, left) spans."""
    fields.setdefault("defense", True)
    partnership = factories.PartnershipFactory(
        name=name, start_date=min(m[1] for m in members), **fields
    )
    for member, joined, left in members:
        factories.PartnershipMemberFactory(
            partnership=partnership, nation=member, joined=joined, left=left
        )
    return partnership


@pytest.fixture
def warsaw(states):
    return pact(
        "Warsaw Pact",
        [
            (states["soviet-union"], D(1955, 5, 14), D(1991, 7, 1)),
            (states["east-germany"], D(1955, 5, 14), D(1990, 9, 24)),
            (states["czechoslovakia"], D(1955, 5, 14), D(1991, 7, 1)),
        ],
        end_date=D(1991, 7, 1),
    )


def test_allied_through_merged_spans(states, warsaw):
    assert list(allied_in(states["soviet-union"], states["east-germany"], 1970)) == [warsaw]
    assert list(allied_in(states["soviet-union"], states["east-germany"], 1991)) == []
    assert list(allied_in(states["soviet-union"], states["czechoslovakia"], 1991)) == [warsaw]


def test_russia_continues_the_soviet_union_but_not_the_reverse(states, warsaw):
    assert list(
        Partnership.objects.allied(states["russia"], states["east-germany"], year=1970)
    ) == [warsaw]
    csto = pact(
        "Collective Security Treaty",
        [(states["russia"], D(1992, 5, 15), None), (states["armenia"], D(1992, 5, 15), None)],
    )
    assert list(allied_in(states["russia"], states["armenia"], 1995)) == [csto]
    assert not allied_in(states["soviet-union"], states["armenia"], 1995).exists()


def test_czechia_does_not_continue_czechoslovakia(states, warsaw):
    assert not allied_in(states["czechia"], states["soviet-union"], 1970).exists()


def test_each_span_needs_to_cover_some_day_of_the_year(states):
    handover = pact(
        "Handover",
        [(states["usa"], D(1950, 1, 1), D(1960, 3, 1)), (states["japan"], D(1960, 6, 1), None)],
    )
    assert list(allied_in(states["usa"], states["japan"], 1960)) == [handover]
    assert not allied_in(states["usa"], states["japan"], 1961).exists()
    assert not allied_in(states["usa"], states["japan"], 1959).exists()


def test_every_obligation_counts_but_none_does_not(states):
    both = [(states["usa"], D(1951, 9, 8), None), (states["japan"], D(1951, 9, 8), None)]
    defence = pact("Defence", both)
    consult = pact("Consultation", both, defense=False, consultation=True)
    pact("Strategic partnership", both, defense=False, kind="informal")
    found = set(allied_in(states["usa"], states["japan"], 1970))
    assert found == {defence, consult}


def test_a_state_is_not_allied_with_itself(states, warsaw):
    assert not allied_in(states["soviet-union"], states["soviet-union"], 1970).exists()


# -- HTML pages ---------------------------------------------------------------------------


def test_alliances_page_answers(client, states, warsaw, django_assert_max_num_queries):
    url = reverse("partnerships:alliances")
    with django_assert_max_num_queries(8):
        response = client.get(url, {"a": "russia", "b": "east-germany", "year": 1970})
    assert response.status_code == 200
    assert b"Warsaw Pact" in response.content and b"allied" in response.content
    response = client.get(url, {"a": "russia", "b": "east-germany", "year": 1995})
    assert b"not allied" in response.content


def test_alliances_page_without_a_question_shows_the_form(client, db):
    response = client.get(reverse("partnerships:alliances"))
    assert response.status_code == 200 and b"<form" in response.content


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"a": "russia", "b": "armenia", "year": "soon"}, "year", b"whole number"),
        ({"a": "russia", "b": "armenia", "year": "1066"}, "year", b"between 1800 and 2100"),
        ({"a": "russia", "b": "armenia", "year": "99999999999999999999"}, "year", b"between"),
        ({"a": "russia", "year": "1990"}, "b", b"required"),
        ({"a": "russia", "b": "russia", "year": "1990"}, "b", b"two different"),
    ],
)
def test_alliances_page_bad_input_is_400(client, states, params, field, message):
    response = client.get(reverse("partnerships:alliances"), params)
    assert response.status_code == 400
    assert message in response.content


def test_alliances_page_unknown_nation_is_404(client, states):
    response = client.get(
        reverse("partnerships:alliances"), {"a": "atlantis", "b": "russia", "year": 1990}
    )
    assert response.status_code == 404


@pytest.fixture
def nato(states):
    organization = factories.OrganizationFactory(name="NATO test", acronym="NATO", slug="nato")
    factories.MembershipFactory(
        organization=organization, nation=states["usa"], joined=D(1949, 8, 24)
    )
    factories.MembershipFactory(
        organization=organization, nation=states["czechia"], joined=D(1999, 3, 12)
    )
    factories.MembershipFactory(
        organization=organization, nation=states["japan"], joined=D(1960, 1, 1), status="partner"
    )
    return organization


def test_members_page_lists_members_on_the_day(client, nato, django_assert_max_num_queries):
    url = reverse("partnerships:organization-members", kwargs={"slug": "nato"})
    with django_assert_max_num_queries(6):
        response = client.get(url, {"on": "1990-01-01"})
    assert response.status_code == 200
    assert b"United States" in response.content
    assert b"Czechia" not in response.content and b"Japan" not in response.content
    assert b"Czechia" in client.get(url, {"on": "2000-01-01"}).content
    assert b"Czechia" in client.get(url).content  # today


@pytest.mark.parametrize(
    ("on", "message"),
    [("1990-13-01", b"YYYY-MM-DD"), ("yesterday", b"YYYY-MM-DD"), ("0001-01-01", b"between")],
)
def test_members_page_bad_date_is_400(client, nato, on, message):
    url = reverse("partnerships:organization-members", kwargs={"slug": "nato"})
    response = client.get(url, {"on": on})
    assert response.status_code == 400
    assert message in response.content


def test_members_page_unknown_organization_is_404(client, db):
    url = reverse("partnerships:organization-members", kwargs={"slug": "atlantis-pact"})
    assert client.get(url).status_code == 404


# -- API ------------------------------------------------------------------------------------

api = APIRequestFactory()


def test_api_allied(states, warsaw):
    request = api.get("/api/v1/allied/", {"a": "russia", "b": "east-germany", "year": 1970})
    response = AlliedView.as_view()(request)
    assert response.status_code == 200
    assert response.data["allied"] is True
    assert [a["name"] for a in response.data["alliances"]] == ["Warsaw Pact"]


@pytest.mark.parametrize(
    ("params", "status", "key"),
    [
        ({"a": "russia", "b": "armenia", "year": "x"}, 400, "year"),
        ({"a": "russia", "b": "armenia"}, 400, "year"),
        ({"a": "russia", "b": "atlantis", "year": "1990"}, 404, "detail"),
    ],
)
def test_api_allied_bad_input(states, params, status, key):
    response = AlliedView.as_view()(api.get("/api/v1/allied/", params))
    response.render()
    assert response.status_code == status
    assert key in response.data


def test_api_members_on(nato):
    view = OrganizationMembersView.as_view()
    response = view(
        api.get("/api/v1/organizations/nato/members/", {"on": "1990-01-01"}), slug="nato"
    )
    assert response.status_code == 200
    assert response.data["count"] == 1
    assert response.data["members"] == [{"slug": "united-states", "name": "United States"}]
    bad = view(api.get("/api/v1/organizations/nato/members/", {"on": "1990-02-30"}), slug="nato")
    assert bad.status_code == 400 and "on" in bad.data
    missing = view(api.get("/api/v1/organizations/x/members/"), slug="x")
    assert missing.status_code == 404 and "detail" in missing.data


def test_api_routes(client, states, warsaw, nato):
    response = client.get("/api/v1/allied/", {"a": "russia", "b": "east-germany", "year": 1970})
    assert response.status_code == 200 and response.json()["allied"] is True
    response = client.get("/api/v1/organizations/nato/members/", {"on": "2000-01-01"})
    assert response.status_code == 200 and response.json()["count"] == 2
    assert client.get("/api/v1/allied/", {"year": "x"}).status_code == 400

"""Point-in-time answers: allied or not in a year (yes, no, uncertain, unknown), through
which alliances and with which obligations per member and phase, successor states, members
on a day, their HTML pages and API endpoints, and clear errors for bad input."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIRequestFactory

from partnerships.alliances import allied_in
from partnerships.api.pointintime_views import AlliedView, OrganizationMembersView
from partnerships.models import Dataset, ObligationPeriod, Partnership, Statehood
from tests import factories

D = datetime.date


def nation(slug, name, code=None, spells=(), historical=False):
    record = factories.NationFactory(slug=slug, name=name, cow_code=code, is_historical=historical)
    for start, end in spells:
        Statehood.objects.create(nation=record, start_date=start, end_date=end)
    return record


@pytest.fixture
def states(db):
    states = {
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
    factories.SuccessionFactory(
        predecessor=states["soviet-union"], successor=states["russia"], date=D(1991, 12, 26)
    )
    factories.SuccessionFactory(
        predecessor=states["czechoslovakia"],
        successor=states["czechia"],
        date=D(1993, 1, 1),
        kind="dissolution",
    )
    return states


def pact(name, members, **fields):
    """A partnership with (nation, joined, left) spans; dates may be (date, precision)."""
    fields.setdefault("defense", True)
    partnership = factories.PartnershipFactory(
        name=name, start_date=min(_day(m[1])[0] for m in members), **fields
    )
    for member, joined, left in members:
        (joined, joined_precision), (left, left_precision) = _day(joined), _day(left)
        factories.PartnershipMemberFactory(
            partnership=partnership,
            nation=member,
            joined=joined,
            joined_precision=joined_precision,
            left=left,
            left_precision=left_precision,
        )
    return partnership


def _day(value):
    return value if isinstance(value, tuple) else (value, "day")


def phase(partnership, member, number, start, end=None, **flags):
    """An obligation period (ATOP phase) of a member's span."""
    span = partnership.memberships.get(nation=member)
    (start, start_precision), (end, end_precision) = _day(start), _day(end)
    return ObligationPeriod.objects.create(
        member=span,
        phase=number,
        start_date=start,
        start_precision=start_precision,
        end_date=end,
        end_precision=end_precision,
        **flags,
    )


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


api = APIRequestFactory()


def allied(a, b, year):
    """The JSON of /api/v1/allied/ for two nations (instances) and a year."""
    response = AlliedView.as_view()(api.get("/api/v1/allied/", {"a": a, "b": b, "year": year}))
    assert response.status_code == 200, response.data
    return response.data


# -- the rule ---------------------------------------------------------------------------


def test_allied_through_merged_spans(states, warsaw):
    assert list(allied_in(states["soviet-union"], states["east-germany"], 1970)) == [warsaw]
    assert list(allied_in(states["soviet-union"], states["east-germany"], 1991)) == []
    assert list(allied_in(states["soviet-union"], states["czechoslovakia"], 1991)) == [warsaw]


def test_russia_continues_the_soviet_union_but_not_the_reverse(states, warsaw):
    assert list(allied_in(states["russia"], states["east-germany"], 1970)) == [warsaw]
    csto = pact(
        "Collective Security Treaty",
        [(states["russia"], D(1992, 5, 15), None), (states["armenia"], D(1992, 5, 15), None)],
    )
    assert list(allied_in(states["russia"], states["armenia"], 1995)) == [csto]
    assert not allied_in(states["soviet-union"], states["armenia"], 1995).exists()
    # A state and one it continues are not a pair of allies.
    assert not allied_in(states["russia"], states["soviet-union"], 1970).exists()


def test_czechia_does_not_continue_czechoslovakia(states, warsaw):
    assert not allied_in(states["czechia"], states["soviet-union"], 1970).exists()


def test_a_march_leaver_and_a_june_joiner_are_not_allied_that_year(states):
    handover = pact(
        "Handover",
        [(states["usa"], D(1950, 1, 1), D(1960, 3, 1)), (states["japan"], D(1960, 6, 1), None)],
    )
    # Each was a member in 1960, but never on the same day.
    assert set(Partnership.objects.active_in(1960)) == {handover}
    assert not allied_in(states["usa"], states["japan"], 1960).exists()
    assert allied(states["usa"].slug, states["japan"].slug, 1960)["answer"] == "no"
    assert not Partnership.objects.involving(states["usa"], states["japan"], year=1960).exists()


def test_only_imprecise_dates_deciding_make_the_answer_uncertain(states):
    pact(
        "Handover",
        [
            (states["usa"], D(1950, 1, 1), (D(1960, 1, 1), "year")),  # left some day of 1960
            (states["japan"], D(1960, 6, 1), None),
        ],
    )
    data = allied("united-states", "japan", 1960)
    assert (data["answer"], data["allied"]) == ("uncertain", None)
    assert [a["answer"] for a in data["alliances"]] == ["uncertain"]
    assert "known only to the month or year" in data["reason"]
    assert not allied_in(states["usa"], states["japan"], 1960).exists()
    # Lists show certain matches only; a year later the answer is a plain no.
    assert not Partnership.objects.involving(states["usa"], states["japan"], year=1960).exists()
    assert allied("united-states", "japan", 1961)["answer"] == "no"


def test_a_month_precise_overlap_is_certain(states):
    pact(
        "Overlap",
        [
            (states["usa"], D(1950, 1, 1), (D(1960, 7, 1), "month")),  # left in July 1960
            (states["japan"], (D(1960, 6, 1), "month"), None),  # joined in June
        ],
    )
    assert allied("united-states", "japan", 1960)["answer"] == "yes"


def test_past_the_coverage_of_the_only_dataset_the_answer_is_unknown(states):
    atop = factories.SourceFactory(
        title="ATOP 4.01",
        dataset=Dataset.ATOP,
        dataset_version="4.01",
        covers_until=D(2016, 12, 31),
    )
    treaty = pact(
        "ATOP pact", [(states["usa"], D(1951, 9, 8), None), (states["japan"], D(1951, 9, 8), None)]
    )
    treaty.sources.add(atop)
    assert allied("united-states", "japan", 2016)["answer"] == "yes"
    data = allied("united-states", "japan", 2017)
    assert (data["answer"], data["allied"]) == ("unknown", None)
    assert data["alliances"][0]["covered_until"] == D(2016, 12, 31)
    assert "31 December 2016" in data["reason"]
    assert not allied_in(states["usa"], states["japan"], 2017).exists()

    # A curated source (or an end date) speaks for the years after.
    treaty.sources.add(factories.SourceFactory(title="The treaty's text"))
    assert allied("united-states", "japan", 2017)["answer"] == "yes"


def test_a_dataset_record_that_ended_answers_no_after_its_end(states):
    atop = factories.SourceFactory(
        dataset=Dataset.ATOP, dataset_version="4.01", covers_until=D(2016, 12, 31)
    )
    ended = pact(
        "Ended",
        [
            (states["usa"], D(1951, 1, 1), D(1970, 1, 1)),
            (states["japan"], D(1951, 1, 1), D(1970, 1, 1)),
        ],
        end_date=D(1970, 1, 1),
    )
    ended.sources.add(atop)
    assert allied("united-states", "japan", 2018)["answer"] == "no"


def test_obligations_are_per_member_an_asymmetric_guarantee(states):
    guarantee = pact(
        "Guarantee",
        [(states["usa"], D(1951, 9, 8), None), (states["japan"], D(1951, 9, 8), None)],
    )
    phase(guarantee, states["usa"], 0, D(1951, 9, 8), defense=True)
    phase(guarantee, states["japan"], 0, D(1951, 9, 8))  # pledges nothing
    data = allied("united-states", "japan", 1970)
    assert data["answer"] == "yes"
    assert data["alliances"][0]["obligations"] == {"united-states": ["defense"], "japan": []}
    flipped = allied("japan", "united-states", 1970)
    assert flipped["alliances"][0]["obligations"] == {"japan": [], "united-states": ["defense"]}


def test_a_later_phase_that_drops_a_pledge(states):
    treaty = pact(
        "Treaty",
        [(states["usa"], D(1950, 1, 1), None), (states["japan"], D(1950, 1, 1), None)],
        consultation=True,
    )
    for member in (states["usa"], states["japan"]):
        phase(treaty, member, 1, D(1950, 1, 1), D(1979, 12, 31), defense=True, consultation=True)
        phase(treaty, member, 2, D(1980, 1, 1), (D(1990, 1, 1), "year"), consultation=True)
        phase(treaty, member, 3, D(1991, 1, 1))  # a phase with no obligation at all

    def obligations(year):
        return allied("united-states", "japan", year)["alliances"][0]["obligations"]

    assert obligations(1975) == {
        "united-states": ["defense", "consultation"],
        "japan": ["defense", "consultation"],
    }
    assert obligations(1985) == {"united-states": ["consultation"], "japan": ["consultation"]}
    # Members throughout, but bound to nothing: not allied.
    assert allied("united-states", "japan", 1995)["answer"] == "no"
    assert allied("united-states", "japan", 1990)["answer"] == "yes"


def test_a_member_without_phases_takes_the_partnerships_obligations(states):
    pact(
        "Entente",
        [(states["usa"], D(1950, 1, 1), None), (states["japan"], D(1950, 1, 1), None)],
        defense=False,
        consultation=True,
        nonaggression=True,
    )
    data = allied("united-states", "japan", 1970)
    assert data["alliances"][0]["obligations"] == {
        "united-states": ["nonaggression", "consultation"],
        "japan": ["nonaggression", "consultation"],
    }


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
    # The answer's 8, one per nation typed, two for the picker's names (cached after).
    with django_assert_max_num_queries(12):
        response = client.get(url, {"a": "russia", "b": "east-germany", "year": 1970})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Warsaw Pact" in page and "allied" in page
    assert "Russia (as Soviet Union): Defence pact" in page
    response = client.get(url, {"a": "russia", "b": "east-germany", "year": 1995})
    assert b"not allied" in response.content and b"No alliance in the catalogue" in response.content


def test_alliances_page_says_uncertain_and_unknown_with_the_reason(client, states):
    atop = factories.SourceFactory(
        title="ATOP 4.01",
        dataset=Dataset.ATOP,
        dataset_version="4.01",
        covers_until=D(2016, 12, 31),
    )
    pact(
        "Handover",
        [
            (states["usa"], D(1950, 1, 1), (D(1960, 1, 1), "year")),
            (states["japan"], D(1960, 6, 1), None),
        ],
    ).sources.add(atop)
    pact(
        "Open-ended",
        [(states["usa"], D(1970, 1, 1), None), (states["japan"], D(1970, 1, 1), None)],
    ).sources.add(atop)
    url = reverse("partnerships:alliances")
    page = client.get(url, {"a": "united-states", "b": "japan", "year": 1960}).content.decode()
    assert "Uncertain." in page and "known only to the month or year" in page
    page = client.get(url, {"a": "united-states", "b": "japan", "year": 2020}).content.decode()
    assert "Unknown." in page and "covers events up to 31 December 2016" in page


def test_alliances_page_without_a_question_shows_the_form(client, db):
    response = client.get(reverse("partnerships:alliances"))
    assert response.status_code == 200 and b"<form" in response.content


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"a": "russia", "b": "armenia", "year": "soon"}, "year", b"whole number"),
        ({"a": "russia", "b": "armenia", "year": "999"}, "year", b"between 1000 and 2100"),
        ({"a": "russia", "b": "armenia", "year": "99999999999999999999"}, "year", b"between"),
        ({"a": "russia", "year": "1990"}, "b", b"required"),
        ({"a": "russia", "b": "russia", "year": "1990"}, "b", b"two different"),
    ],
)
def test_alliances_page_bad_input_is_400(client, states, params, field, message):
    response = client.get(reverse("partnerships:alliances"), params)
    assert response.status_code == 400
    assert message in response.content


def test_alliances_page_unknown_nation_says_so_by_the_field(client, states):
    response = client.get(
        reverse("partnerships:alliances"), {"a": "atlantis", "b": "russia", "year": 1990}
    )
    assert response.status_code == 400
    assert "Unknown nation “atlantis”" in response.content.decode()


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


def test_api_allied(states, warsaw, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        data = allied("russia", "east-germany", 1970)
    assert (data["answer"], data["allied"]) == ("yes", True)
    assert data["year"] == 1970 and data["a"] == {"slug": "russia", "name": "Russia"}
    [alliance] = data["alliances"]
    assert alliance["name"] == "Warsaw Pact" and alliance["answer"] == "yes"
    assert alliance["obligations"] == {"russia": ["defense"], "east-germany": ["defense"]}
    assert alliance["members"] == {"russia": ["soviet-union"], "east-germany": ["east-germany"]}
    data = allied("russia", "east-germany", 1995)
    assert (data["answer"], data["allied"], data["alliances"]) == ("no", False, [])


def test_api_allied_query_budget_does_not_grow_with_alliances(
    states, django_assert_max_num_queries
):
    for index in range(12):
        treaty = pact(
            f"Pact {index}",
            [(states["usa"], D(1950, 1, 1), None), (states["japan"], D(1950, 1, 1), None)],
        )
        phase(treaty, states["usa"], 0, D(1950, 1, 1), defense=True)
        treaty.sources.add(factories.SourceFactory())
    with django_assert_max_num_queries(7):
        data = allied("united-states", "japan", 1970)
    assert len(data["alliances"]) == 12


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
    assert response.status_code == 200
    assert (response.json()["answer"], response.json()["allied"]) == ("yes", True)
    response = client.get("/api/v1/organizations/nato/members/", {"on": "2000-01-01"})
    assert response.status_code == 200 and response.json()["count"] == 2
    assert client.get("/api/v1/allied/", {"year": "x"}).status_code == 400

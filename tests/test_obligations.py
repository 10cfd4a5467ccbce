"""Obligations as recorded: the partnership page and API show each phase with each member's
obligations; the partnership's own flags are what any member undertook at any time."""

import datetime

import pytest

from partnerships.models import ObligationPeriod
from tests import factories

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def guarantee(usa, japan):
    """Phase 1: the US pledges defence and consultation, Japan consultation; phase 2 (from
    1980): both consultation only."""
    start = D(1951, 9, 8)
    treaty = factories.PartnershipFactory(
        name="Guarantee", slug="guarantee", start_date=start, defense=True, consultation=True
    )
    pledges = {usa: {"defense": True, "consultation": True}, japan: {"consultation": True}}
    for nation, first in pledges.items():
        member = factories.PartnershipMemberFactory(partnership=treaty, nation=nation, joined=start)
        ObligationPeriod.objects.create(
            member=member, phase=1, start_date=start, end_date=D(1979, 12, 31), **first
        )
        ObligationPeriod.objects.create(
            member=member,
            phase=2,
            start_date=D(1980, 1, 1),
            start_precision="year",
            consultation=True,
        )
    return treaty


def test_the_page_shows_each_phase_with_each_members_obligations(client, guarantee):
    page = client.get("/partnerships/guarantee/").content.decode()
    assert "At any time, by any member" in page
    phases = page[page.index("By phase and member") :]
    assert "Phase 1" in phases and "8 September 1951 – 31 December 1979" in phases
    assert "Defence pact, Consultation / entente</td>" in phases
    assert "Phase 2" in phases and "1980 – in force" in phases
    # Phase 1 lists the US alone under defence; phase 2 both under consultation.
    first, second = phases.split("Phase 2")
    assert first.count("United States") == 1 and first.count("Japan") == 1
    assert "United States</a>, <a" in second or "Japan</a>, <a" in second


def test_the_api_detail_lists_phases_per_member(client, guarantee, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        data = client.get("/api/v1/partnerships/guarantee/").json()
    assert [phase["phase"] for phase in data["phases"]] == [1, 2]
    first = {m["nation"]: m["obligations"] for m in data["phases"][0]["members"]}
    assert first == {"united-states": ["defense", "consultation"], "japan": ["consultation"]}
    second = data["phases"][1]
    assert (second["start_date"], second["start_precision"], second["end_date"]) == (
        "1980-01-01",
        "year",
        None,
    )
    assert {m["nation"]: m["obligations"] for m in second["members"]} == {
        "united-states": ["consultation"],
        "japan": ["consultation"],
    }
    assert (data["defense"], data["consultation"]) == (True, True)  # at any time
    listed = client.get("/api/v1/partnerships/").json()["results"][0]
    assert "phases" not in listed  # lists stay one query per nested table


def test_a_partnership_without_phases_shows_only_its_flags(client, us_japan_treaty):
    page = client.get(us_japan_treaty.get_absolute_url()).content.decode()
    assert "By phase and member" not in page
    assert client.get("/api/v1/partnerships/us-japan-security-treaty/").json()["phases"] == []


def test_the_nation_page_shows_its_successions_and_what_they_carry(client, usa):
    soviet = factories.NationFactory(name="Soviet Union", slug="soviet-union")
    russia = factories.NationFactory(name="Russia", slug="russia")
    source = factories.SourceFactory(
        title="Member States", url="https://www.un.org/en/about-us/member-states"
    )
    factories.SuccessionFactory(
        predecessor=soviet, successor=russia, date=D(1991, 12, 26), source=source, note="Seat kept."
    )
    un = factories.OrganizationFactory(name="United Nations", acronym="UN", slug="un")
    factories.MembershipFactory(
        organization=un, nation=soviet, joined=D(1945, 10, 24), left=D(1991, 12, 26)
    )
    factories.MembershipFactory(organization=un, nation=russia, joined=D(1991, 12, 26))
    page = client.get("/nations/russia/").content.decode()
    soviet_link = '<a href="/nations/soviet-union/">Soviet Union</a>'
    assert f"Continues {soviet_link} (26 December 1991)" in page
    assert f"as {soviet_link}" in page  # the UN row from 1945
    assert "Member States" in page and "Seat kept." in page
    # Never the reverse: the Soviet Union's page lists its own membership only.
    page = client.get("/nations/soviet-union/").content.decode()
    assert 'Continued by <a href="/nations/russia/">Russia</a>' in page
    organizations = page.split('id="orgs-title"')[1].split("</section>")[0]
    assert organizations.count("United Nations") == 1 and " as " not in organizations

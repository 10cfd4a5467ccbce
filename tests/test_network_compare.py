"""The network's two-year comparison (issue 18, item 4): links gained and lost, side by side."""

import datetime
import re

import pytest

from tests import factories

D = datetime.date
pytestmark = pytest.mark.django_db


def test_two_years_side_by_side_say_what_was_gained_and_lost(client, usa, japan, france, india):
    old = factories.PartnershipFactory(
        name="Old Pact", slug="old-pact", start_date=D(1990, 1, 1), end_date=D(2000, 1, 1)
    )
    for nation in (usa, france):
        factories.PartnershipMemberFactory(partnership=old, nation=nation, left=old.end_date)
    both = factories.PartnershipFactory(name="Lasting", slug="lasting", start_date=D(1990, 1, 1))
    for nation in (usa, japan):
        factories.PartnershipMemberFactory(partnership=both, nation=nation)
    new = factories.PartnershipFactory(name="New Pact", slug="new-pact", start_date=D(2010, 1, 1))
    for nation in (japan, india):
        factories.PartnershipMemberFactory(partnership=new, nation=nation)

    body = client.get("/network/", {"year": "1995", "compare": "2024"}).content.decode()
    section = re.search(r'<section class="network-compare".*?</section>', body, re.S).group(0)
    assert "1 link gained, 1 lost and 1 kept from 1995 to 2024" in section
    gained, lost = re.findall(r"<h3>(?:Gained|Lost) by 2024</h3>(.*?)</div>", section, re.S)
    assert "India – Japan" in gained or "Japan – India" in gained
    assert "France" in lost and "France" not in gained
    assert 'href="?year=2024&amp;compare=1995"' in section


def test_a_bad_comparison_year_is_named(client, db):
    response = client.get("/network/", {"year": "1995", "compare": "soon"})
    assert response.status_code == 400
    assert "Enter a whole year, such as 2024." in response.content.decode()

"""The small defects readers reported (issue 18, item 7), each pinned by what the page shows."""

import datetime
import re
from pathlib import Path

import pytest
import yaml
from django.urls import reverse

from partnerships.models import DatePrecision, format_range
from tests import factories

D = datetime.date
DATA = Path(__file__).resolve().parent.parent / "partnerships" / "data"


def text(response):
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def quad(usa, japan, india, france):
    """Four members with two spans each (Quad 1.0 in 2007-08, Quad 2.0 since 2017)."""
    partnership = factories.PartnershipFactory(
        name="Quadrilateral Security Dialogue",
        slug="quad",
        kind="informal",
        start_date=D(2007, 5, 1),
        defense=False,
        consultation=True,
    )
    for nation in (usa, japan, india, france):
        factories.PartnershipMemberFactory(
            partnership=partnership, nation=nation, joined=D(2007, 5, 1), left=D(2008, 2, 1)
        )
        factories.PartnershipMemberFactory(
            partnership=partnership, nation=nation, joined=D(2017, 11, 12)
        )
    return partnership


@pytest.mark.django_db
def test_a_member_with_two_spans_counts_once(client, quad, usa):
    body = text(client.get(reverse("partnerships:partnership-list")))
    assert "4 nations" in body
    assert "8 nations" not in body
    profile = text(client.get(reverse("partnerships:nation-list")))
    row = re.search(r"United States</a>.*?</tr>", profile, re.S).group(0)
    # One partnership, however many spans.
    assert re.findall(r'<td class="num">(\d+)</td>', row)[-1] == "1"


@pytest.mark.parametrize(
    ("start", "start_precision", "end", "end_precision", "shown"),
    [
        # Locked Shields 2023: begun some day of April, ended on the 21st.
        (D(2023, 4, 1), "month", D(2023, 4, 21), "day", "April 2023 (ended 21 April)"),
        (D(2023, 8, 10), "day", D(2023, 8, 21), "day", "10–21 August 2023"),
        (D(2023, 7, 28), "day", D(2023, 8, 2), "day", "28 July – 2 August 2023"),
        (D(2023, 3, 1), "month", D(2023, 5, 1), "month", "March – May 2023"),
        (D(2022, 12, 30), "day", D(2023, 1, 4), "day", "30 December 2022 – 4 January 2023"),
        (D(2024, 4, 1), "month", D(2024, 4, 1), "month", "April 2024"),
        (D(2019, 1, 1), "year", D(2019, 3, 5), "day", "2019 – 5 March 2019"),
        (D(2024, 6, 27), "day", None, "day", "27 June 2024"),
    ],
)
def test_a_range_says_each_part_once(start, start_precision, end, end_precision, shown):
    assert format_range(start, start_precision, end, end_precision) == shown


@pytest.mark.django_db
def test_locked_shields_2023_reads_as_one_april(client):
    exercise = factories.ExerciseFactory(
        name="Locked Shields 2023",
        slug="locked-shields-2023",
        domain="cyber",
        start_date=D(2023, 4, 1),
        start_precision=DatePrecision.MONTH,
        end_date=D(2023, 4, 21),
    )
    body = text(client.get(exercise.get_absolute_url()))
    assert "April 2023 (ended 21 April)" in body
    assert "April 2023 – 21 April 2023" not in body


@pytest.mark.django_db
def test_aid_values_read_in_words(client, usa, south_korea):
    aid = factories.EngagementFactory(
        name="US aid to South Korea", kind="military_aid", value_usd=38_000_000_000
    )
    factories.EngagementFactory(name="Small grant", kind="military_aid", value_usd=950_000)
    listing = text(client.get(reverse("partnerships:engagement-list")))
    assert "38 billion" in listing
    assert "950,000" in listing
    assert "38,000,000,000" not in listing
    detail = text(client.get(aid.get_absolute_url()))
    assert "US$ 38 billion" in detail
    assert "38,000,000,000" not in detail


@pytest.mark.django_db
def test_filter_help_shows_no_markup(client):
    for name in ("nation-list", "organization-list", "partnership-list", "exercise-list"):
        body = text(client.get(reverse(f"partnerships:{name}")))
        helps = re.findall(r'<div class="helptext"[^>]*>(.*?)</div>', body, re.S)
        assert all("`" not in help for help in helps), name


@pytest.mark.django_db
def test_no_photo_caption_without_a_photo(client):
    article = factories.ArticleFactory(
        title="US-Japan defence cooperation",
        cover_caption="Japanese and US warships in company during an alliance exercise.",
    )
    body = text(client.get(article.get_absolute_url()))
    assert "warships in company" not in body


def test_the_two_germanys_sit_in_their_halves_of_europe():
    historical = {
        row["slug"]: row
        for row in yaml.safe_load((DATA / "nations.yaml").read_text())["historical"]
    }
    assert historical["east-germany"]["subregion"] == "Eastern Europe"
    assert historical["west-germany"]["subregion"] == "Western Europe"

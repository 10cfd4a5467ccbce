"""Every view's data one click away (issue 15 item 4, issue 18 item 2): "Download CSV" and
"Download JSON" links that carry exactly the page's filters, and return its rows."""

import csv
import datetime
import html
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from tests import factories

D = datetime.date
pytestmark = pytest.mark.django_db


def links(body):
    """{label: href} of the page's download links (the first of each label)."""
    found = {}
    for href, label in re.findall(r'<a [^>]*href="([^"]+)"[^>]*download>(Download \w+)</a>', body):
        found.setdefault(label, html.unescape(href))
    return found


def csv_names(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return [row["name"] for row in csv.DictReader(io.StringIO(content.decode()))]


@pytest.fixture
def exercises(usa, japan, india, france):
    made = {}
    for name, year, nations in [
        ("Malabar 2023", 2023, (usa, japan, india)),
        ("Varuna 2023", 2023, (india, france)),
        ("Malabar 2019", 2019, (usa, japan, india)),
        ("Keen Sword 2023", 2023, (usa, japan)),
    ]:
        exercise = factories.ExerciseFactory(
            name=name,
            slug=name.lower().replace(" ", "-"),
            start_date=D(year, 8, 1),
            end_date=D(year, 8, 10),
        )
        for nation in nations:
            factories.ParticipationFactory(exercise=exercise, nation=nation)
        made[name] = exercise
    return made


def test_a_filtered_list_downloads_its_own_rows(client, exercises):
    page = client.get(
        reverse("partnerships:exercise-list"),
        {"nation": "india", "year": "2023", "ordering": "-name", "page": "1"},
    )
    found = links(page.content.decode())
    assert set(found) == {"Download CSV", "Download JSON"}
    query = parse_qs(urlsplit(found["Download CSV"]).query)
    assert query == {
        "nation": ["india"],
        "year": ["2023"],
        "ordering": ["-name"],
        "format": ["csv"],
    }
    assert csv_names(client, found["Download CSV"]) == ["Varuna 2023", "Malabar 2023"]
    data = client.get(found["Download JSON"]).json()
    assert [row["name"] for row in data["results"]] == ["Varuna 2023", "Malabar 2023"]


@pytest.mark.parametrize(
    ("page", "api"),
    [
        ("nation-list", "/api/v1/nations/"),
        ("organization-list", "/api/v1/organizations/"),
        ("partnership-list", "/api/v1/partnerships/"),
        ("exercise-list", "/api/v1/exercises/"),
        ("engagement-list", "/api/v1/engagements/"),
        ("article-list", "/api/v1/articles/"),
    ],
)
def test_every_list_page_offers_both_downloads(client, page, api):
    found = links(client.get(reverse(f"partnerships:{page}"), {"q": "x"}).content.decode())
    assert found["Download CSV"] == f"{api}?q=x&format=csv"
    assert found["Download JSON"] == f"{api}?q=x&format=json"


def test_the_comparison_downloads_what_both_share(client, exercises, usa, japan, india):
    body = client.get(reverse("partnerships:relations", args=["india", "france"])).content
    found = links(body.decode())
    data = client.get(found["Download JSON"]).json()
    assert [row["name"] for row in data["exercises"]] == ["Varuna 2023"]
    exercise_csv = re.search(
        r'<a href="([^"]+)" download>Download CSV</a> of these exercises', body.decode()
    ).group(1)
    assert csv_names(client, html.unescape(exercise_csv)) == ["Varuna 2023"]


def test_the_network_downloads_carry_its_year_and_kind(client, nato, us_japan_treaty):
    found = links(client.get("/network/", {"year": "1995", "kind": "bilateral"}).content.decode())
    assert found["Download JSON"] == "/api/v1/network/?year=1995&kind=bilateral&format=json"
    data = client.get(found["Download JSON"]).json()
    assert data["year"] == 1995 and len(data["edges"]) == 1
    assert csv_names(client, found["Download CSV"]) == [us_japan_treaty.name]


def test_a_chart_downloads_its_data(client, nato):
    body = client.get(nato.get_absolute_url()).content.decode()
    found = links(body)
    assert csv_names(client, found["Download CSV"]) == ["France", "United States"]

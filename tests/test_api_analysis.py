"""/api/v1/relations/, /api/v1/network/ and /api/v1/search/ serve what the HTML pages draw."""

from urllib.parse import urlparse

import pytest

from partnerships import analysis
from partnerships.search import search_catalogue


def as_pages(data):
    """The API's answer with its links as the HTML pages have them: `url` the page's path
    (a source's own web address), no `html_url`, so it compares with the analysis data."""
    if isinstance(data, list):
        return [as_pages(item) for item in data]
    if not isinstance(data, dict):
        return data
    shown = {key: as_pages(value) for key, value in data.items()}
    if "html_url" in shown:
        assert shown["url"].startswith("http://testserver/api/v1/")
        page = shown.pop("html_url")
        shown["url"] = urlparse(page).path if page else None
        if "web_url" in shown:
            shown["url"] = shown.pop("web_url") or ""
    return shown


@pytest.mark.django_db
def test_relations_are_the_analysis_data(api, world, usa, japan):
    response = api.get("/api/v1/relations/united-states/japan/")
    assert response.status_code == 200
    data = response.json()
    assert as_pages(data) == analysis.relations(usa, japan)
    assert [row["slug"] for row in data["partnerships"]] == ["us-japan-security-treaty"]
    assert data["counts"]["exercises"] == 1
    assert response["ETag"]


@pytest.mark.django_db
def test_relations_errors(api, world):
    response = api.get("/api/v1/relations/united-states/atlantis/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Unknown nation: atlantis."}
    response = api.get("/api/v1/relations/japan/japan/")
    assert response.status_code == 400
    assert list(response.json()) == ["b"]


@pytest.mark.django_db
def test_network_is_the_analysis_data(api, world):
    response = api.get("/api/v1/network/?year=1990&kind=bilateral")
    assert response.status_code == 200
    data = response.json()
    assert as_pages(data) == analysis.network(year=1990, kind="bilateral")
    assert data["edges"] == [
        {
            "source": "japan",
            "target": "united-states",
            "weight": 1,
            "partnerships": ["us-japan-security-treaty"],
        }
    ]
    assert api.get("/api/v1/network/?year=1950").json()["edges"] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"), [("year=abc", "year"), ("year=99999", "year"), ("kind=empire", "kind")]
)
def test_network_bad_values_are_400_naming_the_field(api, query, field):
    response = api.get(f"/api/v1/network/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.django_db
def test_search(api, world):
    response = api.get("/api/v1/search/?q=japan")
    assert response.status_code == 200
    assert as_pages(response.json()) == search_catalogue("japan")
    response = api.get("/api/v1/search/?q=")
    assert response.status_code == 400
    assert list(response.json()) == ["q"]

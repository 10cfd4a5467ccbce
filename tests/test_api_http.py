"""The API over HTTP: JSON errors, conditional GETs, CSV, throttling, schema and docs."""

import csv
import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils.http import http_date

from tests import factories
from tests.api_support import body, client_for, user_with

# --- errors are JSON ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v1/nowhere/", "/api/v2/nations/", "/api/", "/api/v1/nations/a/b/c/"]
)
def test_unmatched_paths_under_api_are_json_404s(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_a_missing_trailing_slash_redirects(api):
    response = api.get("/api/v1/nations?region=asia")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/nations/?region=asia"


@pytest.mark.django_db
def test_method_not_allowed_is_json(api, world):
    response = client_for(user_with("change_nation", username="someone")).put(
        "/api/v1/nations/", {}, format="json"
    )
    assert response.status_code == 405
    assert "detail" in response.json()
    assert api.post("/api/v1/network/", {}, format="json").status_code == 405


@pytest.mark.django_db
def test_unsupported_media_type_malformed_json_and_oversized_bodies(france):
    client = client_for(user_with("add_partnership", "change_nation"))
    response = client.post("/api/v1/partnerships/", "name=x", content_type="text/plain")
    assert response.status_code == 415
    assert "detail" in response.json()
    response = client.post(
        "/api/v1/partnerships/", '{"name": "x", ', content_type="application/json"
    )
    assert response.status_code == 400
    assert "detail" in response.json()
    big = '{"description": "' + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10) + '"}'
    response = client.patch("/api/v1/nations/france/", big, content_type="application/json")
    assert response.status_code == 413
    assert "detail" in response.json()


@pytest.mark.django_db
def test_a_filter_error_asked_for_as_csv_is_json(api, world):
    response = api.get("/api/v1/partnerships/?format=csv&nation=atlantis")
    assert response.status_code == 400
    assert response.json() == {"nation": ["Unknown nation: atlantis."]}


# --- conditional GET ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/v1/partnerships/us-japan-security-treaty/", "/api/v1/partnerships/"]
)
def test_etag_and_last_modified_give_304(api, world, url):
    response = api.get(url)
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert etag.startswith('"')
    not_modified = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified["ETag"] == etag
    assert not not_modified.content
    assert api.get(url, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
    assert api.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/v1/partnerships/us-japan-security-treaty/", "/api/v1/exercises/"]
)
def test_a_change_to_a_nested_record_changes_the_etag(api, world, japan, url):
    etag = api.get(url)["ETag"]  # and keeps it as known unchanged, until the write
    japan.name = "Nippon"
    japan.save()
    response = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Nippon" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/exercises/?page_size=5",
        "/api/v1/partnerships/us-japan-security-treaty/",
        "/api/v1/relations/united-states/japan/",
    ],
)
def test_an_unchanged_answer_is_known_304_without_a_query(
    api, world, url, django_assert_num_queries
):
    first = api.get(url)
    with django_assert_num_queries(0):
        again = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert not again.content
    for header in ("ETag", "Last-Modified", "Vary"):
        assert again.get(header) == first.get(header)
    if first.has_header("Last-Modified"):  # not on analysis answers
        with django_assert_num_queries(0):
            since = api.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert since.status_code == 304


@pytest.mark.django_db
def test_a_known_304_is_kept_per_host_and_per_media_type(api, world):
    url = "/api/v1/nations/?page_size=3"
    etag = api.get(url)["ETag"]
    elsewhere = api.get(url, HTTP_HOST="localhost", HTTP_IF_NONE_MATCH=etag)
    assert elsewhere.status_code == 200  # its links name another host
    assert elsewhere["ETag"] != etag
    indented = api.get(url, HTTP_ACCEPT="application/json; indent=2", HTTP_IF_NONE_MATCH=etag)
    assert indented.status_code == 200
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.django_db
def test_editors_and_the_public_do_not_share_known_304s(api, world):
    from partnerships.models import ArticleStatus

    factories.ArticleFactory(slug="public-piece")
    factories.ArticleFactory(slug="draft-piece", status=ArticleStatus.DRAFT, published_at=None)
    editor = client_for(user_with("change_article"))
    url = "/api/v1/articles/"
    etag = editor.get(url)["ETag"]
    response = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    slugs = [article["slug"] for article in response.json()["results"]]
    assert "public-piece" in slugs and "draft-piece" not in slugs


@pytest.mark.django_db
def test_a_known_304_lasts_only_the_minute(api, world, monkeypatch, django_assert_num_queries):
    """An article's publication time changes what the API shows without any write."""
    import time

    from partnerships.api import answer_etags

    url = "/api/v1/partnerships/"
    etag = api.get(url)["ETag"]
    later = time.time() + 60
    monkeypatch.setattr(answer_etags.time, "time", lambda: later)
    response = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304  # built again, and found the same
    with django_assert_num_queries(0):
        assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


# --- CSV ----------------------------------------------------------------------------------


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(body(response).decode())))


@pytest.mark.django_db
def test_csv_streams_every_row_not_one_page(api, japan):
    for n in range(60):
        pact = factories.PartnershipFactory(name=f"Pact {n:02}", slug=f"pact-{n:02}")
        factories.PartnershipMemberFactory(partnership=pact, nation=japan)
    response = api.get("/api/v1/partnerships/?format=csv&page_size=5")
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="partnerships.csv"'
    rows = read_csv(response)
    assert len(rows) == 60
    assert rows[0]["members"] == "japan (joined 1951-09-08)"
    assert rows[0]["url"] == "http://testserver/api/v1/partnerships/pact-00/"


@pytest.mark.django_db
def test_csv_honours_filters_and_flattens_nested_lists(api, world):
    rows = read_csv(api.get("/api/v1/exercises/?format=csv&nation=japan&domain=maritime"))
    assert [row["slug"] for row in rows] == ["rimpac-2024"]
    assert rows[0]["participants"] == "united-states (role host); japan (role participant)"
    assert rows[0]["host"] == "united-states"
    assert rows[0]["sources"] == "treaty-text"
    assert read_csv(api.get("/api/v1/exercises/?format=csv&domain=air")) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "resource",
    ["nations", "organizations", "partnerships", "exercises", "engagements", "articles", "sources"],
)
def test_every_list_has_csv(api, world, resource):
    rows = read_csv(api.get(f"/api/v1/{resource}/?format=csv"))
    assert len(rows) == api.get(f"/api/v1/{resource}/").json()["count"]


@pytest.mark.django_db
def test_browsable_api_still_renders(world):
    client = client_for(user_with("change_partnership", username="browser"))
    for url in [
        "/api/v1/",
        "/api/v1/partnerships/",
        "/api/v1/partnerships/us-japan-security-treaty/",
    ]:
        response = client.get(url, HTTP_ACCEPT="text/html")
        assert response.status_code == 200
        assert b"<html" in response.content


# --- throttling ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_third_request_over_a_low_rate_is_429_with_retry_after(api):
    rates = {"anon": "2/min", "user": "2/min"}
    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    ):
        assert api.get("/api/v1/nations/").status_code == 200
        assert api.get("/api/v1/nations/").status_code == 200
        response = api.get("/api/v1/nations/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "detail" in response.json()


# --- schema and docs ----------------------------------------------------------------------


@pytest.mark.django_db
def test_schema_generates_and_validates_without_warnings(tmp_path):
    path = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    schema = path.read_text()
    for parameter in ("nation", "year", "organization", "domain", "region", "dataset", "ordering"):
        assert f"name: {parameter}" in schema
    assert "/api/v1/relations/{a}/{b}/" in schema
    assert "/api/v1/network/" in schema


@pytest.mark.django_db
def test_schema_is_served(api):
    response = api.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    parameters = schema["paths"]["/api/v1/nations/"]["get"]["parameters"]
    assert {"organization", "partnership", "year", "region"} <= {p["name"] for p in parameters}


@pytest.mark.django_db
def test_docs_load_nothing_from_outside_the_site(api):
    response = api.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    references = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert references
    for reference in references:
        assert reference.startswith("/") and not reference.startswith("//"), reference
        assert api.get(reference).status_code == 200, reference
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html


@pytest.mark.django_db
def test_an_unexpected_error_is_still_json(api, world, monkeypatch):
    from partnerships.api import views

    def broken(self, instance):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views.CatalogueViewSet, "retrieve", broken)
    response = api.get("/api/v1/nations/japan/")
    assert response.status_code == 500
    assert response.json() == {"detail": "Server error."}


@pytest.mark.django_db
def test_csv_keeps_prefetching_while_streaming(api, japan, usa, django_assert_max_num_queries):
    source = factories.SourceFactory()
    for n in range(60):
        pact = factories.PartnershipFactory(slug=f"pact-{n:02}")
        factories.PartnershipMemberFactory(partnership=pact, nation=japan)
        factories.PartnershipMemberFactory(partnership=pact, nation=usa)
        pact.sources.add(source)
    with django_assert_max_num_queries(4):  # the rows, their members, their sources
        rows = read_csv(api.get("/api/v1/partnerships/?format=csv"))
    assert len(rows) == 60
    assert rows[-1]["members"].count("; ") == 1

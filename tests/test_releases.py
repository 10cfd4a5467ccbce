"""Citations travel: sources resolve, record pages say how to cite them, releases are
dated, checksummed snapshots listed at /data/, and /api/v1/changes/ says what changed."""

import csv
import datetime
import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command

from partnerships.models import Partnership
from tests import factories

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def releases(tmp_path, settings):
    settings.RELEASES_DIR = tmp_path / "releases"
    return settings.RELEASES_DIR


@pytest.fixture
def cited(us_japan_treaty):
    source = factories.SourceFactory(
        slug="mofa-treaty-text",
        title="Treaty of Mutual Cooperation & Security",
        url="https://www.mofa.go.jp/region/n-america/us/q&a/ref/1.html",
    )
    us_japan_treaty.sources.add(source)
    return us_japan_treaty


# --- sources and "Cite this record" ------------------------------------------------------------


def test_sources_resolve_the_slugs_an_export_row_carries(client, cited):
    factories.SourceFactory(slug="other")
    row = client.get("/api/v1/dyad-years/", {"from": 1990, "to": 1990}).json()["results"][0]
    assert row["sources"] == ["mofa-treaty-text"]
    found = client.get("/api/v1/sources/", {"slug": ";".join(row["sources"] + ["other"])}).json()
    assert sorted(s["slug"] for s in found["results"]) == ["mofa-treaty-text", "other"]
    assert found["results"][0]["title"]
    response = client.get("/api/v1/sources/", {"slug": "no-such-source"})
    assert response.status_code == 400 and "slug" in response.json()


def test_record_pages_offer_plain_text_and_bibtex(client, cited, releases):
    page = client.get("/partnerships/us-japan-security-treaty/").content.decode()
    section = page[page.index('id="cite-title"') :]
    today = datetime.date.today()
    assert "Plain text" in section and "BibTeX" in section
    assert "http://testserver/partnerships/us-japan-security-treaty/" in section
    assert f"accessed {today.day} {today:%B %Y}" in section
    assert "@misc{militarydiplo:partnership:us-japan-security-treaty," in section
    assert f"urldate = {{{today.isoformat()}}}" in section
    for url in ("/nations/japan/", "/exercises/", "/organizations/"):
        assert client.get(url).status_code == 200


def test_the_citation_names_the_latest_release(client, cited, releases):
    call_command("make_release", "1.0")
    page = client.get("/nations/japan/").content.decode()
    section = page[page.index('id="cite-title"') :]
    assert "From release 1.0" in section and "Release 1.0 (" in section
    assert "note = {Release 1.0 of" in section


# --- releases --------------------------------------------------------------------------------


def test_make_release_writes_a_checksummed_snapshot(client, cited, releases):
    call_command("make_release", "1.0")
    folder = releases / "1.0"
    manifest = json.loads((folder / "manifest.json").read_text())
    names = {entry["name"] for entry in manifest["files"]}
    assert {
        "dyad-years.csv", "nation-years.csv", "exercise-participations.csv", "sources.csv",
        "catalogue-1.0.zip", "README.md", "CITATION.cff", "CHANGELOG.md", "SHA256SUMS",
    } <= names  # fmt: skip
    for entry in manifest["files"]:
        content = (folder / entry["name"]).read_bytes()
        assert hashlib.sha256(content).hexdigest() == entry["sha256"], entry["name"]
    rows = list(csv.DictReader(io.StringIO((folder / "dyad-years.csv").read_text())))
    live = client.get("/api/v1/dyad-years/", {"format": "csv"})
    assert (folder / "dyad-years.csv").read_bytes().replace(b"\r\n", b"\n") == b"".join(
        live.streaming_content
    ).replace(b"\r\n", b"\n")
    assert rows[0]["instruments"] == "us-japan-security-treaty"
    assert 'version: "1.0"' in (folder / "CITATION.cff").read_text()
    assert "| `a_cow` |" in (folder / "README.md").read_text()
    with pytest.raises(CommandError, match="never rewritten"):
        call_command("make_release", "1.0")
    with pytest.raises(CommandError, match="VERSION"):
        call_command("make_release", "../x")


def test_the_changelog_lists_what_was_added_changed_and_removed(cited, releases, india, france):
    call_command("make_release", "1.0")
    factories.PartnershipFactory(slug="new-pact", name="New Pact")
    Partnership.objects.filter(slug="us-japan-security-treaty").get().save()  # changed
    india.delete()
    call_command("make_release", "1.1")
    log = (releases / "1.1" / "CHANGELOG.md").read_text()
    assert "Since release 1.0" in log
    partnerships = log[log.index("## partnership") :].split("##")[1]
    assert "Added (1): new-pact" in partnerships
    assert "Changed (1): us-japan-security-treaty" in partnerships
    nations = log[log.index("## nation") :].split("##")[1]
    assert "Removed (1): india" in nations


def test_the_data_page_lists_releases_and_serves_their_files(client, cited, releases):
    assert "No release has been made yet" in client.get("/data/").content.decode()
    call_command("make_release", "2026.1")
    page = client.get("/data/").content.decode()
    assert "Release 2026.1" in page and "CITATION.cff" in page
    assert "@misc{militarydiplo:2026.1," in page
    response = client.get("/data/2026.1/sources.csv")
    assert response.status_code == 200
    assert b"mofa-treaty-text" in b"".join(response.streaming_content)
    assert client.get("/data/2026.1/records.json.bak").status_code == 404
    assert client.get("/data/2026.1/..%2Fmanifest.json").status_code == 404
    assert client.get("/data/9.9/sources.csv").status_code == 404


# --- the changes feed ----------------------------------------------------------------------


def test_changes_since_a_time_list_creations_changes_and_deletions(client, usa, japan):
    start = datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=1)
    treaty = factories.PartnershipFactory(slug="pact", name="Pact")
    member = factories.PartnershipMemberFactory(partnership=treaty, nation=usa)
    japan.name = "Nippon"
    japan.save()
    gone = factories.ExerciseFactory(slug="cancelled")
    gone.delete()
    draft = factories.ArticleFactory(slug="draft-piece", status="draft")
    response = client.get("/api/v1/changes/", {"since": start.isoformat()})
    assert response.status_code == 200, response.content
    entries = [(e["kind"], e["slug"], e["action"]) for e in response.json()["results"]]
    assert ("partnership", "pact", "created") in entries
    assert ("partnership", "pact", "changed") in entries  # its member
    assert ("nation", "japan", "changed") in entries
    assert ("exercise", "cancelled", "created") in entries
    assert ("exercise", "cancelled", "deleted") in entries
    assert not any(slug == draft.slug for _, slug, _ in entries)
    assert all(e["time"] for e in response.json()["results"])
    assert member.pk
    later = client.get("/api/v1/changes/", {"since": "2999-01-01"}).json()
    assert later["count"] == 0
    for edge in ("0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"):
        assert client.get("/api/v1/changes/", {"since": edge}).status_code == 200, edge
    only = client.get("/api/v1/changes/", {"since": start.isoformat(), "kind": "exercise"})
    assert {e["slug"] for e in only.json()["results"]} == {"cancelled"}


def test_changes_need_a_valid_time_and_keep_a_budget(client, usa, django_assert_max_num_queries):
    for params in ({}, {"since": "yesterday"}, {"since": "2026-13-45"}):
        response = client.get("/api/v1/changes/", params)
        assert response.status_code == 400 and "since" in response.json(), params
    assert client.get("/api/v1/changes/", {"since": "2020-01-01", "kind": "x"}).status_code == 400
    for slug in ("a", "b", "c"):
        factories.PartnershipFactory(slug=slug)
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/changes/", {"since": "2020-01-01"}).json()["count"] >= 4

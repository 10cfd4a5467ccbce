"""Writing through the API: permissions, related records by slug, the admin's validation."""

import io

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from partnerships.models import Article, Exercise, Nation, Organization, Partnership
from tests import factories
from tests.api_support import client_for, user_with

NEW_PACT = {
    "name": "France-India Strategic Partnership",
    "kind": "bilateral",
    "start_date": "2001-05-01",
    "members": ["france", "india"],
}


@pytest.fixture
def editor(db):
    return client_for(
        user_with(
            "add_partnership",
            "change_partnership",
            "delete_partnership",
            "add_exercise",
            "change_exercise",
            "add_engagement",
            "add_organization",
            "change_organization",
            "add_nation",
            "change_nation",
            "delete_nation",
            "add_source",
            "add_article",
            "change_article",
        )
    )


# --- permissions --------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_users_read_only(api, france, india):
    response = api.post("/api/v1/partnerships/", NEW_PACT, format="json")
    assert response.status_code == 401
    assert "detail" in response.json()
    assert api.delete("/api/v1/nations/france/").status_code == 401
    assert Partnership.objects.count() == 0


@pytest.mark.django_db
def test_a_user_without_the_model_permission_gets_403(france, india):
    client = client_for(user_with("add_exercise", username="exercises-only"))
    response = client.post("/api/v1/partnerships/", NEW_PACT, format="json")
    assert response.status_code == 403
    assert "detail" in response.json()
    assert Partnership.objects.count() == 0


@pytest.mark.django_db
def test_token_from_issue_token_authenticates_writes(france, india):
    user = user_with("add_partnership", username="bot")
    out = io.StringIO()
    call_command("issue_token", "bot", stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    assert Token.objects.get(user=user).key == key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.post("/api/v1/partnerships/", NEW_PACT, format="json").status_code == 201

    again = io.StringIO()
    call_command("issue_token", "bot", stdout=again)
    assert again.getvalue().strip().splitlines()[-1] == key
    rotated = io.StringIO()
    call_command("issue_token", "bot", "--rotate", stdout=rotated)
    new_key = rotated.getvalue().strip().splitlines()[-1]
    assert new_key != key
    assert client.get("/api/v1/partnerships/").status_code == 401  # the old token is gone


@pytest.mark.django_db
def test_session_users_write_too(france, india):
    user = user_with("add_partnership", username="clerk")
    client = APIClient()
    client.force_login(user)  # a session, without django-axes' request-bound sign-in
    assert client.post("/api/v1/partnerships/", NEW_PACT, format="json").status_code == 201


# --- partnerships -------------------------------------------------------------------------


@pytest.mark.django_db
def test_create_a_partnership_with_members_by_slug(editor, france, india):
    response = editor.post("/api/v1/partnerships/", NEW_PACT, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["slug"] == "france-india-strategic-partnership"
    assert response["Location"] == data["url"]
    assert {member["nation"]["slug"] for member in data["members"]} == {"france", "india"}
    assert data["members"][0]["joined"] == "2001-05-01"
    assert response["ETag"]


@pytest.mark.django_db
def test_members_as_objects_with_dates_and_roles(editor, france, india, usa):
    source = factories.SourceFactory(slug="joint-statement")
    payload = {
        **NEW_PACT,
        "kind": "multilateral",
        "slug": "trio",
        "members": [
            "france",
            {"nation": "india", "joined": "2003-01-01", "joined_precision": "year"},
            {"nation": "united-states", "left": "2010-02-01", "role": "observer state"},
        ],
        "sources": ["joint-statement"],
    }
    response = editor.post("/api/v1/partnerships/", payload, format="json")
    assert response.status_code == 201, response.content
    members = {member["nation"]["slug"]: member for member in response.json()["members"]}
    assert members["india"]["joined"] == "2003-01-01"
    assert members["india"]["joined_precision"] == "year"
    assert members["united-states"]["left"] == "2010-02-01"
    assert members["united-states"]["role"] == "observer state"
    assert Partnership.objects.get(slug="trio").sources.get() == source


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"members": ["france"]}, "members"),
        ({"members": ["france", "india", "usa"]}, "members"),
        ({"members": ["france", "atlantis"]}, "members"),
        ({"end_date": "1999-01-01"}, "end_date"),
        ({"kind": "empire"}, "kind"),
        ({"start_date": "May 2001"}, "start_date"),
        ({"organization": "warsaw-pact"}, "organization"),
        ({"sources": ["nowhere"]}, "sources"),
        ({"members": [{"joined": "2001-01-01"}]}, "members"),
        ({"members": "france"}, "members"),
        ({"members": [42]}, "members"),
    ],
)
def test_invalid_partnerships_are_400_naming_the_field(editor, france, india, change, field):
    response = editor.post("/api/v1/partnerships/", {**NEW_PACT, **change}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert Partnership.objects.count() == 0


@pytest.mark.django_db
def test_unknown_member_slug_is_named(editor, france):
    payload = {**NEW_PACT, "members": ["france", "atlantis"]}
    response = editor.post("/api/v1/partnerships/", payload, format="json")
    assert response.json() == {"members": ["Unknown nation: atlantis."]}


@pytest.mark.django_db
def test_overlapping_spans_of_one_nation_are_refused(editor, france, india):
    payload = {
        **NEW_PACT,
        "kind": "multilateral",
        "members": [
            {"nation": "france", "joined": "2001-05-01"},
            {"nation": "france", "joined": "2005-01-01"},
            "india",
        ],
    }
    response = editor.post("/api/v1/partnerships/", payload, format="json")
    assert response.status_code == 400
    assert "members" in response.json()
    assert Partnership.objects.count() == 0


@pytest.mark.django_db
def test_duplicate_slug_is_a_400(editor, us_japan_treaty, france, india):
    payload = {**NEW_PACT, "slug": "us-japan-security-treaty"}
    response = editor.post("/api/v1/partnerships/", payload, format="json")
    assert response.status_code == 400
    assert "slug" in response.json()
    # Without a slug, one is made from the name, and never taken twice.
    payload = {**NEW_PACT, "name": us_japan_treaty.name}
    response = editor.post("/api/v1/partnerships/", payload, format="json")
    assert response.json()["slug"] == "us-japan-treaty-of-mutual-cooperation-and-security"
    response = editor.post("/api/v1/partnerships/", payload, format="json")
    assert response.json()["slug"] == "us-japan-treaty-of-mutual-cooperation-and-security-2"


@pytest.mark.django_db
def test_update_and_patch_a_partnership(editor, us_japan_treaty, south_korea):
    url = "/api/v1/partnerships/us-japan-security-treaty/"
    response = editor.patch(url, {"description": "The cornerstone."}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["description"] == "The cornerstone."
    assert len(response.json()["members"]) == 2  # members untouched without `members`

    response = editor.patch(url, {"members": ["united-states", "south-korea"]}, format="json")
    assert {m["nation"]["slug"] for m in response.json()["members"]} == {
        "united-states",
        "south-korea",
    }
    response = editor.patch(url, {"members": ["united-states"]}, format="json")
    assert response.status_code == 400
    assert "members" in response.json()

    full = {**NEW_PACT, "members": ["united-states", "japan"], "name": "Renamed"}
    response = editor.put(url, full, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Renamed"
    assert response.json()["slug"] == "us-japan-security-treaty"


@pytest.mark.django_db
def test_delete_a_partnership(editor, us_japan_treaty):
    response = editor.delete("/api/v1/partnerships/us-japan-security-treaty/")
    assert response.status_code == 204
    assert not Partnership.objects.exists()


# --- other resources ----------------------------------------------------------------------


@pytest.mark.django_db
def test_create_an_exercise_with_participants(editor, usa, japan, nato):
    payload = {
        "name": "Keen Sword 2024",
        "start_date": "2024-10-23",
        "end_date": "2024-11-01",
        "domain": "joint",
        "host": "japan",
        "participants": [
            {"nation": "japan", "role": "host"},
            {"nation": "united-states", "contribution": "7th Fleet"},
        ],
        "organizations": ["nato"],
    }
    response = editor.post("/api/v1/exercises/", payload, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["slug"] == "keen-sword-2024"
    assert data["host"]["slug"] == "japan"
    roles = {
        row["nation"]["slug"]: (row["role"], row["contribution"]) for row in data["participants"]
    }
    assert roles == {"japan": ("host", ""), "united-states": ("participant", "7th Fleet")}

    twice = {**payload, "slug": "twice", "participants": ["japan", "japan"]}
    response = editor.post("/api/v1/exercises/", twice, format="json")
    assert response.status_code == 400
    assert "participants" in response.json()
    assert not Exercise.objects.filter(slug="twice").exists()


@pytest.mark.django_db
def test_the_lead_host_always_takes_part(editor, usa, japan, france):
    payload = {
        "name": "Cope North 2025",
        "start_date": "2025-02-03",
        "domain": "air",
        "host": "united-states",
        "participants": ["japan"],
    }
    response = editor.post("/api/v1/exercises/", payload, format="json")
    assert response.status_code == 201, response.content
    roles = {row["nation"]["slug"]: row["role"] for row in response.json()["participants"]}
    assert roles == {"united-states": "host", "japan": "participant"}
    assert Exercise.objects.involving(usa, japan).filter(slug="cope-north-2025").exists()

    url = "/api/v1/exercises/cope-north-2025/"
    response = editor.patch(url, {"host": "france"}, format="json")
    assert response.status_code == 200, response.content
    roles = {row["nation"]["slug"]: row["role"] for row in response.json()["participants"]}
    assert roles == {"france": "host", "united-states": "host", "japan": "participant"}


@pytest.mark.django_db
def test_create_an_engagement_with_parties(editor, usa, japan):
    payload = {
        "name": "Foreign Military Sales",
        "kind": "arms_agreement",
        "start_date": "2019-01-01",
        "value_usd": "1000000",
        "parties": [
            {"nation": "united-states", "role": "provider"},
            {"nation": "japan", "role": "recipient"},
        ],
    }
    response = editor.post("/api/v1/engagements/", payload, format="json")
    assert response.status_code == 201, response.content
    assert {row["nation"]["slug"]: row["role"] for row in response.json()["parties"]} == {
        "united-states": "provider",
        "japan": "recipient",
    }
    bad = {**payload, "value_usd": "-5", "slug": "negative"}
    response = editor.post("/api/v1/engagements/", bad, format="json")
    assert response.status_code == 400


@pytest.mark.django_db
def test_create_and_update_an_organization_with_memberships(editor, usa, france):
    payload = {
        "name": "Western European Union",
        "acronym": "WEU",
        "kind": "alliance",
        "founded": "1954-10-23",
        "members": ["france", {"nation": "united-states", "status": "observer"}],
    }
    response = editor.post("/api/v1/organizations/", payload, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["slug"] == "weu"
    members = {row["nation"]["slug"]: row for row in data["members"]}
    assert members["france"]["joined"] == "1954-10-23"  # the founding date by default
    assert members["united-states"]["status"] == "observer"

    overlapping = {
        "members": [
            {"nation": "france", "joined": "1954-10-23"},
            {"nation": "france", "joined": "1960-01-01", "left": "1970-01-01"},
        ]
    }
    response = editor.patch("/api/v1/organizations/weu/", overlapping, format="json")
    assert response.status_code == 400
    assert "members" in response.json()
    assert Organization.objects.get(slug="weu").memberships.count() == 2  # unchanged


@pytest.mark.django_db
def test_nations_and_sources_are_writable(editor):
    payload = {"name": "Atlantis", "slug": "atlantis", "iso2": "at", "iso3": "atl"}
    response = editor.post("/api/v1/nations/", payload, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["iso3"] == "ATL"
    response = editor.post("/api/v1/nations/", payload, format="json")
    assert response.status_code == 400
    assert {"name", "slug"} <= set(response.json())
    bad = {"name": "Lemuria", "slug": "lemuria", "iso2": "L1"}
    assert editor.post("/api/v1/nations/", bad, format="json").status_code == 400

    source = {"title": "Treaty text", "slug": "treaty-text", "web_url": "https://example.org/t"}
    response = editor.post("/api/v1/sources/", source, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["web_url"] == "https://example.org/t"


@pytest.mark.django_db
def test_deleting_a_nation_others_depend_on_is_a_409(editor, us_japan_treaty):
    response = editor.delete("/api/v1/nations/japan/")
    assert response.status_code == 409
    assert "detail" in response.json()
    assert Nation.objects.filter(slug="japan").exists()


# --- articles -----------------------------------------------------------------------------

DRAFT = {"title": "A draft", "summary": "Short.", "body": "Text.", "kind": "analysis"}


@pytest.mark.django_db
def test_writers_save_drafts_but_publishing_needs_publish_article(editor, japan):
    response = editor.post("/api/v1/articles/", {**DRAFT, "nations": ["japan"]}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "draft"
    assert response.json()["nations"][0]["slug"] == "japan"
    response = editor.patch("/api/v1/articles/a-draft/", {"status": "published"}, format="json")
    assert response.status_code == 403
    assert Article.objects.get(slug="a-draft").status == "draft"

    publisher = client_for(
        user_with("add_article", "change_article", "publish_article", username="publisher")
    )
    response = publisher.patch("/api/v1/articles/a-draft/", {"status": "published"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["published_at"]  # now, when not given
    # Once published, an editor may still correct the text (the admin's rule too) ...
    response = editor.patch("/api/v1/articles/a-draft/", {"title": "X"}, format="json")
    assert response.status_code == 200, response.content
    # ... but not unpublish it, move its time or delete it.
    response = editor.patch("/api/v1/articles/a-draft/", {"status": "draft"}, format="json")
    assert response.status_code == 403
    response = editor.patch(
        "/api/v1/articles/a-draft/", {"published_at": "2030-01-01T00:00:00Z"}, format="json"
    )
    assert response.status_code == 403
    deleter = client_for(user_with("delete_article", username="deleter"))
    response = deleter.delete("/api/v1/articles/a-draft/")
    assert response.status_code == 403
    assert "publisher" in response.json()["detail"]
    assert Article.objects.get(slug="a-draft").status == "published"


# --- conditional writes -------------------------------------------------------------------


@pytest.mark.django_db
def test_if_match_stale_is_412_matching_or_absent_proceeds(editor, us_japan_treaty):
    url = "/api/v1/partnerships/us-japan-security-treaty/"
    etag = editor.get(url)["ETag"]
    response = editor.patch(url, {"description": "One"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200
    new_etag = response["ETag"]
    assert new_etag != etag
    response = editor.patch(url, {"description": "Two"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert "detail" in response.json()
    assert Partnership.objects.get().description == "One"
    response = editor.delete(url, HTTP_IF_MATCH='"stale"')
    assert response.status_code == 412
    assert editor.patch(url, {"description": "Three"}, format="json").status_code == 200
    assert editor.get(url)["ETag"] != new_etag

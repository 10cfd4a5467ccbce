"""HTTP caching on every answer: validators on each GET with a body, Cache-Control by
kind of answer, preconditions on writes (If-Match, If-Unmodified-Since) with the
current ETag in a 412; and CSV cells a spreadsheet can split."""

import csv
import datetime
import io

import pytest
from django.utils.http import http_date

from partnerships.models import ArticleStatus, DatePrecision, Membership
from tests import factories
from tests.api_support import body, client_for, user_with

TREATY = "/api/v1/partnerships/us-japan-security-treaty/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/allied/?a=united-states&b=japan&year=1995",
        "/api/v1/organizations/nato/members/?on=1990-01-01",
        "/api/v1/partnerships/?format=csv",
        f"{TREATY}?format=csv",
        "/api/v1/schema/",
        "/api/v1/network/",
    ],
)
def test_every_get_with_a_body_has_a_validator_that_answers_304(api, world, url):
    response = api.get(url)
    assert response.status_code == 200
    etag = response["ETag"]
    assert response["Cache-Control"] == "public, max-age=60"
    again = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert again["Cache-Control"] == "public, max-age=60"


@pytest.mark.django_db
def test_a_csv_validator_changes_with_the_catalogue(api, world, japan):
    url = "/api/v1/partnerships/?format=csv"
    etag = api.get(url)["ETag"]
    japan.name = "Nippon"
    japan.save()
    response = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


@pytest.mark.django_db
def test_cache_control_by_kind_of_answer(api, world):
    assert api.get("/api/v1/partnerships/")["Cache-Control"] == "public, max-age=60"
    assert api.get("/api/v1/partnerships/?year=1")["Cache-Control"] == "no-store"
    assert api.get("/api/v1/partnerships/nowhere/")["Cache-Control"] == "no-store"
    staff = client_for(user_with("change_article", username="staff"))
    assert staff.get("/api/v1/articles/")["Cache-Control"] == "private, no-store"
    reader = client_for(user_with(username="reader"))
    assert reader.get("/api/v1/partnerships/")["Cache-Control"] == "private, no-cache"
    editor = client_for(user_with("change_partnership", username="partner-editor"))
    written = editor.patch(TREATY, {"description": "New"}, format="json")
    assert written.status_code == 200
    assert written["Cache-Control"] == "no-store"


@pytest.fixture
def editor(db):
    return client_for(user_with("change_partnership", "delete_partnership"))


@pytest.mark.django_db
def test_a_412_gives_the_current_etag(editor, us_japan_treaty):
    current = editor.get(TREATY)["ETag"]
    response = editor.patch(TREATY, {"description": "x"}, format="json", HTTP_IF_MATCH='"old"')
    assert response.status_code == 412
    assert response["ETag"] == current
    retried = editor.patch(TREATY, {"description": "x"}, format="json", HTTP_IF_MATCH=current)
    assert retried.status_code == 200


@pytest.mark.django_db
def test_if_unmodified_since_is_honoured_on_writes(editor, us_japan_treaty):
    read = editor.get(TREATY)
    last_modified = read["Last-Modified"]
    before = http_date(us_japan_treaty.updated_at.timestamp() - 3600)
    stale = editor.patch(
        TREATY, {"description": "x"}, format="json", HTTP_IF_UNMODIFIED_SINCE=before
    )
    assert stale.status_code == 412
    assert stale["ETag"] == read["ETag"]
    assert editor.delete(TREATY, HTTP_IF_UNMODIFIED_SINCE=before).status_code == 412
    fresh = editor.patch(
        TREATY, {"description": "y"}, format="json", HTTP_IF_UNMODIFIED_SINCE=last_modified
    )
    assert fresh.status_code == 200
    unreadable = editor.patch(
        TREATY, {"description": "z"}, format="json", HTTP_IF_UNMODIFIED_SINCE="yesterday"
    )
    assert unreadable.status_code == 200  # an unreadable date is ignored (RFC 9110)


@pytest.mark.django_db
def test_a_malformed_body_is_400_even_with_a_stale_if_match(editor, us_japan_treaty):
    response = editor.patch(TREATY, {"kind": "nonsense"}, format="json", HTTP_IF_MATCH='"old"')
    assert response.status_code == 400
    assert list(response.json()) == ["kind"]


# --- CSV cells ----------------------------------------------------------------------------


def rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(body(response).decode())))


def split_items(cell: str) -> list[str]:
    """The documented form read back: items split on unescaped `; `."""
    items, current, escaped = [], "", False
    for char in cell:
        if escaped:
            current += char
            escaped = False
        elif char == "\\":
            current += char
            escaped = True
        elif char == ";":
            items.append(current.strip())
            current = ""
        else:
            current += char
    return [*items, current.strip()]


@pytest.mark.django_db
def test_nested_csv_cells_escape_free_text_and_keep_each_dates_precision(api, nato, india):
    Membership.objects.create(
        organization=nato,
        nation=india,
        status="partner",
        joined=datetime.date(1992, 3, 1),
        joined_precision=DatePrecision.MONTH,
        notes="Partner; then (briefly) observer, 1992",
    )
    [row] = rows(api.get("/api/v1/organizations/?format=csv"))
    members = split_items(row["members"])
    assert len(members) == 3
    india_cell = next(item for item in members if item.startswith("india"))
    assert india_cell == (
        r"india (status partner, joined 1992-03, "
        r"notes Partner\; then \(briefly\) observer\, 1992)"
    )
    assert any(item.startswith("france (status member, joined 1949-08-24") for item in members)


@pytest.mark.django_db
def test_a_year_precise_member_date_is_written_as_the_year(api, japan):
    pact = factories.PartnershipFactory(slug="old-pact", start_date=datetime.date(1950, 1, 1))
    factories.PartnershipMemberFactory(
        partnership=pact,
        nation=japan,
        joined=datetime.date(1950, 1, 1),
        joined_precision=DatePrecision.YEAR,
    )
    [row] = rows(api.get("/api/v1/partnerships/?format=csv"))
    assert row["members"] == "japan (joined 1950)"


@pytest.mark.django_db
def test_drafts_shown_to_staff_are_never_stored(world):
    factories.ArticleFactory(slug="draft-two", status=ArticleStatus.DRAFT, published_at=None)
    staff = client_for(user_with("view_article", username="viewer"))
    response = staff.get("/api/v1/articles/?format=csv")
    assert response["Cache-Control"] == "private, no-store"

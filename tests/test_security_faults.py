"""Nothing lost, nothing leaked under faults: oversized bodies answer 413, server errors
answer without internals, /healthz answers 503 without its database, and a failed write
leaves nothing half-written. (Concurrent edits: tests/test_api_write.py tests If-Match and
tests/test_admin.py the admin's guard; bench/loadtest.py races real editors.)"""

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.db import IntegrityError, OperationalError, connection
from django.test import Client, override_settings
from django.urls import path

from partnerships import services
from partnerships.api import prefetch
from partnerships.models import Partnership, PartnershipMember
from partnerships.views import health
from tests.api_support import client_for, user_with
from tests.processes import run_django

ROOT = Path(settings.BASE_DIR)
SECRET_TEXT = "SELECT password FROM auth_user WHERE secret = 'hunter2'"
LEAKS = ("Traceback", "SELECT", "hunter2", 'File "', settings.SECRET_KEY, str(ROOT))


def boom(request):
    raise RuntimeError(SECRET_TEXT)


urlpatterns = [path("api/v1/boom/", boom)]
handler500 = "militarydiplo.errors.server_error"


def assert_no_internals(body: str):
    for leak in LEAKS:
        assert leak not in body, leak


# --- request bodies that are too large ----------------------------------------------------


@pytest.mark.django_db
def test_an_oversized_form_post_answers_the_413_page():
    client = Client(enforce_csrf_checks=True)
    client.get("/admin/login/")  # a browser holds the CSRF cookie, so the check reads the body
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post("/admin/login/", {"username": "a", "password": big})
    assert response.status_code == 413
    body = response.content.decode()
    assert "Too much data" in body
    assert_no_internals(body)


@pytest.mark.django_db
def test_an_oversized_json_body_to_the_api_answers_413_json(france):
    client = client_for(user_with("change_nation"))
    big = json.dumps({"description": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    response = client.patch("/api/v1/nations/france/", big, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is larger than 2097152 bytes."}


@pytest.mark.django_db
def test_an_oversized_form_body_under_api_is_413_json():
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "t" * 32  # so the CSRF check reads the body
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post("/api/v1/nowhere/", {"a": big})
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large."}


@pytest.mark.django_db
def test_a_failed_csrf_check_under_api_is_json(editor_session):
    response = editor_session.post("/api/v1/nowhere/", {"a": "b"})
    assert response.status_code == 403
    assert response.json() == {"detail": "CSRF check failed; send the X-CSRFToken header."}
    assert "<html" in Client(enforce_csrf_checks=True).post("/admin/login/", {}).content.decode()


@pytest.fixture
def editor_session(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_with("change_nation", username="session-editor"))
    return client


# --- server errors ------------------------------------------------------------------------


def explode(*args, **kwargs):
    raise RuntimeError(SECRET_TEXT)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/nations/", "/api/v1/nations/?format=csv"])
def test_an_api_server_error_is_json_without_internals(api, monkeypatch, path):
    monkeypatch.setattr(prefetch, "nations", explode)
    api.raise_request_exception = False
    response = api.get(path)
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Server error."}
    assert_no_internals(response.content.decode())


@pytest.mark.django_db
def test_a_database_error_in_the_api_is_json_without_internals(api, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError(SECRET_TEXT)

    monkeypatch.setattr(prefetch, "nations", broken)
    api.raise_request_exception = False
    response = api.get("/api/v1/nations/")
    # A database that does not answer is unavailable (503, issue 17), not a bug.
    assert response.status_code == 503
    assert list(response.json()) == ["detail"]
    assert_no_internals(response.content.decode())


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)  # the urlpatterns below: a view that fails
def test_an_error_outside_the_api_views_is_still_json_under_api(client):
    client.raise_request_exception = False
    response = client.get("/api/v1/boom/")
    assert response.status_code == 500
    assert response.json() == {"detail": "Server error."}
    assert_no_internals(response.content.decode())


@pytest.mark.django_db
def test_an_html_server_error_shows_the_500_page_without_internals(client, monkeypatch):
    import importlib

    monkeypatch.setattr(importlib.import_module("partnerships.views.home"), "render", explode)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body
    assert_no_internals(body)


# --- /healthz without a database ----------------------------------------------------------


@pytest.mark.django_db
def test_healthz_is_200_with_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_refuses(client, monkeypatch):
    def refused(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", refused)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert "refused" not in response.content.decode()


@pytest.mark.parametrize(
    "database_url",
    [
        "postgres://postgres@127.0.0.1:1/nope",  # nothing listens on port 1
        "sqlite:////nonexistent-directory/militarydiplo.sqlite3",
    ],
)
def test_healthz_is_503_in_a_process_whose_database_is_unreachable(database_url):
    code = """
        import django
        django.setup()
        from django.test import Client
        response = Client().get("/healthz")
        print(response.status_code, response.content.decode())
        """
    result = run_django(code, drop=("DEBUG", "REDIS_URL"), timeout=60, DATABASE_URL=database_url)
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "503"
    assert json.loads(body)["status"] == "unavailable"


# --- all or nothing -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_partnership_whose_member_insert_fails_leaves_no_row(monkeypatch, france, india):
    saved = PartnershipMember.save

    def fail_second(self, *args, **kwargs):
        if PartnershipMember.objects.exists():
            raise IntegrityError("disk full")
        return saved(self, *args, **kwargs)

    monkeypatch.setattr(PartnershipMember, "save", fail_second)
    with pytest.raises(IntegrityError):
        services.partnership_create(
            name="France-India",
            slug="france-india",
            kind="bilateral",
            start_date=datetime.date(2001, 5, 1),
            members=[france, india],
        )
    assert not Partnership.objects.exists()
    assert not PartnershipMember.objects.exists()
    assert connection.in_atomic_block  # only pytest's own transaction is left open


@pytest.mark.django_db
def test_a_failed_api_write_leaves_nothing_half_written(monkeypatch, france, india):
    def fail(self, *args, **kwargs):
        raise IntegrityError("disk full")

    monkeypatch.setattr(PartnershipMember, "save", fail)
    client = client_for(user_with("add_partnership"))
    body = {"name": "France-India", "kind": "bilateral", "members": ["france", "india"]}
    response = client.post("/api/v1/partnerships/", body, format="json")
    assert response.status_code == 400
    assert_no_internals(response.content.decode())
    assert "disk full" not in response.content.decode()
    assert not Partnership.objects.exists()

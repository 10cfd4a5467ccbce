"""A database that stops answering (the primary down) gives a clear 503, never a 500,
and nothing of the refused write is kept."""

import pytest
from django.db import OperationalError

from partnerships.api.views import CatalogueViewSet
from partnerships.models import Nation
from tests.api_support import client_for, user_with


@pytest.fixture
def primary_down_on_save(monkeypatch):
    def save(self, *args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(Nation, "save", save)


def test_an_api_write_gets_a_503_json_error(db, primary_down_on_save):
    api = client_for(user_with("add_nation"))
    response = api.post(
        "/api/v1/nations/", {"name": "Atlantis", "slug": "atlantis", "iso2": "AT"}, format="json"
    )
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "unavailable" in response.json()["detail"]
    assert not Nation.objects.filter(slug="atlantis").exists()


def test_the_admin_gets_a_503_page(admin_client, monkeypatch):
    from django.contrib import admin

    def lost(request):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(admin.site._registry[Nation], "get_queryset", lost)
    response = admin_client.get("/admin/partnerships/nation/")
    assert response.status_code == 503
    assert "cannot take changes" in response.content.decode()
    assert response["Retry-After"]


def test_a_read_that_loses_the_database_gets_a_503_not_a_500(client, db, monkeypatch):
    def lost(self, request, *args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(CatalogueViewSet, "list", lost)
    response = client.get("/api/v1/nations/")
    assert response.status_code == 503
    assert "detail" in response.json()

"""Friendly error pages and permanent redirects from a renamed record's old slug."""

import importlib

import pytest
from django.template import Context, Engine, loader
from django.test import override_settings

from tests import factories


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_unknown_page_renders_the_friendly_404(client):
    response = client.get("/nowhere-at-all/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "<title>Page not found · militarydiplo</title>" in body
    assert "<code>/nowhere-at-all/</code>" in body
    assert 'action="/search/"' in body and '<nav class="site-nav"' in body
    assert '<meta name="robots" content="noindex">' in body


@pytest.mark.django_db
@override_settings(DEBUG=False)
@pytest.mark.parametrize(
    "kind", ["nations", "organizations", "partnerships", "exercises", "engagements"]
)
def test_unknown_record_is_404(client, kind):
    assert client.get(f"/{kind}/atlantis/").status_code == 404


def test_500_page_renders_without_context_processors_or_database():
    # Django renders 500.html with an empty Context; it must need nothing else.
    template = loader.get_template("500.html")
    body = template.render({})
    assert "Something went wrong" in body
    engine = Engine(dirs=[str(template.origin.name).rsplit("/", 1)[0]])
    assert "Something went wrong" in engine.get_template("500.html").render(Context())


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_server_error_answers_with_the_500_page(client, monkeypatch):
    home_module = importlib.import_module("partnerships.views.home")

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(home_module, "render", explode)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory", "prefix"),
    [
        (factories.NationFactory, "/nations/"),
        (factories.OrganizationFactory, "/organizations/"),
        (factories.PartnershipFactory, "/partnerships/"),
        (factories.ExerciseFactory, "/exercises/"),
        (factories.EngagementFactory, "/engagements/"),
    ],
)
def test_renamed_record_old_slug_redirects_permanently(client, factory, prefix):
    record = factory(slug="old-name")
    record.slug = "new-name"
    record.save()
    response = client.get(f"{prefix}old-name/?page=2")
    assert response.status_code == 301
    assert response["Location"] == f"{prefix}new-name/?page=2"
    assert client.get(f"{prefix}new-name/").status_code == 200
    assert client.get(f"{prefix}never-existed/").status_code == 404


@pytest.mark.django_db
def test_old_slug_of_another_kind_does_not_redirect(client):
    nation = factories.NationFactory(slug="shared-old")
    nation.slug = "renamed-nation"
    nation.save()
    assert client.get("/organizations/shared-old/").status_code == 404

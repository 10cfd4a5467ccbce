"""Bad input, on purpose, in what editors send: every API write field gets oversized,
malformed and hostile values (tests/hostile_input.py), and the bodies themselves are
malformed. None may answer 500, errors are JSON naming the field, and what hostile text is
stored shows escaped. Reads: tests/test_security_input.py."""

import json
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings

from partnerships.api import views as api_views
from partnerships.models import (
    Article,
    Engagement,
    Exercise,
    Nation,
    Organization,
    Partnership,
    Source,
)
from tests.api_support import client_for, user_with
from tests.hostile_input import RAW_TAGS, SHAPES, TEXT, XSS, check_api, check_html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]


# --- every API write field ----------------------------------------------------------------

RESOURCES = {
    "nations": (api_views.NationViewSet, Nation, "japan"),
    "organizations": (api_views.OrganizationViewSet, Organization, "nato"),
    "partnerships": (api_views.PartnershipViewSet, Partnership, "us-japan-security-treaty"),
    "exercises": (api_views.ExerciseViewSet, Exercise, "rimpac-2024"),
    "engagements": (api_views.EngagementViewSet, Engagement, "malabar-dialogue"),
    "articles": (api_views.ArticleViewSet, Article, "why-alliances-last"),
    "sources": (api_views.SourceViewSet, Source, "treaty-text"),
}


WRITABLE = [
    "nation",
    "organization",
    "partnership",
    "exercise",
    "engagement",
    "article",
    "source",
    "topic",
]


@pytest.fixture
def writer(db):
    codenames = [f"{action}_{model}" for model in WRITABLE for action in ("add", "change", "view")]
    return client_for(user_with(*codenames, "publish_article", username="fuzzer"))


def write_fields(viewset):
    serializer = viewset.write_serializer_class()
    return [name for name, field in serializer.fields.items() if not field.read_only]


def html_url(model, pk):
    return model.objects.get(pk=pk).get_absolute_url()


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_api_write_field_survives_bad_input(writer, client, catalogue, resource):
    viewset, model, slug = RESOURCES[resource]
    pk = model.objects.get(slug=slug).pk
    accepted_xss = []
    values = {**TEXT, **SHAPES}
    for field in write_fields(viewset):
        for name, value in values.items():
            current = model.objects.get(pk=pk).slug
            url = f"/api/v1/{resource}/{current}/"
            what = f"PATCH {resource}.{field} = {name}"
            body = json.dumps({field: value})  # escapes a lone surrogate, as a client may
            response = writer.patch(url, body, content_type="application/json")
            check_api(response, what)
            if response.status_code == 200 and name == "xss":
                accepted_xss.append(field)
            if response.status_code == 400:
                assert field in response.json() or "non_field_errors" in response.json(), what
        # A new record whose one field is hostile.
        response = writer.post(f"/api/v1/{resource}/", {field: XSS}, format="json")
        check_api(response, f"POST {resource}.{field}")
    # Whatever hostile text was stored shows escaped on the record's page.
    if accepted_xss and model.objects.get(pk=pk).get_absolute_url():
        if model is Article:
            Article.objects.filter(pk=pk).update(status="published")
        check_html(client.get(html_url(model, pk)), f"{resource} page after {accepted_xss}")


def test_stored_xss_is_escaped_on_record_and_list_pages(writer, client, catalogue):
    response = writer.patch(
        "/api/v1/partnerships/us-japan-security-treaty/",
        {"name": XSS, "description": XSS},
        format="json",
    )
    assert response.status_code == 200
    for url in (
        "/partnerships/us-japan-security-treaty/",
        "/partnerships/",
        "/nations/japan/",
        "/relations/japan/united-states/",
        f"/search/?q={quote('script')}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for tag in RAW_TAGS:
            assert tag not in body, url


@pytest.mark.parametrize(
    ("body", "what"),
    [
        ("[" * 50_000 + "]" * 50_000, "deeply nested JSON"),
        ('{"name": "\\ud800", "description": "\\udfff"}', "escaped lone surrogates"),
        (b'{"name": "\xff\xfe"}', "invalid UTF-8"),
        ("null", "JSON null"),
        ("[]", "a list, not an object"),
        ('"just a string"', "a string"),
        ("NaN", "NaN"),
        ('{"members": [' + ",".join(['"japan"'] * 5000) + "]}", "5,000 members"),
    ],
)
def test_malformed_json_bodies_are_400_json(writer, catalogue, body, what):
    for method, url in [
        ("post", "/api/v1/partnerships/"),
        ("patch", "/api/v1/partnerships/us-japan-security-treaty/"),
    ]:
        response = getattr(writer, method)(url, body, content_type="application/json")
        check_api(response, f"{method} {what}")
        assert response.status_code == 400, f"{method} {what}: {response.status_code}"


@pytest.mark.parametrize(
    ("body", "what"),
    [
        ('{"name": "a", "name": "b"}', "duplicate keys"),
        ("", "empty body"),
        ('{"name": 1e999}', "an infinite number (the name becomes 'inf')"),
    ],
)
def test_odd_but_valid_json_bodies_are_not_errors_of_ours(writer, catalogue, body, what):
    url = "/api/v1/partnerships/us-japan-security-treaty/"
    check_api(writer.patch(url, body, content_type="application/json"), what)


def test_a_body_just_under_the_limit_is_handled(writer, catalogue):
    room = django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE - 100
    body = json.dumps({"description": "x" * room})
    response = writer.patch("/api/v1/nations/japan/", body, content_type="application/json")
    check_api(response, "a large description")

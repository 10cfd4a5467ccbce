"""Bad input, on purpose: every filter of every list (HTML and API), the search, relations,
network and point-in-time pages, and every API write field get oversized, malformed and
hostile values. None may answer 500, API errors are JSON, and HTML never carries an
injected tag unescaped."""

import json
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings

from partnerships import filters
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
from tests import factories
from tests.api_support import client_for, user_with

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"
RAW_TAGS = ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>")
# Hostile text, as Python strings (encoded into query strings and JSON bodies).
TEXT = {
    "nul": "ja\x00pan",
    "rtl-override": "\u202egnp.exe\u202c",
    "10k": "x" * 10_000,
    "sql": "japan' OR '1'='1'; DROP TABLE partnerships_nation; --",
    "xss": XSS,
    "unicode": "日本 🇯🇵 Ω\u0301 \ufeff\u200b",
    "control": "\x01\x1b[31m\x7f",
    "blank": "   ",
    "huge-number": "9" * 40,
    "negative": "-1",
    "float-overflow": "1e999",
    "bad-date": "2024-13-45",
    "traversal": "../../../etc/passwd",
    "like-wildcards": "%_%\\",
}
# Raw query-string values that are not UTF-8 at all once decoded.
RAW_QUERY = {
    "lone-surrogate": "%ED%A0%80",
    "invalid-utf8": "%FF%FE%C3",
    "double-encoded-nul": "%2500",
}
# JSON values of the wrong shape, for write fields.
SHAPES = {
    "null": None,
    "true": True,
    "big-int": 10**40,
    "float": 1.5e308,
    "list": ["japan", XSS],
    "object": {"nation": XSS, "role": "\x00"},
    "list-of-objects": [{"nation": "ja\x00pan"}, {"nation": "\ud800"}],
    "lone-surrogate": "\ud800",
}


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    # Hundreds of requests per test: the suite looks for 500s, not for 429s.
    rates = {"anon": "1000000/min", "user": "1000000/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


@pytest.fixture
def catalogue(world):
    factories.TopicFactory(slug="alliances")
    return world


def query_values():
    for name, text in TEXT.items():
        yield name, quote(text, safe="")
    yield from RAW_QUERY.items()


def check_html(response, what):
    assert response.status_code < 500, f"{what}: {response.status_code}"
    if response.get("Content-Type", "").startswith("text/html"):
        body = response.content.decode("utf-8", "replace")
        for tag in RAW_TAGS:
            assert tag not in body, f"{what}: unescaped {tag}"


def check_api(response, what):
    assert response.status_code < 500, f"{what}: {response.status_code}"
    if response.status_code >= 400:
        assert response["Content-Type"].startswith("application/json"), what
        response.json()


# --- every filter of every list -----------------------------------------------------------

HTML_LISTS = {
    "/nations/": filters.NationFilter,
    "/organizations/": filters.OrganizationFilter,
    "/partnerships/": filters.PartnershipFilter,
    "/exercises/": filters.ExerciseFilter,
    "/engagements/": filters.EngagementFilter,
    "/articles/": filters.ArticleFilter,
}
API_LISTS = {
    f"/api/v1/{resource}/": viewset.filterset_class
    for resource, viewset in [
        ("nations", api_views.NationViewSet),
        ("organizations", api_views.OrganizationViewSet),
        ("partnerships", api_views.PartnershipViewSet),
        ("exercises", api_views.ExerciseViewSet),
        ("engagements", api_views.EngagementViewSet),
        ("articles", api_views.ArticleViewSet),
        ("sources", api_views.SourceViewSet),
    ]
}
PAGING = ["page", "page_size", "ordering"]
CSV_SAMPLE = {"nul", "lone-surrogate", "sql", "10k"}  # CSV shares the JSON list's filtering


def list_params(lists, extra=()):
    return [
        (url, param)
        for url, filterset in lists.items()
        for param in dict.fromkeys([*filterset.base_filters, *PAGING, *extra])
    ]


@pytest.mark.parametrize(("url", "param"), list_params(HTML_LISTS))
def test_html_list_filters_survive_bad_input(client, catalogue, url, param):
    for name, value in query_values():
        check_html(client.get(f"{url}?{param}={value}"), f"{url}?{param}= {name}")
    many = "&".join(f"{param}={quote(text, safe='')}" for text in TEXT.values())
    check_html(client.get(f"{url}?{many}"), f"{url} with {param} repeated")


@pytest.mark.parametrize(("url", "param"), list_params(API_LISTS, extra=["format"]))
def test_api_list_filters_survive_bad_input(api, catalogue, url, param):
    for name, value in query_values():
        check_api(api.get(f"{url}?{param}={value}"), f"{url}?{param}= {name}")
        if param != "format" and name in CSV_SAMPLE:
            check_api(api.get(f"{url}?format=csv&{param}={value}"), f"csv {param}= {name}")


def test_xss_in_a_filter_is_escaped_in_the_page(client, catalogue):
    response = client.get(f"/partnerships/?q={quote(XSS)}&year={quote(XSS)}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    for tag in RAW_TAGS:
        assert tag not in body


# --- search, relations, network, point in time --------------------------------------------

PAGES = [
    ("/search/", ["q", "kind", "page"]),
    ("/api/v1/search/", ["q"]),
    ("/relations/", ["a", "b"]),
    ("/relations/japan/united-states/", ["year", "kind"]),
    ("/api/v1/relations/japan/united-states/", ["year", "kind"]),
    ("/network/", ["year", "kind"]),
    ("/api/v1/network/", ["year", "kind"]),
    ("/alliances/", ["a", "b", "year"]),
    ("/api/v1/allied/", ["a", "b", "year"]),
    ("/organizations/nato/members/", ["on"]),
    ("/api/v1/organizations/nato/members/", ["on"]),
]


@pytest.mark.parametrize(("url", "params"), PAGES, ids=[url for url, _ in PAGES])
def test_search_relations_network_and_point_in_time_survive_bad_input(
    client, catalogue, url, params
):
    check = check_api if url.startswith("/api/") else check_html
    for param in params:
        for name, value in query_values():
            check(client.get(f"{url}?{param}={value}"), f"{url}?{param}= {name}")
    # Every parameter hostile at once, and the pair questions with one good nation.
    together = "&".join(f"{param}={quote(XSS)}" for param in params)
    check(client.get(f"{url}?{together}"), f"{url} all hostile")
    if "a" in params:
        for name, value in query_values():
            check(client.get(f"{url}?a=japan&b={value}&year=1995"), f"{url} b= {name}")


@pytest.mark.parametrize(
    "prefix",
    ["/nations/", "/relations/japan/", "/api/v1/nations/", "/api/v1/relations/japan/"],
)
def test_hostile_slugs_in_paths_are_404_not_500(client, catalogue, prefix):
    check = check_api if prefix.startswith("/api/") else check_html
    for name, value in [*query_values(), ("unicode-word", quote("日本"))]:
        response = client.get(f"{prefix}{value}/")
        check(response, f"{prefix}{name}")
        assert response.status_code in (301, 400, 404), f"{prefix}{name}"


def test_the_search_page_escapes_what_it_echoes(client, catalogue):
    response = client.get(f"/search/?q={quote(XSS)}")
    assert response.status_code == 200
    assert "&lt;script&gt;" in response.content.decode()
    for tag in RAW_TAGS:
        assert tag not in response.content.decode()


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

"""Bad input, on purpose, in what readers send: every filter of every list (HTML and API),
and the search, relations, network and point-in-time pages, get oversized, malformed and
hostile values (tests/hostile_input.py). None may answer 500, API errors are JSON, and HTML
never carries an injected tag unescaped. Writes: tests/test_security_writes.py."""

from urllib.parse import quote

import pytest

from partnerships import filters
from partnerships.api import views as api_views
from tests.hostile_input import RAW_TAGS, TEXT, XSS, check_api, check_html, query_values

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]


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

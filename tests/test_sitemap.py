"""/sitemap.xml (an index of one sitemap per kind of record) and /robots.txt."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.sitemaps import SITEMAPS
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(world):
    """The shared world (a record of every kind, a published article and a draft), and an
    article scheduled for later."""
    factories.ArticleFactory(
        slug="scheduled-article", published_at=timezone.now() + datetime.timedelta(days=3)
    )
    return world


def locations(xml):
    return re.findall(r"<loc>([^<]+)</loc>", xml)


def test_sitemap_index_lists_a_section_per_kind(client, records):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    sections = locations(response.content.decode())
    assert sections == [f"http://testserver/sitemap-{name}.xml" for name in SITEMAPS]


def test_sections_list_every_public_record(client, records):
    urls = []
    for name in SITEMAPS:
        response = client.get(f"/sitemap-{name}.xml")
        assert response.status_code == 200
        urls += locations(response.content.decode())

    paths = {url.removeprefix("http://testserver") for url in urls}
    for expected in (
        reverse("partnerships:nation-detail", args=["united-states"]),
        reverse("partnerships:organization-detail", args=["nato"]),
        reverse("partnerships:partnership-detail", args=["us-japan-security-treaty"]),
        reverse("partnerships:exercise-detail", args=["rimpac-2024"]),
        reverse("partnerships:engagement-detail", args=["malabar-dialogue"]),
        reverse("partnerships:article-detail", args=["why-alliances-last"]),
        reverse("partnerships:network"),
        "/",
    ):
        assert expected in paths
    assert not any("unfinished" in path or "scheduled-article" in path for path in paths)


def test_sitemap_section_has_lastmod(client, records):
    xml = client.get("/sitemap-nations.xml").content.decode()

    assert "<lastmod>" in xml


def test_unknown_section_or_page_is_404(client, records):
    assert client.get("/sitemap-secrets.xml").status_code == 404
    assert client.get("/sitemap-nations.xml", {"p": "99"}).status_code == 404
    assert client.get("/sitemap-nations.xml", {"p": "x"}).status_code == 404


def test_sitemap_query_budget(client, django_assert_max_num_queries):
    for _ in range(20):
        factories.NationFactory()

    with django_assert_max_num_queries(3):
        assert client.get("/sitemap-nations.xml").status_code == 200


def test_robots_txt(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines and "Disallow: /api/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines

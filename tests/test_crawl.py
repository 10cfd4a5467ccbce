"""Crawl the whole public site from / and follow every internal link: nothing is broken.

A small but complete catalogue (every kind of record, a published article) is enough to
reach every page template. Assets (stylesheets, scripts, images, fonts) must be served
by the site itself; only plain <a href> links may point elsewhere (source citations).
"""

import datetime
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

import pytest

from partnerships.models import NationAlias
from tests import factories

pytestmark = pytest.mark.django_db

D = datetime.date
MAX_PAGES = 1000  # a safety net: the crawl below visits far fewer
LINK_ATTRIBUTES = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []  # (tag, url)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if (tag, name) in LINK_ATTRIBUTES and value:
                self.links.append((tag, value))
            if tag == "link" and name == "rel" and value == "canonical":
                self.links.append(("canonical", dict(attrs).get("href", "")))


@pytest.fixture
def catalogue(world, usa, japan, france):
    """The shared world (every kind of record, a published article and a draft), and what
    else a page template links to: an alias, an observer, engagements with roles, a topic,
    an article whose body links inside and outside the site, a partnership in the past."""
    NationAlias.objects.create(nation=usa, name="USA")
    factories.ParticipationFactory(exercise=world["exercise"], nation=france, role="observer")
    engagement = factories.EngagementFactory(
        name="US-Japan 2+2", slug="us-japan-2-plus-2", kind="defence_dialogue"
    )
    factories.EngagementPartyFactory(engagement=engagement, nation=usa, role="partner")
    factories.EngagementPartyFactory(engagement=engagement, nation=japan, role="partner")
    aid = factories.EngagementFactory(name="Aid to France", slug="aid-france", kind="military_aid")
    factories.EngagementPartyFactory(engagement=aid, nation=usa, role="provider")
    factories.EngagementPartyFactory(engagement=aid, nation=france, role="recipient")
    topic = factories.TopicFactory(name="Alliances", slug="alliances")
    world["article"].topics.add(topic)
    reading = factories.ArticleFactory(
        title="Reading the treaty",
        slug="reading-the-treaty",
        body="See [the treaty](https://www.mofa.go.jp/treaty) and [NATO](/organizations/nato/).",
    )
    reading.topics.add(topic)
    reading.partnerships.add(world["treaty"])
    reading.sources.add(world["source"])
    past = factories.PartnershipFactory(
        name="Old pact", slug="old-pact", start_date=D(1950, 1, 1), end_date=D(1960, 1, 1)
    )
    factories.PartnershipMemberFactory(partnership=past, nation=france, left=D(1955, 1, 1))
    factories.PartnershipMemberFactory(partnership=past, nation=usa)
    return world


def test_every_internal_link_answers(client, catalogue):
    host = "testserver"
    queue, seen = deque(), set()
    # The home page, plus what a crawler or a visitor reaches without a link on it.
    for start in ("/", "/sitemap.xml", "/robots.txt", "/search/?q=japan"):
        _enqueue(f"http://{host}{start}", queue, seen)
    broken, outside_assets, pages = [], [], 0
    visited_paths = set()

    while queue and pages < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        pages += 1
        visited_paths.add(urlsplit(path).path)
        if response.status_code in (301, 302, 303, 307, 308):
            target = urljoin(f"http://{host}{path}", response["Location"])
            if urlsplit(target).netloc == host:
                _enqueue(target, queue, seen)
            continue
        if response.status_code >= 400:
            broken.append((path, response.status_code))
            continue
        content_type = response.get("Content-Type", "")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if content_type.startswith("text/css"):
            for url in CSS_URL.findall(body.decode()):
                target = urljoin(f"http://{host}{path}", url)
                if urlsplit(target).scheme == "data":
                    continue
                if urlsplit(target).netloc != host:
                    outside_assets.append((path, url))
                else:
                    _enqueue(target, queue, seen)
            continue
        if content_type.startswith("application/xml"):  # the sitemaps
            for url in re.findall(r"<loc>([^<]+)</loc>", body.decode()):
                assert urlsplit(url).netloc == host, url
                _enqueue(url, queue, seen)
            continue
        if not content_type.startswith("text/html"):
            continue
        parser = LinkParser()
        parser.feed(body.decode())
        for tag, url in parser.links:
            target = urljoin(f"http://{host}{path}", url)
            parts = urlsplit(target)
            if parts.scheme in {"mailto", "tel", "data"}:
                continue
            if parts.netloc != host:
                if tag != "a":  # stylesheets, scripts, images, fonts: local only
                    outside_assets.append((path, url))
                continue
            if tag != "canonical":
                _enqueue(target, queue, seen)

    assert pages < MAX_PAGES
    assert broken == []
    assert outside_assets == []
    # The crawl really went everywhere: one page of every kind was reached.
    for expected in (
        "/nations/japan/",
        "/organizations/nato/",
        "/partnerships/us-japan-security-treaty/",
        "/exercises/rimpac-2024/",
        "/engagements/us-japan-2-plus-2/",
        "/articles/why-alliances-last/",
        "/articles/reading-the-treaty/",
        "/network/",
        "/search/",
        "/sitemap-exercises.xml",
        "/static/css/site.css",
    ):
        assert expected in visited_paths, f"{expected} was never reached"
    assert "/articles/unfinished/" not in visited_paths  # the shared world's draft


def _enqueue(url, queue, seen):
    url, _ = urldefrag(url)
    parts = urlsplit(url)
    if parts.path.startswith("/admin/"):
        return  # the editor's tool: not part of the public site's link graph
    # One URL per path and set of parameter names: sort and filter links multiply fast,
    # and the values of a parameter all go through the same code.
    key = (parts.path, tuple(sorted({name for name, _ in parse_qsl(parts.query, True)})))
    if key not in seen:
        seen.add(key)
        queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))

"""Trust on the page (issue 18, item 6): sources on nation and comparison pages, what each
list covers, and the partial-list rule: an exercise whose participant list is partial says
so and is left out of "closest partners"."""

import datetime
import re

import pytest
from django.urls import reverse

from partnerships.models import Nation
from tests import factories

D = datetime.date
pytestmark = pytest.mark.django_db


def text(response):
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def cited(usa, japan, us_japan_treaty, nato):
    us_japan_treaty.sources.add(
        factories.SourceFactory(title="Treaty of Mutual Cooperation and Security, text")
    )
    nato.memberships.get(nation=usa).sources.add(
        factories.SourceFactory(title="NATO member countries", accessed=D(2025, 5, 2))
    )
    exercise = factories.ExerciseFactory(name="Keen Sword 23", slug="keen-sword-23", host=japan)
    exercise.sources.add(factories.SourceFactory(title="Keen Sword 23 press release"))
    for nation in (usa, japan):
        factories.ParticipationFactory(exercise=exercise, nation=nation)
    return exercise


def sources_section(body):
    return re.search(r'<section aria-labelledby="sources-title">.*?</section>', body, re.S).group(0)


def test_a_nation_page_cites_its_memberships_and_partnerships(client, usa, cited):
    sources = sources_section(text(client.get(usa.get_absolute_url())))
    assert "Treaty of Mutual Cooperation and Security, text" in sources
    assert "NATO member countries" in sources
    assert "Accessed 2 May 2025" in sources


def test_the_comparison_cites_what_both_share(client, usa, japan, cited):
    body = text(client.get(reverse("partnerships:relations", args=["united-states", "japan"])))
    sources = sources_section(body)
    assert "Treaty of Mutual Cooperation and Security, text" in sources
    assert "Keen Sword 23 press release" in sources
    assert "NATO member countries" not in sources  # Japan is no NATO member


@pytest.mark.parametrize(
    ("page", "says"),
    [
        ("exercise-list", "3 exercises from 2017 to 2024 in all; a selection of major"),
        ("nation-list", "nations in all; every state of the Correlates of War"),
        ("partnership-list", "partnerships from 1960 to 1960 in all; the alliances of the ATOP"),
    ],
)
def test_every_list_says_what_the_catalogue_covers(client, usa, us_japan_treaty, page, says):
    for year in (2017, 2024, 2020):
        factories.ExerciseFactory(start_date=D(year, 3, 1), end_date=D(year, 3, 9))
    body = text(client.get(reverse(f"partnerships:{page}"), {"year": "2020"}))
    coverage = re.search(r'<p class="coverage meta">(.*?)</p>', body, re.S).group(1)
    coverage = re.sub(r"<[^>]+>", "", coverage)
    assert says.replace("1960 to 1960", "1960") in coverage


@pytest.fixture
def partial_world(usa, japan, france, india):
    """Japan shares one complete exercise with France; with India, two whose lists are
    partial (a cyber exercise naming 5 of 38 countries, say)."""
    complete = factories.ExerciseFactory(name="Complete", slug="complete")
    for nation in (japan, france):
        factories.ParticipationFactory(exercise=complete, nation=nation)
    for index in range(2):
        partial = factories.ExerciseFactory(
            name=f"Partial {index}", slug=f"partial-{index}", unknown_participants=33
        )
        for nation in (japan, india):
            factories.ParticipationFactory(exercise=partial, nation=nation)
    return complete


def test_a_partial_participant_list_is_left_out_of_closest_partners(client, japan, partial_world):
    partners = {n.slug: n.shared_exercises for n in Nation.objects.with_ties_to(japan)}
    assert partners == {"france": 1}
    body = text(client.get(japan.get_absolute_url()))
    table = re.search(r'<section aria-labelledby="partners-title">.*?</section>', body, re.S)
    assert "France" in table.group(0) and "India" not in table.group(0)
    assert "partial are not counted" in table.group(0)


def test_a_partial_participant_list_says_so(client, partial_world):
    body = text(client.get("/exercises/partial-0/"))
    assert "Partial list: the source records 33 participants it does not name." in body
    listing = text(client.get("/exercises/"))
    row = re.search(r"Partial 0</a>.*?</tr>", listing, re.S).group(0)
    assert 'class="partial"' in row


def test_article_citations_are_numbered_in_the_text(client):
    article = factories.ArticleFactory(
        body="The 1960 treaty binds both [@treaty-text]; the guidelines followed [@guidelines]. "
        "An unknown [@nowhere] stays as written."
    )
    article.sources.add(
        factories.SourceFactory(slug="guidelines", title="Guidelines", published=D(1997, 9, 23)),
        factories.SourceFactory(slug="treaty-text", title="Treaty", published=D(1960, 1, 19)),
    )
    body = text(client.get(article.get_absolute_url()))
    # Numbered as the list under the article: dated sources oldest first.
    assert 'both <sup class="citation-ref"><a href="#source-1" aria-label="Source 1">[1]' in body
    assert 'followed <sup class="citation-ref"><a href="#source-2"' in body
    assert '<li id="source-1">' in body and "[@nowhere]" in body

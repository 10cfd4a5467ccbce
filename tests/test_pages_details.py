"""Record pages and the home page: what each shows, and a query budget independent of rows."""

import datetime
import re

import pytest

from partnerships.models import Partnership
from tests import factories

D = datetime.date


def text(response):
    return response.content.decode()


@pytest.fixture
def rimpac(usa, japan, france):
    series = factories.ExerciseSeriesFactory(name="RIMPAC", slug="rimpac")
    editions = []
    for year in (2018, 2022, 2024):
        exercise = factories.ExerciseFactory(
            name=f"RIMPAC {year}",
            slug=f"rimpac-{year}",
            series=series,
            host=usa,
            start_date=D(year, 6, 27),
            end_date=D(year, 8, 1),
            location="Hawaii",
            latitude=21.3,
            longitude=-157.9,
        )
        factories.ParticipationFactory(exercise=exercise, nation=usa, role="host")
        factories.ParticipationFactory(
            exercise=exercise, nation=japan, contribution="JS Ise and 2 destroyers"
        )
        editions.append(exercise)
    return editions


@pytest.mark.django_db
def test_nation_page_lists_nato_membership_with_its_date(client, nato, usa):
    body = text(client.get(usa.get_absolute_url()))
    assert (
        "<title>United States: alliances, partnerships and exercises · militarydiplo</title>"
        in body
    )
    assert re.search(
        r"North Atlantic Treaty Organization \(NATO\)</a></th>\s*<td>Member</td>\s*"
        r'<td class="nowrap">24 August 1949</td>',
        body,
    )
    assert '<meta name="description" content="United States' in body


@pytest.mark.django_db
def test_nation_page_partnerships_exercises_engagements_and_partners(
    client, us_japan_treaty, rimpac, usa, japan, france
):
    past = factories.PartnershipFactory(
        name="Old pact", start_date=D(1950, 1, 1), end_date=D(1960, 1, 1)
    )
    factories.PartnershipMemberFactory(partnership=past, nation=usa)
    aid = factories.EngagementFactory(name="Aid to Japan", kind="military_aid")
    factories.EngagementPartyFactory(engagement=aid, nation=usa, role="provider")
    factories.EngagementPartyFactory(engagement=aid, nation=japan, role="recipient")
    body = text(client.get(usa.get_absolute_url()))
    in_force, past_part = body.split("<h3>Past</h3>")
    assert us_japan_treaty.name in in_force and "Old pact" in past_part
    assert "<h3>2024</h3>" in body and "RIMPAC 2022" in body and "lead host" in body
    assert re.search(
        r"<h3>Given</h3>\s*<ul>\s*<li><a [^>]+>Aid to Japan</a>.*Japan \(recipient\)", body, re.S
    )
    # Japan shares 1 partnership, 3 exercises and 1 engagement with the US.
    assert re.search(
        r'href="/relations/united-states/japan/">Japan</a></th>\s*'
        r'<td class="num">1</td>\s*<td class="num">3</td>\s*<td class="num">1</td>\s*'
        r'<td class="num"><strong>5</strong>',
        body,
    )
    assert 'role="img"' in body  # the memberships and partnerships timeline
    japan_body = text(client.get(japan.get_absolute_url()))
    assert re.search(r"<h3>Received</h3>\s*<ul>\s*<li><a [^>]+>Aid to Japan", japan_body)


@pytest.mark.django_db
def test_organization_page_timeline_is_an_accessible_svg(client, nato, usa, france):
    factories.MembershipFactory(
        organization=nato,
        nation=factories.NationFactory(name="Poland", slug="poland"),
        joined=D(1999, 3, 12),
    )
    factories.MembershipFactory(
        organization=nato,
        nation=factories.NationFactory(name="Czechia", slug="czechia"),
        joined=D(1999, 3, 12),
    )
    factories.MembershipFactory(
        organization=nato,
        nation=factories.NationFactory(name="Sweden", slug="sweden"),
        joined=D(2024, 3, 7),
        status="partner",
    )
    body = text(client.get(nato.get_absolute_url()))
    svg = re.search(r"<svg [^>]*>.*?</svg>", body, re.S)[0]
    assert 'role="img"' in svg
    assert re.search(
        r'aria-label="NATO: number of members over time: from 2 in 1949 to 4 in 1999', svg
    )
    assert "<title>NATO: number of members over time</title>" in svg
    assert "+2 1999" in svg  # the 1999 enlargement wave is labelled
    # Members grouped by accession year, and the table alternative next to the chart.
    assert re.search(r"<dt>1999</dt>\s*<dd><a [^>]+>Czechia</a>, <a [^>]+>Poland</a></dd>", body)
    assert "<caption>Member count after each change</caption>" in body
    assert re.search(r"Sweden</a></th>\s*<td>Partner</td>", body)
    assert "4 now" in body  # partners do not count as members


@pytest.mark.django_db
def test_partnership_page_members_obligations_and_numbered_citations(client, us_japan_treaty):
    us_japan_treaty.sources.add(
        factories.SourceFactory(title="Treaty text", publisher="MOFA", published=D(1960, 1, 19)),
        factories.SourceFactory(title="ATOP codebook", publisher="ATOP"),
    )
    us_japan_treaty.bases = True
    us_japan_treaty.save()
    body = text(client.get(us_japan_treaty.get_absolute_url()))
    assert '<ol class="citations">' in body
    citations = re.findall(
        r'<li id="source-(\d)">\s*<a href="(https://[^"]+)"><cite>([^<]+)</cite>', body
    )
    assert [(n, title) for n, _, title in citations] == [
        ("1", "ATOP codebook"),
        ("2", "Treaty text"),
    ]
    assert 'MOFA, <time datetime="1960-01-19">19 January 1960</time>' in body
    assert '<span class="badge">Defence pact</span>' in body
    assert "Provides for bases or troop presence." in body
    assert re.search(
        r"Japan</a></th>\s*<td>Member</td>\s*<td class=\"nowrap\">23 June 1960</td>", body
    )


@pytest.mark.django_db
def test_partnership_page_draws_member_spans_when_membership_changed(client, usa, france):
    pact = factories.PartnershipFactory(start_date=D(1950, 1, 1), kind="multilateral")
    factories.PartnershipMemberFactory(partnership=pact, nation=usa)
    factories.PartnershipMemberFactory(partnership=pact, nation=france, left=D(1966, 7, 1))
    assert "France: 1950-01-01 – 1966-07-01" in text(client.get(pact.get_absolute_url()))


@pytest.mark.django_db
def test_exercise_page_participants_series_and_location(client, rimpac):
    body = text(client.get(rimpac[1].get_absolute_url()))
    assert "<title>RIMPAC 2022 (27 June – 1 August 2022) · militarydiplo</title>" in body
    assert re.search(r"United States</a></th>\s*<td>Lead host</td>", body)
    assert "JS Ise and 2 destroyers" in body
    assert "Hawaii" in body and "(21.300°N, 157.900°W)" in body
    assert re.search(
        r'<a href="/exercises/rimpac-2024/">2024</a>.*<a href="/exercises/rimpac-2018/">2018</a>',
        body,
        re.S,
    )
    assert 'href="/exercises/rimpac-2022/"' not in body.split("Other editions")[1]


@pytest.mark.django_db
def test_engagement_page_parties_with_roles(client, usa, japan):
    aid = factories.EngagementFactory(name="Aid", kind="military_aid", value_usd=2500000)
    factories.EngagementPartyFactory(engagement=aid, nation=usa, role="provider")
    factories.EngagementPartyFactory(engagement=aid, nation=japan, role="recipient")
    body = text(client.get(aid.get_absolute_url()))
    assert re.search(r"United States</a></th><td>Provider</td>", body)
    assert re.search(r"Japan</a></th><td>Recipient</td>", body)
    assert "US$ 2.5 million" in body


@pytest.mark.django_db
def test_record_pages_show_published_articles_about_them(client, us_japan_treaty):
    published = factories.ArticleFactory(title="Why the 1960 treaty still matters")
    draft = factories.ArticleFactory(title="Unfinished draft", status="draft", published_at=None)
    published.partnerships.add(us_japan_treaty)
    draft.partnerships.add(us_japan_treaty)
    body = text(client.get(us_japan_treaty.get_absolute_url()))
    assert "Why the 1960 treaty still matters" in body
    assert "Unfinished draft" not in body


@pytest.mark.django_db
def test_home_page_counts_exercises_articles_and_entry_points(client, nato, rimpac):
    factories.ArticleFactory(title="Alliances explained")
    factories.ExerciseFactory(name="Future drill", start_date=D(2999, 1, 1), end_date=None)
    body = text(client.get("/"))
    assert re.search(r'<span class="number">3</span><span class="label">Nations</span>', body)
    assert "RIMPAC 2024" in body and "Future drill" in body
    assert "Alliances explained" in body
    assert 'href="/nations/?region=asia"' in body
    assert 'href="/organizations/nato/">NATO</a>' in body
    assert 'action="/search/"' in body


@pytest.mark.django_db
def test_base_layout_landmarks_and_active_section(client, usa):
    body = text(client.get("/nations/"))
    assert 'class="skip-link" href="#main"' in body and '<main id="main"' in body
    assert '<nav class="site-nav" aria-label="Main">' in body
    assert 'href="/nations/" aria-current="page">Nations' in body
    assert 'href="/exercises/" aria-current' not in body
    assert '<label for="site-search"' in body
    for link in ("/api/v1/docs/", "/feeds/articles/", "/admin/"):
        assert f'href="{link}"' in body
    assert '<meta property="og:title" content="Nations">' in body
    detail = text(client.get("/nations/united-states/?utm_source=x"))
    assert 'href="/nations/" aria-current="page"' in detail
    assert '<link rel="canonical" href="http://testserver/nations/united-states/">' in detail


def _grow(count, usa, japan, nato, treaty):
    """`count` more of everything around the US, Japan and NATO."""
    source = factories.SourceFactory()
    treaty.sources.add(source)
    series = factories.ExerciseSeriesFactory()
    for index in range(count):
        nation = factories.NationFactory()
        factories.MembershipFactory(organization=nato, nation=nation, joined=D(1950 + index, 1, 1))
        child = factories.OrganizationFactory(parent=nato)
        factories.MembershipFactory(organization=child, nation=usa)
        partnership = factories.PartnershipFactory(organization=nato)
        factories.PartnershipMemberFactory(partnership=partnership, nation=usa)
        factories.PartnershipMemberFactory(partnership=partnership, nation=nation)
        factories.PartnershipMemberFactory(partnership=treaty, nation=nation)
        exercise = factories.ExerciseFactory(
            host=usa, series=series, start_date=D(2000 + index, 1, 1)
        )
        exercise.organizations.add(nato)
        exercise.sources.add(source)
        for party in (usa, japan, nation):
            factories.ParticipationFactory(exercise=exercise, nation=party)
        engagement = factories.EngagementFactory()
        engagement.sources.add(source)
        for party, role in ((usa, "provider"), (japan, "recipient"), (nation, "partner")):
            factories.EngagementPartyFactory(engagement=engagement, nation=party, role=role)
        article = factories.ArticleFactory()
        article.nations.add(usa)
        article.organizations.add(nato)
    return exercise, engagement


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [2, 25])
def test_detail_and_home_query_budgets_do_not_grow_with_rows(
    client, usa, japan, nato, us_japan_treaty, django_assert_max_num_queries, rows
):
    exercise, engagement = _grow(rows, usa, japan, nato, us_japan_treaty)
    # Home: five counts, two exercise lists, articles, organizations. Records: the record,
    # each related table once, sources, articles; a nation also its successions and the
    # states it continues, a partnership its obligations per phase, an exercise its map.
    # The home page and the nation's "compare with" offer the picker's names: two queries,
    # then cached.
    pages = {
        "/": 11,
        usa.get_absolute_url(): 13,
        nato.get_absolute_url(): 8,
        Partnership.objects.get(pk=us_japan_treaty.pk).get_absolute_url(): 5,
        exercise.get_absolute_url(): 7,
        engagement.get_absolute_url(): 4,
    }
    for path, budget in pages.items():
        with django_assert_max_num_queries(budget):
            assert client.get(path).status_code == 200, path

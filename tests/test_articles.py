"""Articles: what the public sees, what staff preview, feeds, roles in the admin, revisions."""

import datetime
import importlib
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Article, ArticleStatus
from tests import factories

ATOM = "{http://www.w3.org/2005/Atom}"
LONG_BODY = "\n\n".join(
    [
        "## Origins",
        " ".join(["word"] * 300),
        "## Alliances & partners",
        "Text with a [link](https://example.org/).",
        "### Exercises",
        "More text.",
    ]
)


def hours(n):
    return timezone.now() + datetime.timedelta(hours=n)


@pytest.fixture
def topic(db):
    return factories.TopicFactory(name="Alliances", slug="alliances")


@pytest.fixture
def published(topic, usa, japan, us_japan_treaty, nato):
    article = factories.ArticleFactory(
        title="The alliance explained",
        slug="alliance-explained",
        summary="Why the alliance matters.",
        body=LONG_BODY,
        kind="explainer",
        author="Jane Analyst",
        published_at=hours(-48),
    )
    article.topics.add(topic)
    article.nations.add(usa, japan)
    article.partnerships.add(us_japan_treaty)
    article.organizations.add(nato)
    article.sources.add(
        factories.SourceFactory(
            title="Treaty text",
            publisher="Ministry of Foreign Affairs of Japan",
            url="https://www.mofa.go.jp/region/n-america/us/q&a/ref/1.html",
            published=datetime.date(1960, 1, 19),
        )
    )
    return article


@pytest.fixture
def draft(topic):
    article = factories.ArticleFactory(
        title="Secret draft piece",
        slug="secret-draft",
        status=ArticleStatus.DRAFT,
        published_at=None,
    )
    article.topics.add(topic)
    return article


@pytest.fixture
def scheduled(topic):
    article = factories.ArticleFactory(
        title="Scheduled future piece", slug="scheduled-future", published_at=hours(72)
    )
    article.topics.add(topic)
    return article


@pytest.fixture
def editorial_groups(db):
    """The Editors and Publishers groups, as the data migration defines them.

    Re-created here because a transactional test elsewhere flushes migration-made rows.
    """
    migration = importlib.import_module("partnerships.migrations.0002_editorial_groups")
    for name, codenames in migration.GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="partnerships", codename__in=codenames
        )
        assert permissions.count() == len(codenames)
        group.permissions.set(permissions)


@pytest.fixture
def staff_client(client, db):
    """An editor: staff, with the model permission to view articles."""
    user = User.objects.create_user("staff", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)
    return client


def feed_entries(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, required
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{required}") or "").strip(), required
        assert entry.find(f"{ATOM}link").get("href")
    return root, entries


# --- what the public sees -------------------------------------------------------------


def test_list_shows_only_published_articles_with_a_count(client, published, draft, scheduled):
    response = client.get(reverse("partnerships:article-list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The alliance explained" in html
    assert "Secret draft piece" not in html
    assert "Scheduled future piece" not in html
    assert response.context["result_count"] == 1
    assert "1 article" in html


def test_list_filters_by_topic_and_kind(client, published, topic):
    other = factories.ArticleFactory(title="Other analysis", kind="analysis")
    other.topics.add(factories.TopicFactory(name="Europe", slug="europe"))
    url = reverse("partnerships:article-list")

    by_topic = client.get(url, {"topic": "alliances"})
    assert list(by_topic.context["articles"]) == [published]
    by_kind = client.get(url, {"kind": "analysis"})
    assert list(by_kind.context["articles"]) == [other]
    both = client.get(url, {"topic": "alliances", "kind": "analysis"})
    assert list(both.context["articles"]) == []
    assert 'href="/feeds/topics/alliances/"' in by_topic.content.decode()


def test_list_names_a_bad_filter_instead_of_failing(client, published):
    response = client.get(reverse("partnerships:article-list"), {"topic": "nope", "kind": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Unknown topic: nope." in html
    assert "Select a valid choice" in html


def test_list_paginates(client, db):
    factories.ArticleFactory.create_batch(21)
    url = reverse("partnerships:article-list")
    first = client.get(url, {"kind": "analysis"})
    assert len(first.context["articles"]) == 20
    assert first.context["result_count"] == 21
    assert "kind=analysis&amp;page=2" in first.content.decode()
    assert len(client.get(url, {"page": 2}).context["articles"]) == 1


@pytest.mark.parametrize("fixture", ["draft", "scheduled"])
def test_unpublished_articles_are_404_to_the_public(client, request, fixture):
    article = request.getfixturevalue(fixture)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_non_staff_user_cannot_preview(client, draft):
    client.force_login(User.objects.create_user("reader", password="x"))
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(("codename", "sees"), [(None, False), ("view_article", True)])
def test_drafts_are_for_the_article_permission_on_pages_and_in_the_api(
    client, draft, codename, sees
):
    """One rule (querysets.sees_drafts): the model permission, not is_staff."""
    user = User.objects.create_user("staffer", password="x", is_staff=True)
    if codename:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(user)
    page = client.get(draft.get_absolute_url())
    api = client.get(f"/api/v1/articles/{draft.slug}/")
    assert (page.status_code, api.status_code) == ((200, 200) if sees else (404, 404))


def test_article_page_shows_everything_a_reader_needs(client, published):
    related = factories.ArticleFactory(title="A related published piece")
    hidden = factories.ArticleFactory(
        title="A related draft", status=ArticleStatus.DRAFT, published_at=None
    )
    published.related_articles.add(related, hidden)

    response = client.get(published.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>The alliance explained</h1>" in html
    assert "Explainer" in html
    assert "Jane Analyst" in html
    assert "2 min read" in html  # 300+ words
    assert '<nav class="toc"' in html
    assert '<a href="#section-alliances-partners">Alliances &amp; partners</a>' in html
    assert '<h2 id="section-origins">Origins</h2>' in html
    assert 'href="/articles/?topic=alliances"' in html
    # "See also": published related articles only.
    assert "A related published piece" in html
    assert "A related draft" not in html
    # The records it discusses, linked.
    assert 'href="/nations/japan/"' in html
    assert 'href="/partnerships/us-japan-security-treaty/"' in html
    assert 'href="/organizations/nato/"' in html
    # Numbered citations with publisher, date and URL.
    assert '<section class="citations"' in html and "<ol>" in html
    assert 'id="source-1"' in html
    assert "Ministry of Foreign Affairs of Japan" in html
    assert "19 January 1960" in html
    assert "https://www.mofa.go.jp/region/n-america/us/q&amp;a/ref/1.html" in html
    assert "not public" not in html
    assert "no-store" not in response.get("Cache-Control", "")


def test_short_article_has_no_table_of_contents(client, db):
    article = factories.ArticleFactory(body="## One\n\nText.\n\n## Two\n\nText.")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<nav class="toc"' not in html
    assert "1 min read" in html


def test_article_body_is_sanitised_on_the_page(client, db):
    article = factories.ArticleFactory(body='Hi <script>alert(1)</script><img src=x onerror="a()">')
    html = client.get(article.get_absolute_url()).content.decode()
    assert "alert(1)" not in html
    assert "onerror" not in html


def test_renamed_article_redirects_from_its_old_slug(client, published):
    published.slug = "alliance-explained-again"
    published.save()
    response = client.get(reverse("partnerships:article-detail", args=["alliance-explained"]))
    assert response.status_code == 301
    assert response["Location"] == "/articles/alliance-explained-again/"


def test_renamed_draft_does_not_redirect_the_public(client, draft):
    draft.slug = "secret-draft-two"
    draft.save()
    response = client.get(reverse("partnerships:article-detail", args=["secret-draft"]))
    assert response.status_code == 404


# --- staff preview --------------------------------------------------------------------


def test_staff_preview_of_a_draft_has_a_banner_and_is_not_cached(staff_client, draft):
    response = staff_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft — not public" in response.content.decode()
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert "noindex" in response.content.decode()


def test_staff_preview_of_a_scheduled_article_names_its_time(staff_client, scheduled):
    response = staff_client.get(scheduled.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Scheduled for" in html
    assert scheduled.published_at.strftime("%-d %B %Y") in html
    assert "no-store" in response["Cache-Control"]


def test_staff_list_shows_only_published_articles_too(staff_client, published, draft):
    html = staff_client.get(reverse("partnerships:article-list")).content.decode()
    assert "Secret draft piece" not in html


# --- feeds ----------------------------------------------------------------------------


def test_article_feed_is_valid_atom_with_published_articles_only(
    client, published, draft, scheduled
):
    older = factories.ArticleFactory(title="Older piece", published_at=hours(-24 * 30))
    response = client.get(reverse("partnerships:article-feed"))
    assert response.status_code == 200
    _root, entries = feed_entries(response)
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert titles == ["The alliance explained", older.title]  # newest first
    first = entries[0]
    assert first.findtext(f"{ATOM}summary") == "Why the alliance matters."
    assert first.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Jane Analyst"
    assert [c.get("term") for c in first.findall(f"{ATOM}category")] == ["Alliances"]
    assert first.find(f"{ATOM}link").get("href").endswith("/articles/alliance-explained/")
    assert b"Secret draft piece" not in response.content
    assert b"Scheduled future piece" not in response.content


def test_topic_feed_lists_only_that_topics_published_articles(
    client, published, draft, scheduled, topic
):
    factories.ArticleFactory(title="Untagged piece")
    response = client.get(reverse("partnerships:topic-feed", args=[topic.slug]))
    assert response.status_code == 200
    root, entries = feed_entries(response)
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["The alliance explained"]
    assert "Alliances" in root.findtext(f"{ATOM}title")


def test_unknown_topic_feed_is_404(client, db):
    assert client.get(reverse("partnerships:topic-feed", args=["nope"])).status_code == 404


def test_pages_advertise_the_feed(client, db):
    html = client.get(reverse("partnerships:article-list")).content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/feeds/articles/"' in html


# --- records show the articles that discuss them --------------------------------------


def test_related_articles_tag_shows_only_published_articles(published, draft, scheduled, japan):
    draft.nations.add(japan)
    scheduled.nations.add(japan)
    html = Template("{% load article_tags %}{% related_articles nation.articles.all %}").render(
        Context({"nation": japan})
    )
    assert "The alliance explained" in html
    assert "Secret draft piece" not in html
    assert "Scheduled future piece" not in html


def test_related_articles_tag_renders_nothing_without_articles(japan):
    html = Template("{% load article_tags %}{% related_articles nation.articles.all %}").render(
        Context({"nation": japan})
    )
    assert html.strip() == ""


# --- query budgets --------------------------------------------------------------------


def _many_articles(count, topics, sources):
    topic_rows = factories.TopicFactory.create_batch(topics)
    source_rows = factories.SourceFactory.create_batch(sources)
    nations = factories.NationFactory.create_batch(3)
    articles = factories.ArticleFactory.create_batch(count)
    for article in articles:
        article.topics.add(*topic_rows)
        article.sources.add(*source_rows)
        article.nations.add(*nations)
        article.related_articles.add(*articles[:5])
    return articles


@pytest.mark.parametrize(("count", "topics", "sources"), [(2, 1, 1), (25, 6, 8)])
def test_article_list_query_budget(
    db, client, django_assert_max_num_queries, count, topics, sources
):
    _many_articles(count, topics, sources)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("partnerships:article-list"))
    assert response.status_code == 200


@pytest.mark.parametrize(("count", "topics", "sources"), [(2, 1, 1), (12, 6, 8)])
def test_article_page_query_budget(
    db, client, django_assert_max_num_queries, count, topics, sources
):
    article = _many_articles(count, topics, sources)[0]
    with django_assert_max_num_queries(10):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200


def test_feed_query_budget(db, client, django_assert_max_num_queries):
    _many_articles(15, 5, 2)
    with django_assert_max_num_queries(2):
        assert client.get(reverse("partnerships:article-feed")).status_code == 200


# --- history --------------------------------------------------------------------------


def test_saving_an_article_twice_through_the_admin_keeps_two_revisions_with_the_user(
    client, editorial_groups
):
    editor = User.objects.create_user("ed", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    add = client.post(reverse("admin:partnerships_article_add"), admin_form())
    assert add.status_code == 302, _form_errors(add)
    article = Article.objects.get(slug="new-piece")
    change_url = reverse("admin:partnerships_article_change", args=[article.pk])
    edit = client.post(change_url, admin_form(article, title="New piece, revised"))
    assert edit.status_code == 302, _form_errors(edit)

    revisions = list(article.history.order_by("history_date"))
    assert [revision.title for revision in revisions] == ["New piece", "New piece, revised"]
    assert {revision.history_user for revision in revisions} == {editor}


# --- roles in the admin ---------------------------------------------------------------


def admin_form(article=None, **changes):
    """The admin change form's POST data for an article (its current values + changes)."""
    data = {
        "title": "New piece",
        "slug": "new-piece",
        "summary": "Summary.",
        "body": "Body.",
        "kind": "explainer",
        "author": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "cover_caption": "",
    }
    if article is not None:
        data.update(
            title=article.title,
            slug=article.slug,
            summary=article.summary,
            body=article.body,
            kind=article.kind,
            status=article.status,
        )
        if article.published_at:
            local = timezone.localtime(article.published_at)
            data["published_at_0"] = local.strftime("%Y-%m-%d")
            data["published_at_1"] = local.strftime("%H:%M:%S")
        data["loaded_updated_at"] = article.updated_at.isoformat()
    data.update(changes)
    return data


def _form_errors(response):
    context = getattr(response, "context", None) or {}
    form = context.get("adminform")
    return form.form.errors if form else response.status_code


@pytest.fixture
def editor_client(client, editorial_groups):
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.fixture
def publisher_client(client, editorial_groups):
    user = User.objects.create_user("publisher", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Publishers"))
    client.force_login(user)
    return client


def test_anonymous_cannot_reach_the_admin(client, published):
    for url in (
        reverse("admin:partnerships_article_changelist"),
        reverse("admin:partnerships_article_change", args=[published.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_editor_can_write_a_draft(editor_client):
    response = editor_client.post(reverse("admin:partnerships_article_add"), admin_form())
    assert response.status_code == 302, _form_errors(response)
    assert Article.objects.get(slug="new-piece").status == ArticleStatus.DRAFT


def test_editor_cannot_publish_through_the_form(editor_client, draft):
    url = reverse("admin:partnerships_article_change", args=[draft.pk])
    page = editor_client.get(url).content.decode()
    assert re.search(r'<select name="status"[^>]*disabled', page)
    editor_client.post(
        url,
        admin_form(
            draft,
            status="published",
            published_at_0=timezone.now().strftime("%Y-%m-%d"),
            published_at_1="00:00:00",
        ),
    )
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.DRAFT
    assert not Article.objects.published().filter(pk=draft.pk).exists()


def test_editor_cannot_add_a_published_article(editor_client):
    editor_client.post(
        reverse("admin:partnerships_article_add"),
        admin_form(status="published", published_at_0="2020-01-01", published_at_1="00:00:00"),
    )
    assert not Article.objects.published().exists()


def test_editor_cannot_move_a_published_articles_time(editor_client, published):
    original = published.published_at
    url = reverse("admin:partnerships_article_change", args=[published.pk])
    editor_client.post(
        url,
        admin_form(published, published_at_0="2099-01-01", published_at_1="00:00:00"),
    )
    published.refresh_from_db()
    assert published.published_at == original
    assert published.status == ArticleStatus.PUBLISHED


def test_editor_can_still_edit_the_text_of_a_published_article(editor_client, published):
    url = reverse("admin:partnerships_article_change", args=[published.pk])
    response = editor_client.post(url, admin_form(published, title="Better title"))
    assert response.status_code == 302, _form_errors(response)
    published.refresh_from_db()
    assert published.title == "Better title"
    assert published.is_public


def test_editor_has_no_publish_actions(editor_client, draft):
    url = reverse("admin:partnerships_article_changelist")
    page = editor_client.get(url).content.decode()
    assert "publish_now" not in page
    editor_client.post(url, {"action": "publish_now", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.DRAFT


def test_publisher_can_publish_through_the_form(publisher_client, draft):
    url = reverse("admin:partnerships_article_change", args=[draft.pk])
    response = publisher_client.post(
        url,
        admin_form(
            draft, status="published", published_at_0="2020-01-01", published_at_1="00:00:00"
        ),
    )
    assert response.status_code == 302, _form_errors(response)
    draft.refresh_from_db()
    assert draft.is_public


def test_publish_now_and_unpublish_actions(publisher_client, draft, scheduled, published):
    url = reverse("admin:partnerships_article_changelist")
    before = published.published_at
    response = publisher_client.post(
        url, {"action": "publish_now", "_selected_action": [draft.pk, scheduled.pk, published.pk]}
    )
    assert response.status_code == 302
    for article in (draft, scheduled, published):
        article.refresh_from_db()
        assert article.is_public
    assert published.published_at == before  # already public: its date is kept

    publisher_client.post(url, {"action": "unpublish", "_selected_action": [published.pk]})
    published.refresh_from_db()
    assert published.status == ArticleStatus.DRAFT
    assert not Article.objects.published().filter(pk=published.pk).exists()
    assert published.history.first().history_user.username == "publisher"


def test_publishing_without_a_time_publishes_now(publisher_client, draft):
    url = reverse("admin:partnerships_article_change", args=[draft.pk])
    response = publisher_client.post(url, admin_form(draft, status="published"))
    assert response.status_code == 302, _form_errors(response)
    draft.refresh_from_db()
    assert draft.is_public


# --- reference articles (load_reference_data) -----------------------------------------

ARTICLE_FILE = """---
title: Test piece
slug: test-piece
summary: A summary.
kind: explainer
topics: [alliances]
author: militarydiplo editors
status: published
published_at: "2025-01-01T08:00:00Z"
related: []
nations: [{nation}]
sources:
  - {{slug: test-source, title: A source, url: "https://example.org/s", published: "2024-05-01"}}
---
## Heading

Body text.
"""
TOPICS_FILE = "- {name: Alliances, slug: alliances, description: Treaties.}\n"


def write_articles(root, body=ARTICLE_FILE, name="test-piece.md", **fields):
    directory = root / "articles"
    directory.mkdir(exist_ok=True)
    (directory / "topics.yaml").write_text(TOPICS_FILE)
    (directory / name).write_text(body.format(**{"nation": "japan", **fields}))
    return root


def load_articles(root):
    from partnerships.reference_data import load_reference_data

    return load_reference_data(root, only=["articles"])


def test_article_files_load_with_their_links_and_twice_changes_nothing(tmp_path, japan):
    write_articles(tmp_path)
    first = load_articles(tmp_path)
    article = Article.objects.get(slug="test-piece")
    assert article.is_public
    assert list(article.nations.all()) == [japan]
    assert [topic.slug for topic in article.topics.all()] == ["alliances"]
    source = article.sources.get()
    assert (source.slug, source.url, source.published) == (
        "test-source",
        "https://example.org/s",
        datetime.date(2024, 5, 1),
    )
    assert article.body.startswith("## Heading")
    assert first.changed
    revisions = article.history.count()

    second = load_articles(tmp_path)
    assert not second.changed
    assert article.history.count() == revisions


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"nation": "atlantis"}, "nations"),
        ({"nation": "japan]\ntopics: [nope"}, "topics"),
        ({"nation": "japan]\nrelated: [missing-article"}, "related"),
        ({"nation": "japan]\nexercises: [no-such-exercise"}, "exercises"),
    ],
)
def test_an_unknown_slug_stops_the_load_naming_the_field(tmp_path, japan, change, field):
    from partnerships.reference_data import ReferenceDataError

    body = ARTICLE_FILE.replace("topics: [alliances]\n", "").replace("related: []\n", "")
    if field != "topics":
        body = body.replace("kind: explainer\n", "kind: explainer\ntopics: [alliances]\n")
    write_articles(tmp_path, body=body, **change)
    with pytest.raises(ReferenceDataError) as error:
        load_articles(tmp_path)
    assert error.value.field == field
    assert error.value.slug == "test-piece"
    assert "test-piece.md" in str(error.value)
    assert not Article.objects.filter(slug="test-piece").exists()


def test_a_file_named_differently_from_its_slug_is_refused(tmp_path, japan):
    from partnerships.reference_data import ReferenceDataError

    write_articles(tmp_path, name="other-name.md")
    with pytest.raises(ReferenceDataError, match="must match the file name"):
        load_articles(tmp_path)


def test_a_published_article_needs_a_time(tmp_path, japan):
    from partnerships.reference_data import ReferenceDataError

    write_articles(
        tmp_path, body=ARTICLE_FILE.replace('published_at: "2025-01-01T08:00:00Z"\n', "")
    )
    with pytest.raises(ReferenceDataError) as error:
        load_articles(tmp_path)
    assert error.value.field == "published_at"


def test_the_reference_articles_load_cited_linked_and_related_both_ways(reference_data):
    """The shipped articles: at least six, 600-1200 words, cited, linked, related both ways."""
    from partnerships.rendering import render_markdown

    articles = list(
        Article.objects.published().prefetch_related(
            "sources", "topics", "related_articles", "nations", "organizations", "partnerships"
        )
    )
    assert len(articles) >= 6
    assert {article.kind for article in articles} >= {"explainer", "analysis", "case_study"}
    for article in articles:
        assert 600 <= render_markdown(article.body).word_count <= 1200, article.slug
        assert len(article.sources.all()) >= 3, article.slug
        assert all(source.url.startswith("http") for source in article.sources.all())
        assert article.topics.all(), article.slug
        assert article.related_articles.all(), article.slug
        assert article.nations.all() or article.organizations.all() or article.partnerships.all()
        assert article.author == "militarydiplo editors"
        for other in article.related_articles.all():
            assert article in other.related_articles.all()


@pytest.mark.parametrize("fixture", ["draft", "scheduled"])
def test_an_unpublished_article_is_invisible_everywhere_public(client, request, fixture, topic):
    article = request.getfixturevalue(fixture)
    article.title = "Zanzibar unreleased piece"
    article.save()
    slug = article.slug
    hidden_from = {
        "list": reverse("partnerships:article-list"),
        "topic list": reverse("partnerships:article-list") + "?topic=alliances",
        "feed": reverse("partnerships:article-feed"),
        "topic feed": reverse("partnerships:topic-feed", args=[topic.slug]),
        "sitemap": "/sitemap-articles.xml",
        "search": "/search/?q=Zanzibar",
        "API list": "/api/v1/articles/",
        "API search": "/api/v1/articles/?q=Zanzibar",
    }
    for where, url in hidden_from.items():
        response = client.get(url)
        assert response.status_code == 200, where
        content = response.content.decode()
        assert "unreleased piece" not in content, where
        assert f"/articles/{slug}/" not in content, where
    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/articles/{slug}/").status_code == 404


def test_a_published_article_is_visible_everywhere_public(client, published, topic):
    for url in (
        reverse("partnerships:article-list"),
        reverse("partnerships:article-feed"),
        reverse("partnerships:topic-feed", args=[topic.slug]),
        "/sitemap-articles.xml",
        "/search/?q=alliance",
        "/api/v1/articles/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "/articles/alliance-explained/" in response.content.decode(), url


def test_article_and_topic_admin_pages_render(admin_client, published, draft, topic):
    urls = [
        reverse("admin:partnerships_article_changelist"),
        reverse("admin:partnerships_article_changelist") + "?visibility=scheduled",
        reverse("admin:partnerships_article_changelist") + "?q=alliance",
        reverse("admin:partnerships_article_add"),
        reverse("admin:partnerships_article_change", args=[published.pk]),
        reverse("admin:partnerships_article_history", args=[published.pk]),
        reverse("admin:partnerships_topic_changelist"),
        reverse("admin:partnerships_topic_change", args=[topic.pk]),
    ]
    for url in urls:
        assert admin_client.get(url).status_code == 200, url
    changelist = admin_client.get(urls[0]).content.decode()
    assert "Public now?" in changelist
    assert "Publish now" in changelist and "Unpublish" in changelist
    autocomplete = admin_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "partnerships",
            "model_name": "article",
            "field_name": "related_articles",
            "term": "draft",
        },
    )
    assert autocomplete.status_code == 200
    assert "Secret draft piece" in autocomplete.content.decode()

"""Reference articles (data/articles/<slug>.md) and their topics (data/articles/topics.yaml).

An article file is Markdown with YAML front matter between two `---` lines:

    ---
    title: What military diplomacy is
    slug: what-is-military-diplomacy        # must match the file name
    summary: One or two sentences.
    kind: explainer                          # explainer | analysis | case_study
    topics: [defence-cooperation]            # slugs from topics.yaml
    author: militarydiplo editors
    status: published                        # draft | published
    published_at: "2025-09-01T09:00:00Z"     # required when published
    cover_caption: ...
    related: [types-of-defence-partnerships] # other articles ("See also"), both ways
    nations: [united-states]                 # records discussed, by slug
    organizations: [un]
    partnerships: [five-eyes]
    exercises: [rimpac-2024]
    engagements: []
    sources: [un-charter, {slug, title, publisher, url, published}]
    ---
    Markdown body.

Every slug must exist: an unknown nation, record, topic, source or related article stops
the load with an error naming the file and field. Like every step it writes only what
differs, so a second run changes nothing.
"""

import datetime

import yaml
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ..models import (
    Article,
    ArticleKind,
    ArticleStatus,
    Engagement,
    Exercise,
    Nation,
    Organization,
    Partnership,
    Source,
    Topic,
)
from . import sources as source_step
from .context import LoadContext, Where, check_keys
from .sync import sync_m2m, upsert

DIRECTORY = "articles"
TOPICS_FILE = f"{DIRECTORY}/topics.yaml"
REQUIRED = ("title", "slug", "summary", "kind", "status", "sources")
LINKED = {
    "nations": Nation,
    "organizations": Organization,
    "partnerships": Partnership,
    "exercises": Exercise,
    "engagements": Engagement,
}
OPTIONAL = ("topics", "author", "published_at", "cover_caption", "related", *LINKED)
SOURCE_KEYS = ("slug", "title", *source_step.FIELDS)


def split_front_matter(where: Where, text: str):
    """(front matter dict, Markdown body) of an article file."""
    text = text.replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise where.error(None, "must start with YAML front matter between '---' lines")
    end = text.find("\n---\n", 4)
    if end == -1:
        raise where.error(None, "front matter is not closed by a '---' line")
    try:
        meta = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError as error:
        raise where.error(None, f"front matter is not valid YAML: {error}") from None
    return meta, text[end + 5 :].strip() + "\n"


def parse_published_at(where: Where, value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time())
    else:
        moment = parse_datetime(str(value))
        if moment is None:
            raise where.error("published_at", f"{value!r} is not a date-time (ISO 8601)")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return moment


def _slug_list(where: Where, meta, key):
    items = meta.get(key) or []
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise where.error(key, "expected a list of slugs")
    return items


def _read_articles(ctx: LoadContext):
    """(Where, front matter, body) of every article file, in name order."""
    documents, seen = [], set()
    for path in sorted((ctx.data_dir / DIRECTORY).glob("*.md")):
        where = Where(ctx.display(path))
        meta, body = split_front_matter(where, path.read_text(encoding="utf-8"))
        check_keys(where, meta, required=REQUIRED, optional=OPTIONAL)
        where = Where(where.file, meta["slug"])
        if meta["slug"] != path.stem:
            raise where.error("slug", f"must match the file name ({path.stem!r})")
        if meta["slug"] in seen:
            raise where.error("slug", "is defined twice")
        seen.add(meta["slug"])
        documents.append((where, meta, body))
    return documents


def _load_topics(ctx: LoadContext):
    where, records = ctx.records(TOPICS_FILE)
    ctx.unique_slugs(where, records)
    existing = {topic.slug: topic for topic in Topic.objects.all()}
    for record in records:
        here = Where(where.file, record["slug"])
        check_keys(here, record, required=("name", "slug"), optional=("description",))
        values = {"name": record["name"], "description": (record.get("description") or "").strip()}
        upsert(ctx, here, "topics", Topic, existing, record["slug"], values)
    return existing


def _load_inline_sources(ctx: LoadContext, documents):
    """Upsert the sources the articles define inline; the data files' definitions win."""
    defined_elsewhere = {where.slug: record for where, record in source_step._definitions(ctx)}
    existing = ctx.sources
    for where, meta, _ in documents:
        items = meta.get("sources")
        if not isinstance(items, list):
            raise where.error("sources", "expected a list")
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            here = where.at(f"sources[{index}].")
            check_keys(here, item, required=("slug", "title"), optional=SOURCE_KEYS)
            slug = item["slug"]
            if slug in defined_elsewhere:
                if (defined_elsewhere[slug].get("url") or "") != (item.get("url") or ""):
                    raise here.error("url", f"source {slug!r} is defined with another URL")
                continue
            values = {
                "title": item["title"],
                "publisher": item.get("publisher") or "",
                "url": item.get("url") or "",
                "published": here.date(item, "published")[0],
                "accessed": here.date(item, "accessed")[0],
                "notes": item.get("notes") or "",
            }
            upsert(ctx, here, "sources", Source, existing, slug, values)


def _linked_ids(where: Where, meta):
    """{field: [pk, ...]} of the records an article discusses; an unknown slug is an error."""
    linked = {}
    for key, model in LINKED.items():
        slugs = _slug_list(where, meta, key)
        found = dict(model.objects.filter(slug__in=slugs).values_list("slug", "pk"))
        missing = [slug for slug in slugs if slug not in found]
        if missing:
            noun = model._meta.verbose_name
            raise where.error(key, f"unknown {noun} slug(s): {', '.join(missing)}")
        linked[key] = [found[slug] for slug in slugs]
    return linked


def _values(where: Where, meta, body):
    if meta["kind"] not in ArticleKind.values:
        raise where.error("kind", f"{meta['kind']!r} is not one of {ArticleKind.values}")
    if meta["status"] not in ArticleStatus.values:
        raise where.error("status", f"{meta['status']!r} is not one of {ArticleStatus.values}")
    published_at = parse_published_at(where, meta.get("published_at"))
    if meta["status"] == ArticleStatus.PUBLISHED and published_at is None:
        raise where.error("published_at", "is required for a published article")
    return {
        "title": meta["title"],
        "summary": str(meta["summary"]).strip(),
        "body": body,
        "kind": meta["kind"],
        "author": meta.get("author") or "",
        "status": meta["status"],
        "published_at": published_at,
        "cover_caption": meta.get("cover_caption") or "",
    }


def _sync(ctx: LoadContext, manager, wanted_ids):
    if sync_m2m(manager, manager.values_list("pk", flat=True), wanted_ids):
        ctx.report.add("article links", "updated")


def load(ctx: LoadContext):
    if not (ctx.data_dir / DIRECTORY).is_dir():
        return
    topics = _load_topics(ctx)
    documents = _read_articles(ctx)
    _load_inline_sources(ctx, documents)
    articles = {article.slug: article for article in Article.objects.all()}
    for where, meta, body in documents:
        topic_slugs = _slug_list(where, meta, "topics")
        unknown = [slug for slug in topic_slugs if slug not in topics]
        if unknown:
            raise where.error("topics", f"unknown topic(s) {', '.join(unknown)} ({TOPICS_FILE})")
        source_ids = ctx.source_ids(where, meta["sources"])
        linked = _linked_ids(where, meta)
        values = _values(where, meta, body)
        article = upsert(ctx, where, "articles", Article, articles, meta["slug"], values)
        _sync(ctx, article.topics, [topics[slug].pk for slug in topic_slugs])
        _sync(ctx, article.sources, source_ids)
        for key, ids in linked.items():
            _sync(ctx, getattr(article, key), ids)
    _sync_related(ctx, documents, articles)


def _sync_related(ctx: LoadContext, documents, articles):
    # "See also" is symmetrical: A listing B links B to A too, so each article's set is
    # what it lists plus every article that lists it (else two files would undo each other).
    wanted = {meta["slug"]: set() for _, meta, _ in documents}
    for where, meta, _ in documents:
        for slug in _slug_list(where, meta, "related"):
            if slug not in articles:
                raise where.error("related", f"unknown article {slug!r}")
            if slug == meta["slug"]:
                raise where.error("related", "an article cannot be related to itself")
            wanted[meta["slug"]].add(articles[slug].pk)
            wanted.setdefault(slug, set()).add(articles[meta["slug"]].pk)
    for slug, ids in wanted.items():
        article = articles[slug]
        current = set(article.related_articles.values_list("pk", flat=True))
        # An article not in the files keeps links editors made; only add the files' ones.
        target = ids if slug in {meta["slug"] for _, meta, _ in documents} else current | ids
        if current != target:
            sync_m2m(article.related_articles, current, target)
            ctx.report.add("article links", "updated")

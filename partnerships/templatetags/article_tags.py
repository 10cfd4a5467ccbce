"""Template tags for articles.

`{% related_articles queryset %}` lists the published articles among `queryset`, so a
record page shows the articles that discuss it. Drafts and scheduled articles are never
shown, whatever queryset is passed. Use it on any record with an `articles` relation:

    {% load article_tags %}
    {% related_articles nation.articles.all %}
    {% related_articles organization.articles.all heading="Analysis of NATO" %}

It costs one query, and renders templates/includes/related_articles.html.
"""

from django import template

from ..models import Article

register = template.Library()

ARTICLE_FIELDS = ("pk", "title", "slug", "summary", "kind", "published_at")
LIMIT = 10


@register.inclusion_tag("includes/related_articles.html")
def related_articles(articles, heading="Articles about this record", limit=LIMIT):
    queryset = articles if articles is not None else Article.objects.none()
    return {
        "articles": list(
            queryset.published().only(*ARTICLE_FIELDS).order_by("-published_at")[:limit]
        ),
        "heading": heading,
    }

"""Sitemaps of every public record, one section per kind (served under /sitemap.xml).

/sitemap.xml is an index of the sections; a section past 50,000 URLs is split into
pages (`?p=2`) by django.contrib.sitemaps itself. Articles: published ones only.
"""

from functools import partial

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article, Engagement, Exercise, Nation, Organization, Partnership


class RecordSitemap(Sitemap):
    """The page of each record that `records()` (a queryset factory) returns, and its lastmod."""

    def __init__(self, records, *, priority):
        self.records = records
        self.priority = priority

    def items(self):
        # Only what get_absolute_url and lastmod need; a stable order for pagination.
        return self.records().only("pk", "slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class PageSitemap(Sitemap):
    """The lists and other pages that are not a record."""

    priority = 0.6
    changefreq = "weekly"

    def items(self):
        return [
            "partnerships:home",
            "partnerships:nation-list",
            "partnerships:organization-list",
            "partnerships:partnership-list",
            "partnerships:exercise-list",
            "partnerships:engagement-list",
            "partnerships:article-list",
            "partnerships:network",
            "partnerships:relations-pick",
        ]

    def location(self, item):
        return reverse(item)


# Partials, not instances: like a Sitemap class, each request builds its own (Sitemap
# keeps per-request state such as latest_lastmod on the instance).
SITEMAPS = {
    "pages": PageSitemap,
    "nations": partial(RecordSitemap, Nation.objects.all, priority=0.8),
    "organizations": partial(RecordSitemap, Organization.objects.all, priority=0.7),
    "partnerships": partial(RecordSitemap, Partnership.objects.all, priority=0.7),
    "exercises": partial(RecordSitemap, Exercise.objects.all, priority=0.5),
    "engagements": partial(RecordSitemap, Engagement.objects.all, priority=0.5),
    "articles": partial(RecordSitemap, Article.objects.published, priority=0.9),
}

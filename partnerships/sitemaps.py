"""Sitemaps of every public record, one section per kind (served under /sitemap.xml).

/sitemap.xml is an index of the sections; a section past 50,000 URLs is split into
pages (`?p=2`) by django.contrib.sitemaps itself. Articles: published ones only.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article, Engagement, Exercise, Nation, Organization, Partnership


class RecordSitemap(Sitemap):
    model = None
    queryset = None  # defaults to every row of `model`

    def items(self):
        queryset = self.queryset() if self.queryset else self.model.objects.all()
        # Only what get_absolute_url and lastmod need; a stable order for pagination.
        return queryset.only("pk", "slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class NationSitemap(RecordSitemap):
    model = Nation
    priority = 0.8


class OrganizationSitemap(RecordSitemap):
    model = Organization
    priority = 0.7


class PartnershipSitemap(RecordSitemap):
    model = Partnership
    priority = 0.7


class ExerciseSitemap(RecordSitemap):
    model = Exercise
    priority = 0.5


class EngagementSitemap(RecordSitemap):
    model = Engagement
    priority = 0.5


class ArticleSitemap(RecordSitemap):
    model = Article
    priority = 0.9

    @staticmethod
    def queryset():
        return Article.objects.published()


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


SITEMAPS = {
    "pages": PageSitemap,
    "nations": NationSitemap,
    "organizations": OrganizationSitemap,
    "partnerships": PartnershipSitemap,
    "exercises": ExerciseSitemap,
    "engagements": EngagementSitemap,
    "articles": ArticleSitemap,
}

"""Atom feeds of published articles: all of them, and one per topic."""

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import Article, Topic

FEED_LENGTH = 30
SITE_AUTHOR = "militarydiplo editors"


class ArticleFeed(Feed):
    feed_type = Atom1Feed
    title = "militarydiplo: articles"
    subtitle = "Explainers, analysis and case studies on military diplomacy."
    author_name = SITE_AUTHOR

    def link(self):
        return reverse("partnerships:article-list")

    def feed_url(self):
        return reverse("partnerships:article-feed")

    def articles(self):
        return (
            Article.objects.published()
            .defer("body")
            .order_by("-published_at", "title")
            .prefetch_related(Prefetch("topics", queryset=Topic.objects.only("pk", "name")))
        )

    def items(self):
        return self.articles()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_author_name(self, item):
        return item.author or SITE_AUTHOR

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        # An edit made before a scheduled publication is not an update readers saw.
        return max(item.updated_at, item.published_at)

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]


class TopicFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, topic):
        return f"militarydiplo: articles on {topic.name}"

    def subtitle(self, topic):
        return topic.description or f"Published articles on {topic.name}."

    def link(self, topic):
        return topic.get_absolute_url()

    def feed_url(self, topic):
        return reverse("partnerships:topic-feed", kwargs={"slug": topic.slug})

    def items(self, topic):
        return self.articles().filter(topics=topic)[:FEED_LENGTH]

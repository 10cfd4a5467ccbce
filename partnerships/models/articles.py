from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ..links import slug_path
from ..querysets import ArticleQuerySet, TopicQuerySet
from .common import SlugNaturalKey, Timestamped
from .engagements import Engagement
from .exercises import Exercise
from .nations import Nation
from .organizations import Organization
from .partnerships import Partnership
from .sources import Source


class Topic(SlugNaturalKey, Timestamped):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:article-list") + f"?topic={self.slug}"


class ArticleKind(models.TextChoices):
    EXPLAINER = "explainer", "Explainer"
    ANALYSIS = "analysis", "Analysis"
    CASE_STUDY = "case_study", "Case study"


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Article(SlugNaturalKey, Timestamped):
    """Editorial analysis: explains why the catalogue's records matter."""

    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=150, unique=True)
    summary = models.TextField(
        max_length=600, help_text="One or two sentences for lists and feeds."
    )
    body = models.TextField(help_text="Markdown. HTML is sanitised when shown.")
    kind = models.CharField(max_length=12, choices=ArticleKind.choices, db_index=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="articles")
    author = models.CharField(max_length=120, blank=True)
    status = models.CharField(
        max_length=10,
        choices=ArticleStatus.choices,
        default=ArticleStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text="A future time schedules publication."
    )
    cover_caption = models.CharField(max_length=300, blank=True)
    related_articles = models.ManyToManyField("self", blank=True)
    nations = models.ManyToManyField(Nation, blank=True, related_name="articles")
    organizations = models.ManyToManyField(Organization, blank=True, related_name="articles")
    partnerships = models.ManyToManyField(Partnership, blank=True, related_name="articles")
    exercises = models.ManyToManyField(Exercise, blank=True, related_name="articles")
    engagements = models.ManyToManyField(Engagement, blank=True, related_name="articles")
    sources = models.ManyToManyField(Source, blank=True, related_name="articles")

    history = HistoricalRecords()
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="article_published_has_time",
                violation_error_message="A published article needs a publication time.",
            )
        ]
        permissions = [("publish_article", "Can publish and unpublish articles")]
        indexes = [models.Index(fields=["title"])]  # the `title` sort

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_path("partnerships:article-detail", self.slug)

    @property
    def is_public(self):
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

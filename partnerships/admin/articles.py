"""Article and Topic admin, with the editorial workflow.

Editors (group) write and change articles but cannot publish: the status field is
disabled for them, and so is the publication time of an article that is already
published. Publishers (permission `partnerships.publish_article`) may also publish and
unpublish, in the form or with the "Publish now" / "Unpublish" actions. The form and
`save_model` both check it, so neither a crafted POST nor a history revert gets round it.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from ..models import Article, ArticleStatus, Topic
from ..publishing import (
    NEEDS_PUBLISHER,
    NEEDS_PUBLISHER_FOR_TIME,
    can_publish,
    publication_change_error,
    stored_state,
)
from .base import CatalogueAdmin, CatalogueForm


class ArticleForm(CatalogueForm):
    can_publish = False  # set per request by ArticleAdmin.get_form

    class Meta:
        model = Article
        fields = "__all__"
        help_texts = {
            "body": (
                "Markdown: ## for sections (three or more headings get a table of contents), "
                "[text](https://…) for links, | for tables. Scripts, styles and embedded "
                "frames are removed when the article is shown."
            ),
            "published_at": (
                "When the article becomes public once its status is Published; "
                "a future time schedules it. Empty when published: now."
            ),
            "related_articles": "Shown as “See also” (published ones only).",
            "sources": "Listed as numbered citations under the article.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored_status, self.stored_published_at = stored_state(self.instance.pk)
        if not self.can_publish:
            if "status" in self.fields:
                self.fields["status"].disabled = True
                self.fields["status"].help_text = NEEDS_PUBLISHER
            if self.stored_status == ArticleStatus.PUBLISHED and "published_at" in self.fields:
                self.fields["published_at"].disabled = True
                self.fields["published_at"].help_text = NEEDS_PUBLISHER_FOR_TIME

    def clean(self):
        cleaned = super().clean()
        if "published_at" in self.fields and self.fields["published_at"].disabled:
            # A disabled field comes back from its widget without microseconds: keep it as is.
            cleaned["published_at"] = self.stored_published_at
        status = cleaned.get("status", self.instance.status)
        if self.can_publish and status == ArticleStatus.PUBLISHED:
            if not cleaned.get("published_at") and "published_at" in self.fields:
                cleaned["published_at"] = timezone.now()
                self.instance.published_at = cleaned["published_at"]
        elif not self.can_publish:
            error = publication_change_error(
                status=status,
                published_at=cleaned.get("published_at", self.instance.published_at),
                stored_status=self.stored_status or ArticleStatus.DRAFT,
                stored_published_at=self.stored_published_at,
            )
            if error:
                raise ValidationError(error, code="needs_publisher")
        return cleaned


class VisibilityFilter(admin.SimpleListFilter):
    title = "public now?"
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [("public", "Public now"), ("scheduled", "Scheduled"), ("draft", "Draft")]

    def queryset(self, request, queryset):
        selections = {
            "public": queryset.published,
            "scheduled": queryset.scheduled,
            "draft": queryset.drafts,
        }
        select = selections.get(self.value())
        return select() if select else queryset


@admin.register(Article)
class ArticleAdmin(CatalogueAdmin):
    form = ArticleForm
    list_display = ["title", "kind", "status", "published_at", "is_public_now", "author"]
    list_filter = [VisibilityFilter, "status", "kind", "topics"]
    search_fields = ["title", "slug", "summary"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = [
        "topics",
        "related_articles",
        "nations",
        "organizations",
        "partnerships",
        "exercises",
        "engagements",
        "sources",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary", "body", "author", "cover_caption"]}),
        ("Publication", {"fields": ["status", "published_at"]}),
        ("Topics and “See also”", {"fields": ["topics", "related_articles"]}),
        (
            "Records discussed",
            {"fields": ["nations", "organizations", "partnerships", "exercises", "engagements"]},
        ),
        ("Sources", {"fields": ["sources"]}),
    ]
    actions = ["publish_now", "unpublish"]

    @admin.display(boolean=True, description="Public now?")
    def is_public_now(self, article):
        return article.is_public

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"can_publish": can_publish(request.user)})

    def save_model(self, request, obj, form, change):
        if not can_publish(request.user):
            stored_status, stored_published_at = stored_state(obj.pk)
            error = publication_change_error(
                status=obj.status,
                published_at=obj.published_at,
                stored_status=stored_status or ArticleStatus.DRAFT,
                stored_published_at=stored_published_at,
            )
            if error:
                raise PermissionDenied(error)
        super().save_model(request, obj, form, change)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def has_import_permission(self, request):
        # An imported row can carry status=published: importing is publishing.
        return super().has_import_permission(request) and can_publish(request.user)

    @admin.action(description="Publish now", permissions=["publish"])
    def publish_now(self, request, queryset):
        now = timezone.now()
        published = 0
        with transaction.atomic():
            # Already public articles keep their date; drafts and scheduled ones go out now.
            for article in queryset.exclude(pk__in=Article.objects.published()):
                article.status = ArticleStatus.PUBLISHED
                article.published_at = now
                article.save()  # one revision each, credited to the publisher
                published += 1
        self.message_user(request, f"{published} article(s) published.", messages.SUCCESS)

    @admin.action(description="Unpublish", permissions=["publish"])
    def unpublish(self, request, queryset):
        unpublished = 0
        with transaction.atomic():
            for article in queryset.filter(status=ArticleStatus.PUBLISHED):
                article.status = ArticleStatus.DRAFT
                article.save()
                unpublished += 1
        self.message_user(
            request, f"{unpublished} article(s) unpublished (now drafts).", messages.SUCCESS
        )


@admin.register(Topic)
class TopicAdmin(CatalogueAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, topic):
        return topic.article_total

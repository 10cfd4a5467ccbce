from django.contrib import admin

from ..models import SlugRedirect, Source
from ..resources import SlugRedirectResource, SourceResource
from .base import CatalogueAdmin, PlainAdmin


@admin.register(Source)
class SourceAdmin(CatalogueAdmin):
    resource_classes = [SourceResource]
    list_display = ["title", "publisher", "published", "dataset", "dataset_version", "url"]
    list_filter = ["dataset"]
    search_fields = ["title", "publisher", "url", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published"
    fieldsets = [
        (None, {"fields": ["title", "slug", "publisher", "url"]}),
        ("Dates", {"fields": ["published", "accessed", "announcement"]}),
        (
            "Research dataset",
            {
                "fields": ["dataset", "dataset_version", "covers_until"],
                "description": "Only for a dataset that records were imported from.",
            },
        ),
        (None, {"fields": ["notes"]}),
    ]


@admin.register(SlugRedirect)
class SlugRedirectAdmin(PlainAdmin):
    """Read-only: redirects are written when an editor renames a record."""

    resource_classes = [SlugRedirectResource]
    list_display = ["old_slug", "content_type", "object_id", "created_at"]
    list_filter = ["content_type"]
    list_select_related = ["content_type"]
    search_fields = ["old_slug"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_import_permission(self, request):
        return False

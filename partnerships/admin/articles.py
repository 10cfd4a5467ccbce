"""Article and Topic admin: owned by the articles work; built on .base.CatalogueAdmin."""

from django.contrib import admin

from ..models import Article, Topic
from .base import CatalogueAdmin

# Placeholder registrations so the editor keeps Article and Topic until the full admin lands.
admin.site.register(Article, CatalogueAdmin, search_fields=["title"])
admin.site.register(Topic, CatalogueAdmin, search_fields=["name"])

from django.contrib import admin

from ..models import Succession
from ..resources import SuccessionResource
from .base import CatalogueAdmin


@admin.register(Succession)
class SuccessionAdmin(CatalogueAdmin):
    """Who followed whom. Only a continuation makes a state count with its predecessor's
    memberships (Russia with the Soviet Union's): say which, and cite it."""

    resource_classes = [SuccessionResource]
    import_help = "predecessor, successor: nation slugs; source: a source slug."
    list_display = ["successor", "kind", "predecessor", "date", "source"]
    list_filter = ["kind"]
    list_select_related = ["predecessor", "successor", "source"]
    search_fields = ["predecessor__name", "successor__name", "note"]
    autocomplete_fields = ["predecessor", "successor", "source"]
    date_hierarchy = "date"
    fieldsets = [
        (None, {"fields": ["predecessor", "successor", "kind", ("date", "date_precision")]}),
        ("Evidence", {"fields": ["source", "note"]}),
    ]

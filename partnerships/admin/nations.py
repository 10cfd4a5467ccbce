from django import forms
from django.contrib import admin

from ..models import Nation, NationAlias, Statehood
from ..names import normalize_name
from ..resources import NationResource
from .base import CatalogueAdmin, CatalogueInline, CatalogueInlineForm, related_count


class NationAliasForm(CatalogueInlineForm):
    class Meta:
        model = NationAlias
        fields = ["name"]

    def clean_name(self):
        # The normalized key is unique across all nations; say so on the field.
        name = self.cleaned_data["name"]
        taken = NationAlias.objects.filter(normalized=normalize_name(name))
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        other = taken.select_related("nation").first()
        if other:
            raise forms.ValidationError(f"This name is already an alias of {other.nation}.")
        return name


class NationAliasInline(CatalogueInline):
    model = NationAlias
    form = NationAliasForm
    fields = ["name"]


class StatehoodInline(CatalogueInline):
    model = Statehood
    fields = ["start_date", "end_date"]


@admin.register(Nation)
class NationAdmin(CatalogueAdmin):
    resource_classes = [NationResource]
    list_display = [
        "name",
        "iso2",
        "iso3",
        "cow_code",
        "region",
        "is_historical",
        "unrecognised",
        "partnership_count",
        "organization_count",
    ]
    list_filter = ["region", "is_historical", "unrecognised"]
    search_fields = ["name", "official_name", "iso2", "iso3", "slug", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [NationAliasInline, StatehoodInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "official_name", "is_historical", "unrecognised"]}),
        ("Codes", {"fields": ["iso2", "iso3", "iso_numeric", "cow_code", "cow_abbrev"]}),
        ("Geography", {"fields": ["region", "subregion", "un_member_since"]}),
        (None, {"fields": ["description"]}),
    ]

    def get_queryset(self, request):
        from ..models import Membership, PartnershipMember

        return (
            super()
            .get_queryset(request)
            .annotate(
                partnership_total=related_count(PartnershipMember, "nation"),
                organization_total=related_count(
                    Membership, "nation", status="member", left__isnull=True
                ),
            )
        )

    @admin.display(description="partnerships", ordering="partnership_total")
    def partnership_count(self, obj):
        return obj.partnership_total

    @admin.display(description="current memberships", ordering="organization_total")
    def organization_count(self, obj):
        return obj.organization_total

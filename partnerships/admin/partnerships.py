from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from ..models import (
    OBLIGATION_FIELDS,
    ObligationPeriod,
    Partnership,
    PartnershipKind,
    PartnershipMember,
    validate_partnership_members,
)
from ..resources import (
    ObligationPeriodResource,
    PartnershipMemberResource,
    PartnershipResource,
)
from ..services import MemberSpan
from .base import (
    CatalogueAdmin,
    CatalogueForm,
    CatalogueInline,
    DatasetFilter,
    InForceFilter,
    PlainAdmin,
    SpanInlineFormSet,
    related_count,
)


def _member_messages(error: ValidationError):
    return error.message_dict.get("members", error.messages)


class PartnershipForm(CatalogueForm):
    # On the change page the member inline checks the list being saved
    # (PartnershipMemberFormSet.clean); a form without it (revert) checks the stored members.
    members_checked_by_inline = True

    def _update_errors(self, errors):
        # The model's member check reads the stored members, and `members` is no form field.
        if hasattr(errors, "error_dict") and "members" in errors.error_dict:
            member_errors = errors.error_dict.pop("members")
            if not self.members_checked_by_inline:
                errors.error_dict.setdefault(NON_FIELD_ERRORS, []).extend(member_errors)
            if not errors.error_dict:
                return
        super()._update_errors(errors)


class PartnershipMemberFormSet(SpanInlineFormSet):
    """The member list as a whole must suit the partnership's kind (one rule, in services)."""

    def clean(self):
        super().clean()
        members = [form.instance for form in self.live_forms()]
        try:
            validate_partnership_members(self.instance.kind, members)
        except ValidationError as error:
            raise ValidationError(_member_messages(error)) from None


class PartnershipMemberInline(CatalogueInline):
    model = PartnershipMember
    formset = PartnershipMemberFormSet
    fields = [
        "nation",
        "signed",
        "signed_precision",
        "joined",
        "joined_precision",
        "joined_by",
        "left",
        "left_precision",
        "role",
    ]
    autocomplete_fields = ["nation"]
    show_change_link = True  # obligation periods are edited on the member's page


class CurrentSpanFilter(InForceFilter):
    title = "current"
    parameter_name = "current"
    end_field = "left"


class ObligationFilter(admin.SimpleListFilter):
    title = "obligation"
    parameter_name = "obligation"

    def lookups(self, request, model_admin):
        return [
            (name, Partnership._meta.get_field(name).verbose_name) for name in OBLIGATION_FIELDS
        ]

    def queryset(self, request, queryset):
        if self.value() in OBLIGATION_FIELDS:
            return queryset.with_obligation(self.value())
        return queryset


@admin.register(Partnership)
class PartnershipAdmin(CatalogueAdmin):
    form = PartnershipForm
    resource_classes = [PartnershipResource]
    import_help = (
        "members: the member nations' slugs; members already present keep their dates and "
        "roles, new ones join on the start date. A bilateral partnership lists exactly two."
    )
    list_display = [
        "name",
        "kind",
        "signed_date",
        "start_date",
        "end_date",
        "in_force",
        "member_count",
        "obligation_list",
        "atop_id",
    ]
    list_filter = ["kind", InForceFilter, ObligationFilter, DatasetFilter]
    search_fields = ["name", "slug", "description", "=atop_id"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organization", "sources"]
    date_hierarchy = "start_date"
    inlines = [PartnershipMemberInline]
    fieldsets = [
        (
            None,
            {
                "fields": ["name", "slug", "kind", "organization"],
                "description": "A bilateral partnership has exactly two member nations.",
            },
        ),
        (
            "Dates",
            {
                "fields": [
                    ("signed_date", "signed_precision"),
                    ("start_date", "start_precision"),
                    ("end_date", "end_precision"),
                ],
                "description": "A treaty is signed, then in force from its entry into force.",
            },
        ),
        ("Obligations (ATOP)", {"fields": [tuple(OBLIGATION_FIELDS)]}),
        (
            "Provisions",
            {"fields": [("military_aid", "bases", "integrated_command", "formal_organization")]},
        ),
        (None, {"fields": ["description", "sources", "atop_id"]}),
    ]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.reverting_partnership = True  # no member inline on the revert form
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if getattr(request, "reverting_partnership", False):
            form = type(form.__name__, (form,), {"members_checked_by_inline": False})
        return form

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(member_total=related_count(PartnershipMember, "partnership"))
        )

    @admin.display(boolean=True, description="in force", ordering="end_date")
    def in_force(self, obj):
        return obj.in_force

    @admin.display(description="members", ordering="member_total")
    def member_count(self, obj):
        return obj.member_total

    @admin.display(description="obligations")
    def obligation_list(self, obj):
        return ", ".join(obj.obligations)


class ObligationPeriodInline(CatalogueInline):
    model = ObligationPeriod
    fields = [
        "phase",
        "start_date",
        "start_precision",
        "end_date",
        "end_precision",
        *OBLIGATION_FIELDS,
    ]


class PartnershipMemberForm(CatalogueForm):
    def clean(self):
        cleaned = super().clean()
        partnership, nation = cleaned.get("partnership"), cleaned.get("nation")
        if partnership and nation:
            others = partnership.memberships.exclude(pk=self.instance.pk)
            try:
                validate_partnership_members(partnership.kind, [*others, MemberSpan(nation=nation)])
            except ValidationError as error:
                self.add_error("nation", _member_messages(error))
        return cleaned


@admin.register(PartnershipMember)
class PartnershipMemberAdmin(CatalogueAdmin):
    form = PartnershipMemberForm
    resource_classes = [PartnershipMemberResource]
    list_display = [
        "nation",
        "partnership",
        "signed",
        "joined",
        "joined_by",
        "left",
        "role",
        "current",
    ]
    list_filter = ["partnership__kind", CurrentSpanFilter]
    list_select_related = ["nation", "partnership"]
    search_fields = ["nation__name", "nation__iso3", "partnership__name", "role"]
    autocomplete_fields = ["partnership", "nation"]
    date_hierarchy = "joined"
    inlines = [ObligationPeriodInline]
    fieldsets = [
        (None, {"fields": ["partnership", "nation", "role"]}),
        (
            "Span",
            {
                "fields": [
                    ("signed", "signed_precision"),
                    ("joined", "joined_precision", "joined_by"),
                    ("left", "left_precision"),
                ]
            },
        ),
    ]

    @admin.display(boolean=True, description="current", ordering="left")
    def current(self, obj):
        return obj.left is None

    def has_delete_permission(self, request, obj=None):
        # Deleting one member of a bilateral pact here would leave it with one; the
        # partnership's page checks the member list as a whole.
        if obj is not None and obj.partnership.kind == PartnershipKind.BILATERAL:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # same reason: no unchecked bulk removal
        return actions


@admin.register(ObligationPeriod)
class ObligationPeriodAdmin(PlainAdmin):
    resource_classes = [ObligationPeriodResource]
    list_display = ["member", "phase", "start_date", "end_date", *OBLIGATION_FIELDS]
    list_filter = OBLIGATION_FIELDS
    list_select_related = ["member__nation", "member__partnership"]
    search_fields = ["member__nation__name", "member__partnership__name"]
    autocomplete_fields = ["member"]
    date_hierarchy = "start_date"

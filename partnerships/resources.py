"""django-import-export resources: how each record reads and writes as CSV, XLSX and JSON.

Related records are named by slug (`united-states`, `nato`), several separated by commas.
Every row is validated like a form save (`full_clean`, and the partnership member rule via
`partnerships.services`), so a bad row is refused with a message naming the row and field.
"""

from django.core.exceptions import ValidationError
from django.db.models import CharField, TextField
from import_export import fields, resources, widgets

from . import models
from .models import validate_partnership_members
from .services import MemberSpan, partnership_set_members


class SlugWidget(widgets.ForeignKeyWidget):
    """A related record by slug; an unknown slug is a clear field error, not a crash."""

    def __init__(self, model, field="slug", **kwargs):
        super().__init__(model, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                f"No {self.model._meta.verbose_name} with {self.field} {value!r}."
            ) from None


class SlugsWidget(widgets.ManyToManyWidget):
    """Several related records by slug, comma-separated; unknown slugs are refused."""

    def __init__(self, model, field="slug", **kwargs):
        super().__init__(model, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        found = super().clean(value, row=row, **kwargs)
        if not value or isinstance(value, int | float):
            return found
        wanted = [item.strip() for item in str(value).split(self.separator) if item.strip()]
        known = set(found.values_list(self.field, flat=True))
        missing = [slug for slug in wanted if slug not in known]
        if missing:
            raise ValueError(
                f"No {self.model._meta.verbose_name} with {self.field} "
                + ", ".join(repr(slug) for slug in missing)
                + "."
            )
        return found


def slug_field(attribute, model, **kwargs):
    return fields.Field(
        attribute=attribute, column_name=attribute, widget=SlugWidget(model), **kwargs
    )


def slugs_field(attribute, model):
    return fields.Field(attribute=attribute, column_name=attribute, widget=SlugsWidget(model))


class CatalogueResource(resources.ModelResource):
    """Validates every row with full_clean and checks many-to-many slugs before saving."""

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # An empty XLSX cell or JSON null arrives as None; text columns store "" instead.
        for field in instance._meta.concrete_fields:
            if (
                isinstance(field, CharField | TextField)
                and not field.null
                and getattr(instance, field.attname) is None
            ):
                setattr(instance, field.attname, "")
        # Many-to-many values are saved after the row; check them now so an unknown
        # slug makes the row invalid in the preview instead of failing on confirm.
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row, **kwargs)
                except ValueError as error:
                    errors[field.attribute] = [str(error)]
        if errors:
            raise ValidationError(errors)

    class Meta:
        abstract = True


def _meta(model, field_names, *, import_id_fields=("slug",), **extra):
    attrs = {
        "model": model,
        "fields": field_names,
        "export_order": field_names,
        "import_id_fields": import_id_fields,
        "clean_model_instances": True,
        # The preview saves inside a transaction it rolls back, so members and many-to-many
        # values are checked exactly as on confirm.
        "use_transactions": True,
        "skip_unchanged": True,
        "report_skipped": False,
        **extra,
    }
    return type("Meta", (), attrs)


class SourceResource(CatalogueResource):
    Meta = _meta(
        models.Source,
        (
            "slug",
            "title",
            "publisher",
            "url",
            "published",
            "accessed",
            "dataset",
            "dataset_version",
            "notes",
        ),
    )


class NationResource(CatalogueResource):
    Meta = _meta(
        models.Nation,
        (
            "slug",
            "name",
            "official_name",
            "iso2",
            "iso3",
            "iso_numeric",
            "cow_code",
            "cow_abbrev",
            "region",
            "subregion",
            "is_historical",
            "un_member_since",
            "description",
        ),
    )


class OrganizationResource(CatalogueResource):
    parent = slug_field("parent", models.Organization)
    sources = slugs_field("sources", models.Source)

    Meta = _meta(
        models.Organization,
        (
            "slug",
            "name",
            "acronym",
            "kind",
            "founded",
            "founded_precision",
            "dissolved",
            "dissolved_precision",
            "parent",
            "headquarters",
            "website",
            "description",
            "sources",
        ),
    )

    def get_queryset(self):
        return super().get_queryset().select_related("parent").prefetch_related("sources")


class MembershipResource(CatalogueResource):
    organization = slug_field("organization", models.Organization)
    nation = slug_field("nation", models.Nation)
    sources = slugs_field("sources", models.Source)

    Meta = _meta(
        models.Membership,
        (
            "organization",
            "nation",
            "status",
            "joined",
            "joined_precision",
            "left",
            "left_precision",
            "notes",
            "sources",
        ),
        import_id_fields=("organization", "nation", "joined"),
    )

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("organization", "nation")
            .prefetch_related("sources")
        )


class PartnershipResource(CatalogueResource):
    """`members` lists the member nations' slugs; spans of nations that stay are kept."""

    organization = slug_field("organization", models.Organization)
    sources = slugs_field("sources", models.Source)
    members = fields.Field(column_name="members", readonly=True)

    Meta = _meta(
        models.Partnership,
        (
            "slug",
            "name",
            "kind",
            "signed_date",
            "signed_precision",
            "start_date",
            "start_precision",
            "end_date",
            "end_precision",
            *models.OBLIGATION_FIELDS,
            "military_aid",
            "bases",
            "integrated_command",
            "formal_organization",
            "organization",
            "atop_id",
            "description",
            "members",
            "sources",
        ),
    )

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("organization")
            .prefetch_related("sources", "memberships__nation")
        )

    def dehydrate_members(self, partnership):
        slugs = dict.fromkeys(member.nation.slug for member in partnership.memberships.all())
        return ",".join(slugs)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        instance._imported_members = None
        if "members" in row:
            try:
                instance._imported_members = SlugsWidget(models.Nation).clean(row["members"])
            except ValueError as error:
                errors["members"] = [str(error)]
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            super().validate_instance(instance, None, validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        nations = getattr(instance, "_imported_members", None)
        if nations is not None:
            # The model's own check reads the stored members; the row's list replaces them.
            errors.pop("members", None)
            members = [MemberSpan(nation=nation) for nation in nations]
        elif instance.pk:
            members = None  # the model's check on the stored members has already run
        else:
            members = []
        if members is not None and "members" not in errors:
            try:
                validate_partnership_members(instance.kind, members)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        nations = getattr(instance, "_imported_members", None)
        if nations is not None and original is not None and original.pk:
            stored = set(original.memberships.values_list("nation_id", flat=True))
            if stored != {nation.pk for nation in nations}:
                return False  # only the member list changed: still an update
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        nations = getattr(instance, "_imported_members", None)
        if nations is None:
            return
        existing = list(instance.memberships.all())
        wanted = {nation.pk: nation for nation in nations}
        if {member.nation_id for member in existing} == set(wanted):
            return
        spans = [
            MemberSpan(
                nation=wanted[member.nation_id],
                joined=member.joined,
                joined_precision=member.joined_precision,
                left=member.left,
                left_precision=member.left_precision,
                role=member.role,
            )
            for member in existing
            if member.nation_id in wanted
        ]
        kept = {span.nation.pk for span in spans}
        spans += [MemberSpan(nation=nation) for pk, nation in wanted.items() if pk not in kept]
        partnership_set_members(partnership=instance, members=spans)


class PartnershipMemberResource(CatalogueResource):
    partnership = slug_field("partnership", models.Partnership)
    nation = slug_field("nation", models.Nation)

    Meta = _meta(
        models.PartnershipMember,
        (
            "partnership",
            "nation",
            "signed",
            "signed_precision",
            "joined",
            "joined_precision",
            "joined_by",
            "left",
            "left_precision",
            "role",
        ),
        import_id_fields=("partnership", "nation", "joined"),
    )

    def get_queryset(self):
        return super().get_queryset().select_related("partnership", "nation")


class ObligationPeriodResource(CatalogueResource):
    partnership = fields.Field(
        attribute="member__partnership__slug", column_name="partnership", readonly=True
    )
    nation = fields.Field(attribute="member__nation__slug", column_name="nation", readonly=True)

    Meta = _meta(
        models.ObligationPeriod,
        (
            "id",
            "member",
            "partnership",
            "nation",
            "phase",
            "start_date",
            "start_precision",
            "end_date",
            "end_precision",
            *models.OBLIGATION_FIELDS,
        ),
        import_id_fields=("id",),
    )

    def get_queryset(self):
        return super().get_queryset().select_related("member__partnership", "member__nation")


class ExerciseSeriesResource(CatalogueResource):
    lead_nation = slug_field("lead_nation", models.Nation)
    organization = slug_field("organization", models.Organization)
    sources = slugs_field("sources", models.Source)

    Meta = _meta(
        models.ExerciseSeries,
        (
            "slug",
            "name",
            "domain",
            "lead_nation",
            "organization",
            "first_held",
            "frequency",
            "description",
            "sources",
        ),
    )

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("lead_nation", "organization")
            .prefetch_related("sources")
        )


class ExerciseResource(CatalogueResource):
    """Participants are exported for reading; they are imported through participations."""

    series = slug_field("series", models.ExerciseSeries)
    host = slug_field("host", models.Nation)
    organizations = slugs_field("organizations", models.Organization)
    sources = slugs_field("sources", models.Source)
    participants = fields.Field(column_name="participants", readonly=True)

    Meta = _meta(
        models.Exercise,
        (
            "slug",
            "name",
            "series",
            "start_date",
            "start_precision",
            "end_date",
            "end_precision",
            "host",
            "domain",
            "focus",
            "location",
            "latitude",
            "longitude",
            "organizations",
            "mme_id",
            "description",
            "participants",
            "sources",
        ),
    )

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("series", "host")
            .prefetch_related("organizations", "sources", "participations__nation")
        )

    def dehydrate_participants(self, exercise):
        return ",".join(p.nation.slug for p in exercise.participations.all())


class ParticipationResource(CatalogueResource):
    exercise = slug_field("exercise", models.Exercise)
    nation = slug_field("nation", models.Nation)

    Meta = _meta(
        models.Participation,
        ("exercise", "nation", "role", "contribution"),
        import_id_fields=("exercise", "nation"),
    )

    def get_queryset(self):
        return super().get_queryset().select_related("exercise", "nation")


class EngagementResource(CatalogueResource):
    """Parties are exported for reading; they are imported through engagement parties."""

    organization = slug_field("organization", models.Organization)
    sources = slugs_field("sources", models.Source)
    parties = fields.Field(column_name="parties", readonly=True)

    Meta = _meta(
        models.Engagement,
        (
            "slug",
            "name",
            "kind",
            "start_date",
            "start_precision",
            "end_date",
            "end_precision",
            "organization",
            "value_usd",
            "description",
            "parties",
            "sources",
        ),
    )

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("organization")
            .prefetch_related("sources", "parties__nation")
        )

    def dehydrate_parties(self, engagement):
        return ",".join(f"{p.nation.slug}:{p.role}" for p in engagement.parties.all())


class EngagementPartyResource(CatalogueResource):
    engagement = slug_field("engagement", models.Engagement)
    nation = slug_field("nation", models.Nation)

    Meta = _meta(
        models.EngagementParty,
        ("engagement", "nation", "role"),
        import_id_fields=("engagement", "nation"),
    )

    def get_queryset(self):
        return super().get_queryset().select_related("engagement", "nation")


class SuccessionResource(CatalogueResource):
    predecessor = slug_field("predecessor", models.Nation)
    successor = slug_field("successor", models.Nation)
    source = slug_field("source", models.Source)

    Meta = _meta(
        models.Succession,
        ("predecessor", "successor", "date", "date_precision", "kind", "source", "note"),
        import_id_fields=("predecessor", "successor"),
    )

    def get_queryset(self):
        return super().get_queryset().select_related("predecessor", "successor", "source")


class SlugRedirectResource(resources.ModelResource):
    model_name = fields.Field(attribute="content_type__model", column_name="model", readonly=True)

    class Meta:
        model = models.SlugRedirect
        fields = ("id", "model_name", "old_slug", "object_id", "created_at")
        export_order = fields

    def get_queryset(self):
        return super().get_queryset().select_related("content_type")

"""What the API accepts: related records named by slug, rows of nations as slugs or objects.

Every write goes through `partnerships.services` (or, for a single model, the model's
own `full_clean()`), so the API enforces exactly what the admin enforces; Django's
ValidationError becomes a 400 naming the field.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.text import slugify
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from .. import services
from ..date_precision import bound_names, ends_in_order
from ..models import (
    Article,
    ArticleStatus,
    DatePrecision,
    Engagement,
    EngagementRole,
    Exercise,
    ExerciseSeries,
    JoinedBy,
    MembershipStatus,
    Nation,
    Organization,
    ParticipationRole,
    Partnership,
    Source,
    Topic,
)
from .exceptions import validation_error
from .fields import NationItemsField, nation_items_schema, slug_related, with_raw_lengths
from .serializers import NationSerializer, SourceSerializer


def nation_items(item_serializer, **kwargs):
    """A NationItemsField documented in the schema as slugs or `item_serializer` objects."""
    field_class = extend_schema_field(nation_items_schema(item_serializer))(
        type(f"{item_serializer.__name__}List", (NationItemsField,), {})
    )
    return field_class(item_serializer, **kwargs)


def unique_slug(model, text: str) -> str:
    """A free slug made from `text`: "aukus", then "aukus-2", ..."""
    max_length = model._meta.get_field("slug").max_length
    base = (slugify(text) or model._meta.model_name)[: max_length - 4].strip("-")
    taken = set(model._default_manager.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _precision(**kwargs):
    return serializers.ChoiceField(choices=DatePrecision.choices, required=False, **kwargs)


class CleanSaveMixin:
    """Single-model writes: the model's full_clean() (constraints, uniqueness) then save()."""

    def create(self, validated_data):
        return self._save(self.Meta.model(), validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)

    def _save(self, instance, data):
        for name, value in data.items():
            setattr(instance, name, value)
        try:
            instance.full_clean()
        except DjangoValidationError as error:
            raise validation_error(error) from None
        instance.save()
        return instance


class NationWriteSerializer(CleanSaveMixin, NationSerializer):
    def validate_iso2(self, value):
        return (value or "").upper() or None

    def validate_iso3(self, value):
        return (value or "").upper() or None


class SourceWriteSerializer(CleanSaveMixin, SourceSerializer):
    pass


class ServiceWriteSerializer(serializers.ModelSerializer):
    """Writes through a service function; a missing slug is made from the name."""

    serializer_field_mapping = with_raw_lengths(
        serializers.ModelSerializer.serializer_field_mapping
    )

    slug = serializers.SlugField(max_length=150, required=False)
    slug_from = "name"
    rows_field = None  # the field a row's own errors (joined, left, ...) belong to
    date_span = ("start_date", "end_date")

    def validate(self, attrs):
        # The model's check constraint says this too, but names no field.
        if not self.date_span:
            return attrs
        start_name, end_name = self.date_span
        start = attrs.get(start_name, getattr(self.instance, start_name, None))
        end = attrs.get(end_name, getattr(self.instance, end_name, None))
        precision_name = bound_names(end_name)[0]  # an end "1995" may follow 15 June 1995
        precision = attrs.get(precision_name, getattr(self.instance, precision_name, "day"))
        if not ends_in_order(start, end, precision):
            start_label, end_label = (name.replace("_", " ") for name in self.date_span)
            raise serializers.ValidationError(
                {end_name: [f"The {end_label} cannot be before the {start_label}."]}
            )
        return attrs

    def create(self, validated_data):
        if not validated_data.get("slug"):
            validated_data["slug"] = unique_slug(
                self.Meta.model, validated_data.get(self.slug_from, "")
            )
        return self._call(None, validated_data)

    def update(self, instance, validated_data):
        return self._call(instance, validated_data)

    def _call(self, instance, data):
        try:
            return self.save_record(instance, data)
        except DjangoValidationError as error:
            raise self._named(validation_error(error)) from None

    def save_record(self, instance, data):
        raise NotImplementedError

    def _named(self, error):
        """Errors about a row's own fields (joined, left) belong to the rows' field."""
        if not self.rows_field or not isinstance(error.detail, dict):
            return error
        detail = {}
        for key, messages in error.detail.items():
            known = key in self.fields or key == api_settings.NON_FIELD_ERRORS_KEY
            detail.setdefault(key if known else self.rows_field, []).extend(messages)
        return serializers.ValidationError(detail)


# --- partnerships -------------------------------------------------------------------------


class PartnershipMemberInput(serializers.Serializer):
    nation = serializers.CharField(max_length=150, help_text="Nation slug.")
    signed = serializers.DateField(required=False, allow_null=True)
    signed_precision = _precision()
    joined = serializers.DateField(required=False, allow_null=True)
    joined_precision = _precision()
    joined_by = serializers.ChoiceField(choices=JoinedBy.choices, required=False, allow_blank=True)
    left = serializers.DateField(required=False, allow_null=True)
    left_precision = _precision()
    role = serializers.CharField(max_length=100, required=False, allow_blank=True)


class PartnershipWriteSerializer(ServiceWriteSerializer):
    organization = slug_related(Organization.objects.all(), label="organization", allow_null=True)
    members = nation_items(
        PartnershipMemberInput,
        help_text="Nation slugs, or objects {nation, joined, left, role, ...}; replaces all.",
    )
    sources = slug_related(Source.objects.all(), label="source", many=True)
    rows_field = "members"

    class Meta:
        model = Partnership
        fields = [
            "name",
            "slug",
            "kind",
            "signed_date",
            "signed_precision",
            "start_date",
            "start_precision",
            "end_date",
            "end_precision",
            "defense",
            "offense",
            "neutrality",
            "nonaggression",
            "consultation",
            "military_aid",
            "bases",
            "integrated_command",
            "formal_organization",
            "organization",
            "description",
            "atop_id",
            "members",
            "sources",
        ]

    def save_record(self, instance, data):
        members = data.pop("members", None)
        if members is not None:
            members = [services.MemberSpan(**member) for member in members]
        if instance is None:
            return services.partnership_create(members=members or [], **data)
        return services.partnership_update(partnership=instance, members=members, **data)


# --- organizations ------------------------------------------------------------------------


class MembershipInput(serializers.Serializer):
    nation = serializers.CharField(max_length=150, help_text="Nation slug.")
    status = serializers.ChoiceField(choices=MembershipStatus.choices, required=False)
    joined = serializers.DateField(
        required=False, help_text="Defaults to the organization's founding date."
    )
    joined_precision = _precision()
    left = serializers.DateField(required=False, allow_null=True)
    left_precision = _precision()
    notes = serializers.CharField(max_length=300, required=False, allow_blank=True)


class OrganizationWriteSerializer(ServiceWriteSerializer):
    slug = serializers.SlugField(max_length=120, required=False)
    parent = slug_related(Organization.objects.all(), label="organization", allow_null=True)
    members = nation_items(
        MembershipInput,
        help_text="Nation slugs, or objects {nation, status, joined, left, ...}; replaces all.",
    )
    sources = slug_related(Source.objects.all(), label="source", many=True)
    rows_field = "members"
    slug_from = "acronym"
    date_span = ("founded", "dissolved")

    class Meta:
        model = Organization
        fields = [
            "name",
            "acronym",
            "slug",
            "kind",
            "founded",
            "founded_precision",
            "dissolved",
            "dissolved_precision",
            "parent",
            "headquarters",
            "website",
            "description",
            "members",
            "sources",
        ]

    def create(self, validated_data):
        # The slug is the lower-case acronym where there is one: nato.
        if not validated_data.get("slug") and not validated_data.get("acronym"):
            self.slug_from = "name"
        return super().create(validated_data)

    def save_record(self, instance, data):
        return services.organization_save(organization=instance, **data)


# --- exercises ----------------------------------------------------------------------------


class ParticipantInput(serializers.Serializer):
    nation = serializers.CharField(max_length=150, help_text="Nation slug.")
    role = serializers.ChoiceField(choices=ParticipationRole.choices, required=False)
    contribution = serializers.CharField(max_length=250, required=False, allow_blank=True)


class ExerciseWriteSerializer(ServiceWriteSerializer):
    series = slug_related(ExerciseSeries.objects.all(), label="series", allow_null=True)
    host = slug_related(
        Nation.objects.all(),
        label="nation",
        allow_null=True,
        help_text="The lead host; added to the participants, as a host, if not among them.",
    )
    participants = nation_items(
        ParticipantInput,
        help_text="Nation slugs, or objects {nation, role, contribution}; replaces all.",
    )
    organizations = slug_related(Organization.objects.all(), label="organization", many=True)
    sources = slug_related(Source.objects.all(), label="source", many=True)
    rows_field = "participants"

    class Meta:
        model = Exercise
        fields = [
            "name",
            "slug",
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
            "participants",
            "organizations",
            "description",
            "mme_id",
            "sources",
        ]

    def save_record(self, instance, data):
        return services.exercise_save(exercise=instance, **data)


# --- engagements --------------------------------------------------------------------------


class PartyInput(serializers.Serializer):
    nation = serializers.CharField(max_length=150, help_text="Nation slug.")
    role = serializers.ChoiceField(choices=EngagementRole.choices, required=False)


class EngagementWriteSerializer(ServiceWriteSerializer):
    organization = slug_related(Organization.objects.all(), label="organization", allow_null=True)
    parties = nation_items(
        PartyInput, help_text="Nation slugs, or objects {nation, role}; replaces all."
    )
    sources = slug_related(Source.objects.all(), label="source", many=True)
    rows_field = "parties"

    class Meta:
        model = Engagement
        fields = [
            "name",
            "slug",
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
        ]

    def save_record(self, instance, data):
        return services.engagement_save(engagement=instance, **data)


# --- articles -----------------------------------------------------------------------------


class ArticleWriteSerializer(ServiceWriteSerializer):
    topics = slug_related(Topic.objects.all(), label="topic", many=True)
    nations = slug_related(Nation.objects.all(), label="nation", many=True)
    organizations = slug_related(Organization.objects.all(), label="organization", many=True)
    partnerships = slug_related(Partnership.objects.all(), label="partnership", many=True)
    exercises = slug_related(Exercise.objects.all(), label="exercise", many=True)
    engagements = slug_related(Engagement.objects.all(), label="engagement", many=True)
    related_articles = slug_related(Article.objects.all(), label="article", many=True)
    sources = slug_related(Source.objects.all(), label="source", many=True)
    slug_from = "title"
    date_span = None

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "kind",
            "summary",
            "body",
            "author",
            "status",
            "published_at",
            "cover_caption",
            *services.ARTICLE_RELATIONS,
        ]
        extra_kwargs = {
            "published_at": {"help_text": "Defaults to now when the status is published."}
        }

    def save_record(self, instance, data):
        relations = {name: data.pop(name) for name in services.ARTICLE_RELATIONS if name in data}
        status = data.get("status", instance.status if instance else ArticleStatus.DRAFT)
        published_at = data.get("published_at", instance.published_at if instance else None)
        if status == ArticleStatus.PUBLISHED and published_at is None:
            from django.utils import timezone

            data["published_at"] = timezone.now()
        return services.article_save(article=instance, relations=relations, **data)

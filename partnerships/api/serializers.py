"""What the API shows of each record, with nested summaries of its related records.

These serializers are the one declaration of each resource's shape (fields, order,
schema); writers.py builds on them. The API reads through reader.py, which works out
from these fields which columns to select and which nested lists to fetch: a new field
here appears in lists, detail and CSV with no other edit. A nested list's source is the
model's relation; its order, and which records it may show, are the view's (prefetch.py).
"""

from rest_framework import serializers

from ..models import (
    OBLIGATION_FIELDS,
    Article,
    Engagement,
    EngagementParty,
    Exercise,
    ExerciseSeries,
    Membership,
    Nation,
    Organization,
    Participation,
    Partnership,
    PartnershipMember,
    Source,
    Topic,
)
from ..phases import partnership_phases
from .fields import (
    ApiLinkField,
    ComputedCharField,
    ComputedListField,
    HtmlLinkField,
    OptionalURLField,
    with_raw_lengths,
)


class ReadSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose read-only choice fields keep `allow_blank`: a choice the
    model may leave blank is answered as "", and the schema must allow it. Text fields
    count their length as sent (fields.RawLengthCharField), for the writers built on it."""

    serializer_field_mapping = with_raw_lengths(
        serializers.ModelSerializer.serializer_field_mapping
    )

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        blank = kwargs.get("allow_blank") and "choices" in kwargs
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if blank and kwargs.get("read_only"):
            kwargs["allow_blank"] = True
        return kwargs


class LinkedSerializer(ReadSerializer):
    url = ApiLinkField()
    html_url = HtmlLinkField()


# --- summaries of related records ---------------------------------------------------------


class NationRefSerializer(LinkedSerializer):
    class Meta:
        model = Nation
        fields = ["name", "slug", "iso3", "url", "html_url"]
        read_only_fields = fields


class OrganizationRefSerializer(LinkedSerializer):
    class Meta:
        model = Organization
        fields = ["name", "acronym", "slug", "url", "html_url"]
        read_only_fields = fields


class PartnershipRefSerializer(LinkedSerializer):
    class Meta:
        model = Partnership
        fields = ["name", "slug", "kind", "url", "html_url"]
        read_only_fields = fields


class ExerciseRefSerializer(LinkedSerializer):
    class Meta:
        model = Exercise
        fields = ["name", "slug", "start_date", "url", "html_url"]
        read_only_fields = fields


class EngagementRefSerializer(LinkedSerializer):
    class Meta:
        model = Engagement
        fields = ["name", "slug", "kind", "url", "html_url"]
        read_only_fields = fields


class ArticleRefSerializer(LinkedSerializer):
    class Meta:
        model = Article
        fields = ["title", "slug", "url", "html_url"]
        read_only_fields = fields


class CitationSerializer(LinkedSerializer):
    """A source as a citation."""

    web_url = OptionalURLField(source="url", read_only=True)

    class Meta:
        model = Source
        fields = ["title", "slug", "publisher", "published", "web_url", "url", "html_url"]
        read_only_fields = fields


class SeriesRefSerializer(ReadSerializer):
    class Meta:
        model = ExerciseSeries
        fields = ["name", "slug"]
        read_only_fields = fields


class TopicRefSerializer(ReadSerializer):
    class Meta:
        model = Topic
        fields = ["name", "slug"]
        read_only_fields = fields


# --- rows of through tables ---------------------------------------------------------------

SPAN_FIELDS = ["joined", "joined_precision", "left", "left_precision"]


class OrganizationMemberSerializer(ReadSerializer):
    nation = NationRefSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["nation", "status", *SPAN_FIELDS, "notes"]
        read_only_fields = fields


class NationMembershipSerializer(ReadSerializer):
    organization = OrganizationRefSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["organization", "status", *SPAN_FIELDS]
        read_only_fields = fields


# Which date is which: when a member signed, and how it joined (original party,
# ratification or accession), where the record says.
MEMBER_DATE_FIELDS = ["signed", "signed_precision", "joined_by"]


class PartnershipMemberSerializer(ReadSerializer):
    nation = NationRefSerializer(read_only=True)

    class Meta:
        model = PartnershipMember
        fields = ["nation", *MEMBER_DATE_FIELDS, *SPAN_FIELDS, "role"]
        read_only_fields = fields


class NationPartnershipSerializer(ReadSerializer):
    partnership = PartnershipRefSerializer(read_only=True)

    class Meta:
        model = PartnershipMember
        fields = ["partnership", *SPAN_FIELDS, "role"]
        read_only_fields = fields


class ParticipantSerializer(ReadSerializer):
    nation = NationRefSerializer(read_only=True)

    class Meta:
        model = Participation
        fields = ["nation", "role", "contribution"]
        read_only_fields = fields


class PartySerializer(ReadSerializer):
    nation = NationRefSerializer(read_only=True)

    class Meta:
        model = EngagementParty
        fields = ["nation", "role"]
        read_only_fields = fields


# --- the resources ------------------------------------------------------------------------


class NationSerializer(LinkedSerializer):
    """Read and write: a nation has no related records written with it."""

    memberships = NationMembershipSerializer(many=True, read_only=True)
    partnerships = NationPartnershipSerializer(
        source="partnership_memberships", many=True, read_only=True
    )

    class Meta:
        model = Nation
        fields = [
            "name",
            "slug",
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
            "memberships",
            "partnerships",
            "updated_at",
            "url",
            "html_url",
        ]
        read_only_fields = ["updated_at"]


class SourceSerializer(LinkedSerializer):
    """Read and write. `web_url` is where the source itself is published."""

    web_url = OptionalURLField(source="url", max_length=500, required=False)
    citation = ComputedCharField(reads=["title", "publisher", "published"])

    class Meta:
        model = Source
        fields = [
            "title",
            "slug",
            "publisher",
            "web_url",
            "published",
            "accessed",
            "announcement",
            "dataset",
            "dataset_version",
            "notes",
            "citation",
            "updated_at",
            "url",
            "html_url",
        ]
        read_only_fields = ["citation", "updated_at"]


class OrganizationSerializer(LinkedSerializer):
    parent = OrganizationRefSerializer(read_only=True, allow_null=True)
    website = OptionalURLField(read_only=True)
    members = OrganizationMemberSerializer(source="memberships", many=True, read_only=True)
    sources = CitationSerializer(many=True, read_only=True)

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
            "updated_at",
            "url",
            "html_url",
        ]
        read_only_fields = fields


class PartnershipSerializer(LinkedSerializer):
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    members = PartnershipMemberSerializer(source="memberships", many=True, read_only=True)
    sources = CitationSerializer(many=True, read_only=True)

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
            "updated_at",
            "url",
            "html_url",
        ]
        read_only_fields = fields


class PhaseMemberSerializer(serializers.Serializer):
    nation = serializers.CharField(help_text="Nation slug.")
    start_date = serializers.DateField()
    start_precision = serializers.CharField()
    end_date = serializers.DateField(allow_null=True)
    end_precision = serializers.CharField()
    obligations = serializers.ListField(
        child=serializers.ChoiceField(choices=OBLIGATION_FIELDS),
        help_text="What this member undertook in this phase.",
    )


class PhaseSerializer(serializers.Serializer):
    phase = serializers.IntegerField(help_text="ATOP's phase number (0: a single phase).")
    start_date = serializers.DateField()
    start_precision = serializers.CharField()
    end_date = serializers.DateField(allow_null=True)
    end_precision = serializers.CharField()
    period = serializers.CharField()
    members = PhaseMemberSerializer(many=True)


class PartnershipDetailSerializer(PartnershipSerializer):
    """A partnership with its obligations per phase and member (the detail and the answer
    to a write); its own flags are what any member undertook at any time. The view adds
    `phases` with `phases_of`."""

    api_description = (
        "A partnership with its obligations per phase and member; its own flags are what "
        "any member undertook at any time."
    )

    phases = PhaseSerializer(many=True, read_only=True)

    class Meta(PartnershipSerializer.Meta):
        fields = [*PartnershipSerializer.Meta.fields, "phases"]
        read_only_fields = fields


def phases_of(slug: str) -> list[dict]:
    """The `phases` of a partnership's detail, by its slug (one query)."""
    phases = partnership_phases(slug)
    for phase in phases:
        del phase["groups"]
        for member in phase["members"]:
            member["nation"] = member["nation"].slug
    return PhaseSerializer(phases, many=True).data


class ExerciseSerializer(LinkedSerializer):
    domains = ComputedListField(
        child=serializers.CharField(),
        reads=["domain", "other_domains"],
        help_text="Every domain, the main one (`domain`) first; a domain filter matches any.",
    )
    series = SeriesRefSerializer(read_only=True, allow_null=True)
    host = NationRefSerializer(read_only=True, allow_null=True)
    participants = ParticipantSerializer(source="participations", many=True, read_only=True)
    organizations = OrganizationRefSerializer(many=True, read_only=True)
    sources = CitationSerializer(many=True, read_only=True)

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
            "domains",
            "focus",
            "region",
            "location",
            "latitude",
            "longitude",
            "participants",
            "unknown_participants",
            "organizations",
            "description",
            "mme_id",
            "sources",
            "updated_at",
            "url",
            "html_url",
        ]
        read_only_fields = fields


class EngagementSerializer(LinkedSerializer):
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    parties = PartySerializer(many=True, read_only=True)
    sources = CitationSerializer(many=True, read_only=True)

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
            "updated_at",
            "url",
            "html_url",
        ]
        read_only_fields = fields


class ArticleSerializer(LinkedSerializer):
    topics = TopicRefSerializer(many=True, read_only=True)
    nations = NationRefSerializer(many=True, read_only=True)
    organizations = OrganizationRefSerializer(many=True, read_only=True)
    partnerships = PartnershipRefSerializer(many=True, read_only=True)
    exercises = ExerciseRefSerializer(many=True, read_only=True)
    engagements = EngagementRefSerializer(many=True, read_only=True)
    related_articles = ArticleRefSerializer(many=True, read_only=True)
    sources = CitationSerializer(many=True, read_only=True)

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
            "topics",
            "nations",
            "organizations",
            "partnerships",
            "exercises",
            "engagements",
            "related_articles",
            "sources",
            "updated_at",
            "url",
            "html_url",
        ]
        read_only_fields = fields

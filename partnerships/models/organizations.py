from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from ..links import slug_path
from ..querysets import MembershipQuerySet, OrganizationQuerySet
from ..validation import validate_no_overlap
from .common import (
    DateBounds,
    SlugNaturalKey,
    Timestamped,
    bound_follows_date,
    dates_in_order,
    format_date,
    latest_field,
    precision_field,
)
from .nations import Nation
from .sources import Source


class OrganizationKind(models.TextChoices):
    ALLIANCE = "alliance", "Military alliance"
    COLLECTIVE_SECURITY = "collective_security", "Collective security organization"
    INTERGOVERNMENTAL = "intergovernmental", "Intergovernmental organization"
    REGIONAL = "regional", "Regional organization"
    UNION = "union", "Political and economic union"
    SECURITY_POLICY = "security_policy", "Security and defence policy framework"
    FORUM = "forum", "Security forum or dialogue"


class Organization(SlugNaturalKey, DateBounds, Timestamped):
    date_fields = ("founded", "dissolved")

    name = models.CharField(max_length=200, unique=True)
    acronym = models.CharField(max_length=20, blank=True)
    slug = models.SlugField(
        max_length=120, unique=True, help_text="The lower-case acronym where there is one: nato."
    )
    kind = models.CharField(max_length=30, choices=OrganizationKind.choices, db_index=True)
    founded = models.DateField(null=True, blank=True, db_index=True)
    founded_precision = precision_field()
    founded_latest = latest_field("founding date")
    dissolved = models.DateField(null=True, blank=True)
    dissolved_precision = precision_field()
    dissolved_latest = latest_field("dissolution date")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The organization this one belongs to (the CSDP is part of the EU).",
    )
    headquarters = models.CharField(max_length=120, blank=True)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    members = models.ManyToManyField(
        Nation, through="Membership", related_name="organizations", blank=True
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="organizations")

    history = HistoricalRecords()
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            dates_in_order("organization_dates_in_order", "founded", "dissolved"),
            bound_follows_date("organization_founded_bound", "founded"),
            bound_follows_date("organization_dissolved_bound", "dissolved"),
        ]
        # Sort orders and the `year` filter (founded is already indexed).
        indexes = [
            models.Index(fields=["acronym"]),
            models.Index(fields=["dissolved"]),
            models.Index(fields=["dissolved_latest"], name="organization_dissolved_latest"),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def short_name(self):
        return self.acronym or self.name

    def get_absolute_url(self):
        return slug_path("partnerships:organization-detail", self.slug)


class MembershipStatus(models.TextChoices):
    MEMBER = "member", "Member"
    PARTNER = "partner", "Partner"
    OBSERVER = "observer", "Observer"


class Membership(DateBounds, Timestamped):
    """A nation's membership of an organization over one period."""

    date_fields = ("joined", "left")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    nation = models.ForeignKey(Nation, on_delete=models.PROTECT, related_name="memberships")
    status = models.CharField(
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.MEMBER,
        db_index=True,
        help_text="Only members count as members; partners and observers are listed apart.",
    )
    joined = models.DateField(db_index=True)
    joined_precision = precision_field()
    joined_latest = latest_field("joining date")
    left = models.DateField(null=True, blank=True, help_text="Empty while current.")
    left_precision = precision_field()
    left_latest = latest_field("leaving date")
    notes = models.CharField(max_length=300, blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="memberships")

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organization", "joined", "nation__name"]
        constraints = [
            dates_in_order("membership_dates_in_order", "joined", "left"),
            bound_follows_date("membership_joined_bound", "joined"),
            bound_follows_date("membership_left_bound", "left"),
            models.UniqueConstraint(
                fields=["organization", "nation", "joined"],
                name="membership_unique_period",
                violation_error_message="This nation already has a membership starting that day.",
            ),
            models.UniqueConstraint(
                fields=["organization", "nation"],
                condition=Q(left__isnull=True),
                name="membership_one_current",
                violation_error_message="This nation already has a current membership here.",
            ),
        ]
        # A nation's memberships in a year: joined no later than its end, left_latest not before.
        indexes = [models.Index(fields=["nation", "joined", "left_latest"], name="membership_span")]

    def __str__(self):
        return f"{self.nation} in {self.organization.short_name} ({self.period})"

    @property
    def period(self):
        start = format_date(self.joined, self.joined_precision)
        end = format_date(self.left, self.left_precision) if self.left else "present"
        return f"{start} – {end}"

    def clean(self):
        super().clean()
        validate_no_overlap(self, "organization", start="joined", end="left")

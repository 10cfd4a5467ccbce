from django.db import models
from simple_history.models import HistoricalRecords

from ..links import slug_path
from ..querysets import EngagementPartyQuerySet, EngagementQuerySet
from .common import (
    DateBounds,
    SlugNaturalKey,
    Timestamped,
    bound_follows_date,
    dates_in_order,
    format_range,
    format_span,
    latest_field,
    precision_field,
)
from .nations import Nation
from .organizations import Organization
from .sources import Source


class EngagementKind(models.TextChoices):
    TRAINING = "training", "Training programme"
    MILITARY_AID = "military_aid", "Military aid"
    ARMS_AGREEMENT = "arms_agreement", "Arms agreement"
    INTELLIGENCE_SHARING = "intelligence_sharing", "Intelligence sharing"
    DEFENCE_DIALOGUE = "defence_dialogue", "Defence dialogue"
    VISIT = "visit", "Visit"
    BASING = "basing", "Basing and access agreement"
    OTHER = "other", "Other engagement"


class Engagement(SlugNaturalKey, DateBounds, Timestamped):
    """A tool of military diplomacy other than an exercise: training, aid, arms, intelligence."""

    date_fields = ("start_date", "end_date")

    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=150, unique=True)
    kind = models.CharField(max_length=25, choices=EngagementKind.choices, db_index=True)
    start_date = models.DateField(db_index=True)
    start_precision = precision_field()
    start_latest = latest_field("start")
    end_date = models.DateField(null=True, blank=True, db_index=True)
    end_precision = precision_field()
    end_latest = latest_field("end")
    nations = models.ManyToManyField(
        Nation, through="EngagementParty", related_name="engagements", blank=True
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="engagements",
    )
    value_usd = models.DecimalField(
        "value (US$)",
        max_digits=16,
        decimal_places=0,
        null=True,
        blank=True,
        help_text="Announced value in US dollars, for aid and arms agreements.",
    )
    description = models.TextField(blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="engagements")

    history = HistoricalRecords()
    objects = EngagementQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            dates_in_order("engagement_dates_in_order"),
            bound_follows_date("engagement_start_bound", "start_date"),
            bound_follows_date("engagement_end_bound", "end_date"),
            models.CheckConstraint(
                condition=models.Q(value_usd__isnull=True) | models.Q(value_usd__gte=0),
                name="engagement_value_not_negative",
                violation_error_message="The value cannot be negative.",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "start_date"]),
            # The default order and the `name` and `value_usd` sorts.
            models.Index(fields=["-start_date", "name"]),
            models.Index(fields=["name"]),
            # `year`: a record may have run until its latest possible end.
            models.Index(fields=["end_latest"], name="engagement_end_latest"),
            models.Index(fields=["value_usd"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_path("partnerships:engagement-detail", self.slug)

    @property
    def period(self):
        if not self.end_date and self.kind != EngagementKind.VISIT:
            return format_span(
                self.start_date, self.start_precision, None, None, open_end="ongoing"
            )
        return format_range(
            self.start_date, self.start_precision, self.end_date, self.end_precision
        )


class EngagementRole(models.TextChoices):
    PROVIDER = "provider", "Provider"
    RECIPIENT = "recipient", "Recipient"
    PARTNER = "partner", "Partner"
    HOST = "host", "Host"
    VISITOR = "visitor", "Visitor"


class EngagementParty(Timestamped):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="parties")
    nation = models.ForeignKey(Nation, on_delete=models.PROTECT, related_name="engagement_parties")
    role = models.CharField(
        max_length=10,
        choices=EngagementRole.choices,
        default=EngagementRole.PARTNER,
        db_index=True,
    )

    history = HistoricalRecords()
    objects = EngagementPartyQuerySet.as_manager()

    class Meta:
        ordering = ["engagement", "role", "nation__name"]
        verbose_name_plural = "engagement parties"
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "nation"],
                name="engagement_party_once",
                violation_error_message="This nation is already a party to this engagement.",
            )
        ]
        indexes = [models.Index(fields=["nation", "engagement"])]

    def __str__(self):
        return f"{self.nation} ({self.get_role_display()}) in {self.engagement}"

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from ..links import slug_path
from ..querysets import ObligationPeriodQuerySet, PartnershipMemberQuerySet, PartnershipQuerySet
from .common import (
    DateBounds,
    SlugNaturalKey,
    Timestamped,
    bound_follows_date,
    dates_in_order,
    format_date,
    format_span,
    latest_field,
    precision_field,
)
from .nations import Nation
from .organizations import Organization
from .sources import Source
from .spans import nation_span


class PartnershipKind(models.TextChoices):
    BILATERAL = "bilateral", "Bilateral"
    MULTILATERAL = "multilateral", "Multilateral"
    INFORMAL = "informal", "Informal"


class JoinedBy(models.TextChoices):
    """How a member became a party: the treaty's own entry into force, or later on its own."""

    ORIGINAL = "original", "Original party"
    RATIFICATION = "ratification", "Ratification"
    ACCESSION = "accession", "Accession"


class Obligation(models.TextChoices):
    """The ATOP typology of alliance obligations."""

    DEFENSE = "defense", "Defence pact"
    OFFENSE = "offense", "Offence pact"
    NEUTRALITY = "neutrality", "Neutrality"
    NONAGGRESSION = "nonaggression", "Non-aggression"
    CONSULTATION = "consultation", "Consultation / entente"


OBLIGATION_FIELDS = [choice.value for choice in Obligation]


class ObligationFlags(models.Model):
    defense = models.BooleanField(
        "defence pact", default=False, help_text="Members promise to defend one another."
    )
    offense = models.BooleanField(
        "offence pact", default=False, help_text="Members promise joint offensive action."
    )
    neutrality = models.BooleanField(
        default=False, help_text="Members stay neutral if one is attacked."
    )
    nonaggression = models.BooleanField(
        "non-aggression", default=False, help_text="Members promise not to attack one another."
    )
    consultation = models.BooleanField(
        "consultation / entente", default=False, help_text="Members consult in a crisis."
    )

    class Meta:
        abstract = True

    @property
    def obligations(self):
        """Labels of the obligations set ("Defence pact", ...)."""
        return [Obligation(name).label for name in OBLIGATION_FIELDS if getattr(self, name)]

    @property
    def obligation_names(self) -> list[str]:
        """Names of the obligations set (defense, offense, ...), as the API writes them."""
        return [name for name in OBLIGATION_FIELDS if getattr(self, name)]


def validate_partnership_members(kind: str, members: Iterable) -> None:
    """Refuse a member list the partnership's kind does not allow.

    `members` holds anything with a `nation_id` or `nation` (spans, member rows).
    """
    nation_ids = []
    for member in members:
        nation_id = getattr(member, "nation_id", None)
        if nation_id is None and getattr(member, "nation", None) is not None:
            nation_id = member.nation.pk
        if nation_id is not None:
            nation_ids.append(nation_id)
    if kind == PartnershipKind.BILATERAL and len(set(nation_ids)) != 2:
        raise ValidationError(
            {
                "members": (
                    "A bilateral partnership has exactly two distinct member nations; "
                    f"{len(set(nation_ids))} given."
                )
            }
        )


class Partnership(SlugNaturalKey, DateBounds, Timestamped, ObligationFlags):
    """A defence partnership: a treaty alliance, a strategic partnership, an informal grouping.

    Its obligation flags hold what any member undertook at any time; `ObligationPeriod`
    holds each member's obligations per phase.
    """

    date_fields = ("start_date", "end_date")

    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=150, unique=True)
    kind = models.CharField(max_length=15, choices=PartnershipKind.choices, db_index=True)
    signed_date = models.DateField(
        "signed",
        null=True,
        blank=True,
        help_text="When the text was signed. Empty for a grouping that was launched or "
        "announced rather than signed.",
    )
    signed_precision = precision_field()
    start_date = models.DateField(
        db_index=True,
        help_text="Entry into force where the text records one (the signature is kept apart); "
        "otherwise the day it was signed, launched or announced.",
    )
    start_precision = precision_field()
    start_latest = latest_field("start")
    end_date = models.DateField(
        null=True, blank=True, db_index=True, help_text="Empty while in force."
    )
    end_precision = precision_field()
    end_latest = latest_field("end")
    members = models.ManyToManyField(
        Nation, through="PartnershipMember", related_name="partnerships", blank=True
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partnerships",
        help_text="The organization this partnership created or belongs to, if any.",
    )
    military_aid = models.BooleanField(default=False, help_text="Provides for military aid.")
    bases = models.BooleanField(default=False, help_text="Provides for bases or troop presence.")
    integrated_command = models.BooleanField(default=False)
    formal_organization = models.BooleanField(
        default=False, help_text="Creates a standing organization."
    )
    description = models.TextField(blank=True)
    atop_id = models.PositiveIntegerField(
        "ATOP id", null=True, blank=True, unique=True, help_text="Alliance id in ATOP."
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="partnerships")

    history = HistoricalRecords()
    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "name"]
        constraints = [
            dates_in_order("partnership_dates_in_order"),
            dates_in_order("partnership_signed_before_in_force", "signed_date", "start_date"),
            bound_follows_date("partnership_start_bound", "start_date"),
            bound_follows_date("partnership_end_bound", "end_date"),
        ]
        indexes = [
            # `year`: a partnership may have run until its latest possible end.
            models.Index(fields=["end_latest"], name="partnership_end_latest"),
            models.Index(fields=["kind", "start_date"]),
            # The default order and the `name` sort, read a page at a time.
            models.Index(fields=["start_date", "name"]),
            models.Index(fields=["name"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_path("partnerships:partnership-detail", self.slug)

    @property
    def in_force(self):
        return self.end_date is None

    @property
    def signed(self):
        """The signature at its precision ("8 September 1954"), or ""."""
        return format_date(self.signed_date, self.signed_precision)

    @property
    def period(self):
        return format_span(
            self.start_date, self.start_precision, self.end_date, self.end_precision,
            open_end="in force",
        )  # fmt: skip

    def clean(self):
        super().clean()
        if self.pk:
            validate_partnership_members(self.kind, self.memberships.all())


PartnershipSpan = nation_span(
    "partnership", Partnership, nation_related_name="partnership_memberships"
)


class PartnershipMember(PartnershipSpan):
    """A nation's membership of a partnership over one span."""

    signed = models.DateField(
        null=True,
        blank=True,
        help_text="When this member signed, where that differs from the day it joined.",
    )
    signed_precision = precision_field()
    joined = models.DateField(
        db_index=True,
        help_text="When the partnership took effect for this member: the entry into force, "
        "or its own ratification or accession.",
    )
    joined_by = models.CharField(
        "how it joined",
        max_length=12,
        choices=JoinedBy.choices,
        blank=True,
        help_text="Original party (with the entry into force), later ratification, or accession.",
    )
    role = models.CharField(
        max_length=100, blank=True, help_text="e.g. founding member, guarantor, protected state."
    )

    history = HistoricalRecords()
    objects = PartnershipMemberQuerySet.as_manager()

    class Meta(PartnershipSpan.Meta):
        ordering = ["partnership", "joined", "nation__name"]
        verbose_name = "partnership member"
        constraints = [
            *PartnershipSpan.Meta.constraints,
            dates_in_order("partnership_member_signed_before_joined", "signed", "joined"),
        ]
        # A nation's spans in a year: joined no later than its end, left_latest not before.
        indexes = [
            models.Index(fields=["nation", "joined", "left_latest"], name="partnership_member_span")
        ]

    def __str__(self):
        return f"{self.nation} in {self.partnership}"


class ObligationPeriod(DateBounds, ObligationFlags):
    """A member's obligations during one phase (ATOP): they may change while it stays a member.

    A member with no period undertook the partnership's obligations over its whole span.
    """

    date_fields = ("start_date", "end_date")

    member = models.ForeignKey(
        PartnershipMember, on_delete=models.CASCADE, related_name="obligation_periods"
    )
    phase = models.PositiveSmallIntegerField(default=0)
    start_date = models.DateField()
    start_precision = precision_field()
    start_latest = latest_field("start")
    end_date = models.DateField(null=True, blank=True)
    end_precision = precision_field()
    end_latest = latest_field("end")

    objects = ObligationPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["member", "start_date"]
        constraints = [
            dates_in_order("obligation_period_dates_in_order"),
            bound_follows_date("obligation_period_start_bound", "start_date"),
            bound_follows_date("obligation_period_end_bound", "end_date"),
            models.UniqueConstraint(fields=["member", "phase"], name="obligation_period_phase"),
        ]

    def __str__(self):
        return f"{self.member} phase {self.phase}"

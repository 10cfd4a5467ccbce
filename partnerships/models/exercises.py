from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from ..links import slug_path
from ..places import ExerciseRegion, exercise_region
from ..querysets import ExerciseQuerySet, ExerciseSeriesQuerySet, ParticipationQuerySet
from .common import (
    DateBounds,
    SlugNaturalKey,
    Timestamped,
    bound_follows_date,
    dates_in_order,
    format_range,
    latest_field,
    precision_field,
)
from .nations import Nation
from .organizations import Organization
from .sources import Source


class Domain(models.TextChoices):
    LAND = "land", "Land"
    MARITIME = "maritime", "Maritime"
    AIR = "air", "Air"
    AMPHIBIOUS = "amphibious", "Amphibious"
    CYBER = "cyber", "Cyber"
    SPACE = "space", "Space"
    JOINT = "joint", "Joint (several domains)"
    COMMAND_POST = "command_post", "Command post / staff"
    SPECIAL_OPERATIONS = "special_operations", "Special operations"
    HADR = "hadr", "Humanitarian assistance and disaster relief"
    PEACEKEEPING = "peacekeeping", "Peacekeeping"
    COUNTER_TERRORISM = "counter_terrorism", "Counter-terrorism"


class Focus(models.TextChoices):
    WARFIGHTING = "warfighting", "Warfighting"
    PEACEKEEPING = "peacekeeping", "Peacekeeping"
    HUMANITARIAN = "humanitarian", "Humanitarian"
    MIXED = "mixed", "Mixed"


class ExerciseSeries(SlugNaturalKey, Timestamped):
    """A recurring exercise (RIMPAC, Cobra Gold); each edition is an Exercise."""

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    description = models.TextField(blank=True)
    domain = models.CharField(max_length=20, choices=Domain.choices, blank=True, db_index=True)
    lead_nation = models.ForeignKey(
        Nation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_exercise_series",
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exercise_series",
    )
    first_held = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Year.")
    frequency = models.CharField(max_length=60, blank=True, help_text="e.g. biennial, annual.")
    sources = models.ManyToManyField(Source, blank=True, related_name="exercise_series")

    history = HistoricalRecords()
    objects = ExerciseSeriesQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "exercise series"

    def __str__(self):
        return self.name


class Exercise(SlugNaturalKey, DateBounds, Timestamped):
    """One edition of a joint exercise."""

    date_fields = ("start_date", "end_date")

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=150, unique=True)
    series = models.ForeignKey(
        ExerciseSeries,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exercises",
    )
    start_date = models.DateField(db_index=True)
    start_precision = precision_field()
    start_latest = latest_field("start")
    end_date = models.DateField(null=True, blank=True, db_index=True)
    end_precision = precision_field()
    end_latest = latest_field("end")
    host = models.ForeignKey(
        Nation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_exercises",
        help_text="The lead host; co-hosts are participants with the role host.",
    )
    domain = models.CharField(max_length=20, choices=Domain.choices, db_index=True)
    focus = models.CharField(max_length=15, choices=Focus.choices, blank=True, db_index=True)
    other_domains = models.CharField(
        max_length=120,
        blank=True,
        help_text="Further domains besides the main one, comma-separated "
        '("land,air,amphibious"); a domain filter matches any of them.',
    )
    region = models.CharField(
        max_length=15,
        choices=ExerciseRegion.choices,
        blank=True,
        db_index=True,
        help_text="Where it was held. Left empty, it is worked out from the coordinates, "
        "else from the lead host.",
    )
    location = models.CharField(max_length=250, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    participants = models.ManyToManyField(
        Nation, through="Participation", related_name="exercises", blank=True
    )
    organizations = models.ManyToManyField(
        Organization,
        blank=True,
        related_name="exercises",
        help_text="Organizations that ran or took part (e.g. NATO).",
    )
    description = models.TextField(blank=True)
    mme_id = models.CharField(
        "MME id",
        max_length=20,
        null=True,
        blank=True,
        db_index=True,
        help_text='Exercise id in MME as published ("mme87"); not unique, as the dataset '
        "reuses a few.",
    )
    unknown_participants = models.PositiveSmallIntegerField(
        default=0,
        help_text="Participants the source counts but does not name (MME's -9): when above "
        "zero, the list of participants is partial.",
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="exercises")

    history = HistoricalRecords()
    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            dates_in_order("exercise_dates_in_order"),
            bound_follows_date("exercise_start_bound", "start_date"),
            bound_follows_date("exercise_end_bound", "end_date"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="exercise_latitude_range",
                violation_error_message="Latitude is between -90 and 90.",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="exercise_longitude_range",
                violation_error_message="Longitude is between -180 and 180.",
            ),
        ]
        indexes = [
            models.Index(fields=["domain", "start_date"]),
            models.Index(fields=["series", "start_date"]),
            # The default order (newest first) and the `name` sort, a page at a time.
            models.Index(fields=["-start_date", "name"]),
            models.Index(fields=["name"]),
            # `year`: a record may have run until its latest possible end.
            models.Index(fields=["end_latest"], name="exercise_end_latest"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_path("partnerships:exercise-detail", self.slug)

    @property
    def domains(self) -> list[str]:
        """The main domain first, then the others."""
        others = [d.strip() for d in self.other_domains.split(",") if d.strip()]
        return [self.domain, *(d for d in others if d != self.domain)]

    def domain_labels(self) -> list[str]:
        labels = dict(Domain.choices)
        return [labels.get(domain, domain) for domain in self.domains]

    def fill_date_bounds(self):
        # Every writer calls this (save, full_clean, bulk_create, bulk_update): the derived
        # region rides along, so imports and loaders need not know about it.
        names = super().fill_date_bounds()
        self.fill_region()
        return names

    def fill_region(self):
        if self.region:
            return
        host = None
        if self.host_id is not None:
            field = type(self)._meta.get_field("host")
            host = self.host if field.is_cached(self) else None
            if host is None:
                host = Nation.objects.only("region", "subregion").get(pk=self.host_id)
        self.region = exercise_region(
            self.latitude,
            self.longitude,
            host.region if host else "",
            host.subregion if host else "",
        )

    def clean(self):
        super().clean()
        unknown = [
            d for d in self.other_domains.split(",") if d.strip() and d.strip() not in Domain.values
        ]
        if unknown:
            raise ValidationError(
                {"other_domains": f"Unknown domain: {', '.join(unknown)}; use {Domain.values}."}
            )

    @property
    def year(self):
        return self.start_date.year

    @property
    def period(self):
        return format_range(
            self.start_date, self.start_precision, self.end_date, self.end_precision
        )


class ParticipationRole(models.TextChoices):
    HOST = "host", "Host"
    PARTICIPANT = "participant", "Participant"
    OBSERVER = "observer", "Observer"


class Participation(Timestamped):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="participations")
    nation = models.ForeignKey(Nation, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(
        max_length=12,
        choices=ParticipationRole.choices,
        default=ParticipationRole.PARTICIPANT,
        db_index=True,
    )
    contribution = models.CharField(
        max_length=250, blank=True, help_text="Units or forces sent, where known."
    )

    history = HistoricalRecords()
    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["exercise", "role", "nation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["exercise", "nation"],
                name="participation_once_per_exercise",
                violation_error_message="This nation is already listed for this exercise.",
            )
        ]
        indexes = [models.Index(fields=["nation", "exercise"])]

    def __str__(self):
        return f"{self.nation} in {self.exercise} ({self.get_role_display()})"

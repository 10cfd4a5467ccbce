from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from ..links import slug_path
from ..names import normalize_name
from ..querysets import NationQuerySet
from .common import SlugNaturalKey, Timestamped, dates_in_order


class Region(models.TextChoices):
    """UN M49 macro-regions."""

    AFRICA = "africa", "Africa"
    AMERICAS = "americas", "Americas"
    ASIA = "asia", "Asia"
    EUROPE = "europe", "Europe"
    OCEANIA = "oceania", "Oceania"


class Nation(SlugNaturalKey, Timestamped):
    """A state, present-day or historical (historical states carry no ISO codes)."""

    name = models.CharField(
        max_length=120, unique=True, help_text='Common English short name: "South Korea".'
    )
    official_name = models.CharField(max_length=200, blank=True)
    slug = models.SlugField(max_length=120, unique=True)
    iso2 = models.CharField("ISO alpha-2", max_length=2, null=True, blank=True, unique=True)
    iso3 = models.CharField("ISO alpha-3", max_length=3, null=True, blank=True, unique=True)
    iso_numeric = models.CharField("ISO numeric", max_length=3, blank=True)
    cow_code = models.PositiveSmallIntegerField(
        "COW code",
        null=True,
        blank=True,
        db_index=True,
        help_text="Correlates of War state number; a state and its successor may share one.",
    )
    cow_abbrev = models.CharField("COW abbreviation", max_length=3, blank=True)
    region = models.CharField(max_length=10, choices=Region.choices, blank=True, db_index=True)
    subregion = models.CharField(max_length=60, blank=True)
    is_historical = models.BooleanField(
        default=False, db_index=True, help_text="A state that no longer exists."
    )
    unrecognised = models.BooleanField(
        default=False,
        db_index=True,
        help_text="Made by a dataset import from a state code the COW crosswalk does not "
        "know; named from the code until a curator names it.",
    )
    un_member_since = models.DateField("UN member since", null=True, blank=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = NationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(iso2__isnull=True) | Q(iso2__regex=r"^[A-Z]{2}$"),
                name="nation_iso2_format",
                violation_error_message="ISO alpha-2 is two capital letters.",
            ),
            models.CheckConstraint(
                condition=Q(iso3__isnull=True) | Q(iso3__regex=r"^[A-Z]{3}$"),
                name="nation_iso3_format",
                violation_error_message="ISO alpha-3 is three capital letters.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_path("partnerships:nation-detail", self.slug)

    def save(self, *args, **kwargs):
        # Blank codes are stored as NULL so uniqueness only applies to real codes.
        self.iso2 = (self.iso2 or "").upper() or None
        self.iso3 = (self.iso3 or "").upper() or None
        super().save(*args, **kwargs)


class NationAlias(models.Model):
    """Another name a nation goes by: CLDR short forms, former names, dataset spellings."""

    nation = models.ForeignKey(Nation, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=150)
    normalized = models.CharField(
        max_length=150, unique=True, help_text="Lower-case, accent-free key used for matching."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "nation aliases"

    def __str__(self):
        return f"{self.name} → {self.nation}"

    def save(self, *args, **kwargs):
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)


class Statehood(models.Model):
    """A spell of membership in the state system (COW): a state may have several."""

    nation = models.ForeignKey(Nation, on_delete=models.CASCADE, related_name="statehoods")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="Empty while the state exists.")

    class Meta:
        ordering = ["nation", "start_date"]
        constraints = [
            dates_in_order("statehood_dates_in_order", bounded=False),
            models.UniqueConstraint(fields=["nation", "start_date"], name="statehood_unique_start"),
        ]

    def __str__(self):
        end = self.end_date.year if self.end_date else "present"
        return f"{self.nation}: {self.start_date.year}–{end}"


__all__ = ["Nation", "NationAlias", "Region", "Statehood"]

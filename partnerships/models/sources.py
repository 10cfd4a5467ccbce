import datetime

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..querysets import SourceQuerySet
from .common import SlugNaturalKey, Timestamped


class Dataset(models.TextChoices):
    ATOP = "atop", "ATOP (Alliance Treaty Obligations and Provisions)"
    MME = "mme", "MME (Multinational Military Exercises)"
    COW = "cow", "Correlates of War State System"


# The last day each dataset version describes: a tie open at that day is known to be in
# force then, not after (ATOP's exit 0 means "in force at the end of coverage").
DATASET_COVERAGE = {
    ("atop", "4.01"): datetime.date(2016, 12, 31),
    ("atop", "5.0"): datetime.date(2018, 12, 31),
    ("atop", "5.1"): datetime.date(2018, 12, 31),
}


def coverage_end(dataset: str, version: str) -> datetime.date | None:
    """The last day a dataset version covers, where we know it."""
    return DATASET_COVERAGE.get((dataset, version))


class Source(SlugNaturalKey, Timestamped):
    """A citation: every fact a reader sees can be traced to one."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField("URL", max_length=500, blank=True)
    published = models.DateField("publication date", null=True, blank=True)
    accessed = models.DateField("accessed on", null=True, blank=True)
    announcement = models.BooleanField(
        default=False,
        help_text="A preview or announcement: published before the events it reports, "
        "which it may describe as planned.",
    )
    dataset = models.CharField(
        max_length=10,
        choices=Dataset.choices,
        blank=True,
        db_index=True,
        help_text="Set when this source is a research dataset that records were imported from.",
    )
    dataset_version = models.CharField(max_length=20, blank=True)
    covers_until = models.DateField(
        "covers until",
        null=True,
        blank=True,
        help_text="For a dataset: the last day its records describe (ATOP 4.01: 2016-12-31). "
        "A tie it records as open is known in force until then, not after.",
    )
    notes = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "dataset_version"],
                condition=~models.Q(dataset=""),
                name="source_one_per_dataset_version",
                violation_error_message="A source for this dataset version already exists.",
            ),
        ]
        # The default order and the `published` sort.
        indexes = [models.Index(fields=["title"]), models.Index(fields=["published"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.url or reverse("partnerships:home")

    @property
    def citation(self):
        parts = [self.title]
        if self.publisher:
            parts.append(self.publisher)
        if self.published:
            parts.append(self.published.isoformat())
        return ". ".join(parts)

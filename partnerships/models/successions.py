from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from ..querysets import SuccessionQuerySet
from .common import Timestamped, format_date, precision_field
from .nations import Nation
from .sources import Source


class SuccessionKind(models.TextChoices):
    """How one state followed another (the terms of the law of state succession)."""

    CONTINUATION = "continuation", "Continuation (the same state goes on)"
    ABSORPTION = "absorption", "Absorption (the predecessor joined the successor)"
    DISSOLUTION = "dissolution", "Dissolution (the predecessor ended; new states)"
    SEPARATION = "separation", "Separation (the successor broke away)"


class Succession(Timestamped):
    """A cited record that one state followed another, and how.

    Only a continuation makes the successor count with its predecessor (Russia with the
    Soviet Union, Germany with West Germany): questions about the successor then read the
    predecessor's memberships too, transitively, never the reverse
    (`Nation.objects.lineages`). The memberships stay the predecessor's.
    """

    predecessor = models.ForeignKey(
        Nation, on_delete=models.PROTECT, related_name="successions_as_predecessor"
    )
    successor = models.ForeignKey(
        Nation, on_delete=models.PROTECT, related_name="successions_as_successor"
    )
    date = models.DateField(help_text="The day the successor took over.")
    date_precision = precision_field()
    kind = models.CharField(max_length=15, choices=SuccessionKind.choices, db_index=True)
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="successions",
        help_text="The treaty, declaration or dataset that records it.",
    )
    note = models.TextField(blank=True, help_text="Where authorities disagree, say so here.")

    history = HistoricalRecords()
    objects = SuccessionQuerySet.as_manager()

    class Meta:
        ordering = ["date", "predecessor__name", "successor__name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")),
                name="succession_two_states",
                violation_error_message="A state cannot succeed itself.",
            ),
            models.UniqueConstraint(
                fields=["predecessor", "successor"],
                name="succession_once_per_pair",
                violation_error_message="This succession is already recorded.",
            ),
            models.UniqueConstraint(
                fields=["predecessor"],
                condition=Q(kind="continuation"),
                name="succession_one_continuing_state",
                violation_error_message="Another state already continues this one.",
            ),
        ]

    def __str__(self):
        return f"{self.successor} after {self.predecessor} ({self.get_kind_display()})"

    @property
    def when(self):
        return format_date(self.date, self.date_precision)

    @property
    def continues(self) -> bool:
        return self.kind == SuccessionKind.CONTINUATION

    # How the successor's and the predecessor's pages say it, before the other's name.
    SUCCESSOR_SAYS = {
        SuccessionKind.CONTINUATION: "Continues",
        SuccessionKind.ABSORPTION: "Absorbed",
        SuccessionKind.DISSOLUTION: "Followed, on its dissolution and without continuing it,",
        SuccessionKind.SEPARATION: "Separated from",
    }
    PREDECESSOR_SAYS = {
        SuccessionKind.CONTINUATION: "Continued by",
        SuccessionKind.ABSORPTION: "Absorbed by",
        SuccessionKind.DISSOLUTION: "Dissolved; followed by",
        SuccessionKind.SEPARATION: "Left by",
    }

    @property
    def successor_says(self) -> str:
        return self.SUCCESSOR_SAYS[self.kind]

    @property
    def predecessor_says(self) -> str:
        return self.PREDECESSOR_SAYS[self.kind]

    def clean(self):
        super().clean()
        # A continuation back to a state's own successor would make each count with the
        # other: then neither question could be answered "never the reverse".
        if (
            self.continues
            and self.predecessor_id
            and self.successor_id
            and self.successor_id in Nation.objects.lineage_ids(self.predecessor_id)
        ):
            raise ValidationError(
                {"kind": f"{self.predecessor} already continues {self.successor}."}
            )

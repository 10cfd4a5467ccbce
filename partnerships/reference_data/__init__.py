"""The reference-data loader: real, cited records from partnerships/data/ (YAML).

`python manage.py load_reference_data` runs STEPS in order inside one transaction. Each
step reads its file(s), upserts by slug, writes only what differs (a second run changes
nothing) and syncs child rows to exactly the file. A bad file raises ReferenceDataError
naming the file, the record's slug and the field, and nothing is loaded.

The format of the files is described in the project notes (refdata_format.md) and in
docs/architecture.md ("Reference data").

Adding a step: write a module with a `load(ctx: LoadContext)` function and add a
`Step("name", module.load)` to STEPS at its place in the dependency order (a step may
use only what the steps before it wrote; `ctx.nations`, `ctx.organizations` and
`ctx.sources` look records up by slug). Steps whose file is absent do nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import (
    articles,
    cow,
    engagements,
    exercises,
    nations,
    organizations,
    partnerships,
    sources,
    successions,
)
from .context import LoadContext
from .errors import ReferenceDataError
from .loader import run_steps

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[LoadContext], None]


# In dependency order. Others append or insert here (e.g. COW codes after "nations",
# articles last).
STEPS: list[Step] = [
    Step("sources", sources.load),
    Step("nations", nations.load),
    Step("cow", cow.load),
    Step("successions", successions.load),
    Step("organizations", organizations.load),
    Step("un-admission", nations.derive_un_member_since),
    Step("partnerships", partnerships.load),
    Step("exercises", exercises.load),
    Step("engagements", engagements.load),
    Step("articles", articles.load),
]


def load_reference_data(data_dir=DEFAULT_DATA_DIR, *, only=None, log=None, verbosity=1):
    """Load every reference-data file in `data_dir`; returns the Report of what changed."""
    return run_steps(STEPS, Path(data_dir), only=only, log=log, verbosity=verbosity)


__all__ = [
    "DEFAULT_DATA_DIR",
    "STEPS",
    "LoadContext",
    "ReferenceDataError",
    "Step",
    "load_reference_data",
]

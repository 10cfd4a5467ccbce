"""The editor: one module per resource, registering its ModelAdmins on import.

Shared mixins (history, import/export, concurrent-edit guard) live in `base.py`.
"""

from . import (  # noqa: F401  (imported for their registrations)
    articles,
    engagements,
    exercises,
    nations,
    organizations,
    partnerships,
    sources,
    successions,
)

"""Planner statistics after a bulk load.

PostgreSQL plans from statistics that autovacuum refreshes some time after a table
changes; until then a freshly loaded table looks empty, and the first queries take
sequential scans and nested loops that cost ten times their indexed plans (measured:
an exercise page's participants, 10 ms instead of 1). SQLite's planner needs none.
"""

from django.db import connection


def refresh_statistics() -> None:
    """Let the planner see what a bulk write just loaded (runs after it commits)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

"""The reference data, loaded once per worker and put back where a test reads it.

`load_reference_data` reads, resolves and validates every YAML record (seconds); what it
writes is a few thousand rows. A worker runs the command once, inside a transaction it rolls
back, keeping the rows it wrote; a test or module that reads the reference data gets those
rows back with plain inserts (milliseconds). Tests of the loading itself still run the
command (tests/test_reference_data.py).
"""

from django.core.management import call_command
from django.db import connection, transaction

from partnerships.cache import bump_catalogue_version

Rows = dict[str, tuple[list[str], list[tuple]]]


def _table_rows() -> Rows:
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(include_views=False):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = cursor.fetchall()
            if rows:
                found[table] = ([column[0] for column in cursor.description], rows)
    return found


def capture(**options) -> Rows:
    """The rows `load_reference_data` writes into this (empty) catalogue, with `options`
    (e.g. only=[...]); the database is left as it was."""
    with transaction.atomic():
        before = _table_rows()
        call_command("load_reference_data", verbosity=0, **options)
        after = _table_rows()
        transaction.set_rollback(True)
    changed = {table for table in before if before[table] != after.get(table)}
    # Rows that a fresh database already holds (content types, permissions, groups) would be
    # inserted twice; the command has no reason to touch them.
    assert not changed, f"load_reference_data changed pre-existing rows in {sorted(changed)}"
    return {table: rows for table, rows in after.items() if table not in before}


def restore(snapshot: Rows) -> None:
    """Insert the captured rows; foreign keys are checked at commit, so in any order."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table, (columns, rows) in snapshot.items():
            names = ", ".join(quote(column) for column in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)
    # Plain inserts send no signal: cached answers must not outlive them.
    bump_catalogue_version()

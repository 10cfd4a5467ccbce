"""PostgreSQL: the unaccent extension that search folds accents with.

A no-op on other databases (SQLite registers its own `unaccent_lower` function on
each connection; see partnerships/search.py).
"""

from django.db import migrations


def create_unaccent(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0002_editorial_groups")]

    # Not reversed: dropping the extension could break anything else that uses it.
    operations = [migrations.RunPython(create_unaccent, migrations.RunPython.noop)]

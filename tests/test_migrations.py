"""The real migrations, end to end: the SQLite test schema is built from the models
(tests/conftest.py), so this is where the migrations themselves stay tested."""

from tests.processes import run_django


def test_migrations_build_the_models_schema_and_the_editorial_groups(tmp_path):
    code = """
        import django
        from django.core.management import call_command
        django.setup()
        call_command("migrate", verbosity=0)
        # The migrated schema is the models' own: nothing left to make.
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
        from django.contrib.auth.models import Group
        for group in Group.objects.order_by("name"):
            print(group.name, group.permissions.count())
    """
    database = f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
    result = run_django(code, drop=("REDIS_URL",), timeout=300, DATABASE_URL=database)
    assert result.returncode == 0, result.stderr
    counts = dict(line.rsplit(" ", 1) for line in result.stdout.split("\n") if line)
    assert set(counts) == {"Editors", "Publishers"}
    # Publishers may do all Editors may, and publish.
    assert int(counts["Publishers"]) == int(counts["Editors"]) + 1

"""Backups: `make backup` (dumpdata) and `make restore` (flush, loaddata) round-trip every
record, its history, the accounts and the editorial groups; records name each other by
slug (natural keys), and a history row of a deleted record does not break the backup."""

import json
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from rest_framework.authtoken.models import Token

from partnerships import models
from tests import factories

MAKEFILE = (Path(settings.BASE_DIR) / "Makefile").read_text()
# What `make backup` passes to dumpdata (asserted against the Makefile below).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]
BACKUP_ARGS = ["--natural-foreign", *(arg for app in EXCLUDED for arg in ("--exclude", app))]
SLUGGED = [
    models.Nation,
    models.Organization,
    models.Partnership,
    models.ExerciseSeries,
    models.Exercise,
    models.Engagement,
    models.Source,
    models.Topic,
    models.Article,
]


def test_the_makefile_backs_up_and_restores_with_these_flags():
    backup = MAKEFILE[MAKEFILE.index("\nbackup:") :]
    assert "dumpdata --natural-foreign $(BACKUP_EXCLUDE)" in backup
    assert "--natural-primary" not in MAKEFILE  # ids are kept: history refers to them
    excluded = re.search(r"BACKUP_EXCLUDE := (.*?)\n\n", MAKEFILE, re.S).group(1)
    assert re.findall(r"--exclude (\S+)", excluded) == EXCLUDED
    assert ".json.gz" in backup
    restore = MAKEFILE[MAKEFILE.index("\nrestore:") :]
    for step in ("migrate --noinput", "flush --noinput", 'loaddata "$(FILE)"'):
        assert step in restore


@pytest.mark.django_db
@pytest.mark.parametrize("model", SLUGGED, ids=lambda model: model.__name__)
def test_slugged_records_have_a_natural_key(model):
    record = {
        models.Nation: factories.NationFactory,
        models.Organization: factories.OrganizationFactory,
        models.Partnership: factories.PartnershipFactory,
        models.ExerciseSeries: factories.ExerciseSeriesFactory,
        models.Exercise: factories.ExerciseFactory,
        models.Engagement: factories.EngagementFactory,
        models.Source: factories.SourceFactory,
        models.Topic: factories.TopicFactory,
        models.Article: factories.ArticleFactory,
    }[model]()
    assert record.natural_key() == (record.slug,)
    assert model._default_manager.get_by_natural_key(record.slug) == record


def backed_up_models():
    """Every model `make backup` writes."""
    skipped = {"contenttypes", "sessions", "axes"}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in skipped
        and model._meta.label_lower not in {"auth.permission", "admin.logentry"}
    ]


def snapshot() -> dict[str, list]:
    """Every row of every backed-up model, with foreign keys by natural key, so rows read
    the same whatever ids the content types and permissions got."""
    return {
        model._meta.label: json.loads(
            serializers.serialize(
                "json", model._default_manager.order_by("pk"), use_natural_foreign_keys=True
            )
        )
        for model in backed_up_models()
    }


@pytest.fixture
def realistic(world, usa, japan, france):
    """The API's `world` plus what a year of editing leaves: edits in history, a renamed
    record (a slug redirect), a deleted partnership whose history outlives it, a topic,
    an editor in a group with an API token."""
    factories.TopicFactory(slug="alliances").articles.add(world["article"])
    japan.description = "Edited once."
    japan.save()
    world["treaty"].slug = "us-japan-treaty-1960"
    world["treaty"].save()  # leaves a SlugRedirect
    gone = factories.PartnershipFactory(slug="short-lived", kind="bilateral")
    for nation in (usa, france):
        factories.PartnershipMemberFactory(partnership=gone, nation=nation)
    gone.delete()
    editor = get_user_model().objects.create_user(username="ed", password="x" * 20)
    editor.groups.add(Group.objects.get(name="Editors"))
    Token.objects.create(user=editor)
    return world


@pytest.mark.django_db
def test_backup_then_restore_round_trips_every_row(realistic, tmp_path):
    assert models.SlugRedirect.objects.exists()
    assert models.Partnership.history.filter(slug="short-lived").exists()
    before = snapshot()
    assert sum(map(len, before.values())) > 50

    backup = tmp_path / "militarydiplo.json.gz"
    call_command("dumpdata", *BACKUP_ARGS, "-o", str(backup), verbosity=0)
    text = backup.read_bytes()
    assert text[:2] == b"\x1f\x8b"  # gzip

    # Fire PostgreSQL's deferred checks first: TRUNCATE refuses pending trigger events.
    connection.check_constraints()
    call_command("flush", "--noinput", verbosity=0)
    ContentType.objects.clear_cache()
    assert not models.Nation.objects.exists()
    assert not get_user_model().objects.exists()
    # Only what every migrate makes again (partnerships/editorial_roles.py): the backup's
    # groups, with the same ids, are loaded over them.
    assert set(Group.objects.values_list("name", flat=True)) == {"Editors", "Publishers"}

    call_command("loaddata", str(backup), verbosity=0)
    after = snapshot()
    assert after.keys() == before.keys()
    for label, rows in before.items():
        assert after[label] == rows, label


@pytest.mark.django_db
def test_the_backup_names_related_records_by_slug(realistic, tmp_path):
    path = tmp_path / "backup.json"
    call_command("dumpdata", "partnerships.partnershipmember", *BACKUP_ARGS, "-o", str(path))
    members = json.loads(path.read_text())
    assert {tuple(row["fields"]["nation"]) for row in members} >= {("japan",), ("united-states",)}
    assert all(row["fields"]["partnership"] == ["us-japan-treaty-1960"] for row in members)


@pytest.mark.django_db
def test_a_history_row_of_a_deleted_record_keeps_its_id(realistic, tmp_path):
    path = tmp_path / "history.json"
    call_command(
        "dumpdata", "partnerships.historicalpartnershipmember", *BACKUP_ARGS, "-o", str(path)
    )
    rows = json.loads(path.read_text())
    dangling = [row for row in rows if isinstance(row["fields"]["partnership"], int)]
    assert dangling  # the deleted partnership's members, by the id they had
    assert not models.Partnership.objects.filter(
        pk__in=[row["fields"]["partnership"] for row in dangling]
    ).exists()


@pytest.mark.django_db
def test_backups_keep_times_to_the_microsecond(usa):
    import datetime

    moment = datetime.datetime(2024, 3, 7, 12, 0, 0, 500, tzinfo=datetime.UTC)
    models.Nation.objects.filter(pk=usa.pk).update(updated_at=moment)
    text = serializers.serialize("json", models.Nation.objects.filter(pk=usa.pk))
    restored = next(serializers.deserialize("json", text)).object
    assert restored.updated_at == moment

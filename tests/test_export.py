"""export_dataset / import_dataset: every public record out, and back in losslessly."""

import datetime
import filecmp
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partnerships.importers.dataset import (
    TABLES,
    catalogue_is_empty,
    delete_catalogue,
    export_dataset,
)
from partnerships.models import (
    Article,
    Exercise,
    Nation,
    ObligationPeriod,
    Organization,
    Partnership,
    Source,
    Statehood,
)
from tests import factories

D = datetime.date


@pytest.fixture
def catalogue(world, usa, japan, france, nato, us_japan_treaty):
    """The shared world, and what else touches every exported table and the awkward
    values a round trip must keep: a historical state, an alias, a child organization,
    a dataset source, a phase, coordinates, quotes, linked and related articles."""
    source = factories.SourceFactory(dataset="atop", dataset_version="5.1")
    soviet = factories.NationFactory(
        name="Soviet Union", slug="soviet-union", cow_code=365, is_historical=True
    )
    Statehood.objects.create(nation=soviet, start_date=D(1922, 12, 30), end_date=D(1991, 12, 25))
    usa.aliases.create(name="United States of America")
    child = factories.OrganizationFactory(name="NATO Military Committee", slug="nato-mc")
    child.parent = nato
    child.save()
    nato.sources.add(source)
    nato.memberships.first().sources.add(source)
    us_japan_treaty.sources.add(source)
    member = us_japan_treaty.memberships.first()
    ObligationPeriod.objects.create(
        member=member, phase=1, start_date=D(1960, 6, 23), start_precision="year", defense=True
    )
    series = world["series"]
    series.sources.add(source)
    exercise = factories.ExerciseFactory(
        name="RIMPAC “2024”",
        series=series,
        latitude=Decimal("21.31000"),
        longitude=Decimal("-157.86000"),
        mme_id=7,
    )
    exercise.organizations.add(nato)
    exercise.sources.add(source)
    factories.ParticipationFactory(exercise=exercise, nation=usa, role="host")
    factories.ParticipationFactory(exercise=exercise, nation=japan)
    engagement = factories.EngagementFactory(value_usd=Decimal("1000000"))
    engagement.sources.add(source)
    factories.EngagementPartyFactory(engagement=engagement, nation=france, role="provider")
    topic = factories.TopicFactory()
    published = factories.ArticleFactory(title="Published", slug="published")
    other = factories.ArticleFactory(title="Also published", slug="also")
    draft = factories.ArticleFactory(title="Draft", slug="draft", status="draft")
    for article in (published, draft):
        article.topics.add(topic)
        article.nations.add(usa)
        article.sources.add(source)
    published.related_articles.add(other, draft)
    published.partnerships.add(us_japan_treaty)
    published.exercises.add(exercise)
    published.engagements.add(engagement)
    published.organizations.add(nato)
    return {"draft": draft}


def test_export_writes_every_file_and_a_readme(catalogue, tmp_path):
    counts = export_dataset(tmp_path)
    for name, _label, _about in TABLES:
        assert (tmp_path / f"{name}.csv").exists()
        assert f"## {name}.csv" in (tmp_path / "README.md").read_text()
    assert counts["articles"] == 3  # with the shared world's; the drafts are not public
    # Symmetrical links are stored both ways; the two to the draft are left out.
    assert counts["article_related_articles"] == 2
    assert counts["article_topics"] == 1
    readme = (tmp_path / "README.md").read_text()
    assert "| `atop_id` |" in readme and "| `cow_code` |" in readme
    document = json.loads((tmp_path / "militarydiplo.json").read_text())
    assert set(document["tables"]) == {name for name, _, _ in TABLES}
    header = (tmp_path / "partnerships.csv").read_text().splitlines()[0]
    assert "atop_id" in header.split(",") and "start_precision" in header.split(",")


def _flush():
    delete_catalogue()
    assert catalogue_is_empty()


def test_round_trip_is_byte_for_byte(catalogue, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("export_dataset", str(first))
    before = {
        "partnerships": list(Partnership.objects.values()),
        "exercises": list(Exercise.objects.values()),
        "organizations": list(Organization.objects.values()),
    }
    _flush()
    call_command("import_dataset", str(first))
    call_command("export_dataset", str(second))
    names = sorted(p.name for p in first.iterdir())
    match, mismatch, errors = filecmp.cmpfiles(first, second, names, shallow=False)
    assert mismatch == [] and errors == [] and len(match) == len(names)
    assert list(Partnership.objects.values()) == before["partnerships"]
    assert list(Exercise.objects.values()) == before["exercises"]
    assert list(Organization.objects.values()) == before["organizations"]
    # The draft stayed out; new records get fresh ids after the imported ones.
    assert not Article.objects.filter(slug="draft").exists()
    highest = max(Source.objects.values_list("pk", flat=True))
    assert factories.SourceFactory().pk > highest  # sequences follow the imported ids


def test_import_refuses_a_non_empty_database(catalogue, tmp_path):
    export_dataset(tmp_path)
    with pytest.raises(CommandError, match="already holds catalogue records"):
        call_command("import_dataset", str(tmp_path))
    call_command("import_dataset", str(tmp_path), "--force")
    assert Nation.objects.filter(slug="soviet-union").exists()


def test_import_is_atomic(catalogue, tmp_path):
    export_dataset(tmp_path)
    document = json.loads((tmp_path / "militarydiplo.json").read_text())
    document["tables"]["exercises"]["rows"][0][0] = "not-an-id"
    (tmp_path / "militarydiplo.json").write_text(json.dumps(document))
    _flush()
    with pytest.raises(Exception):  # noqa: B017  (any failure must leave nothing behind)
        call_command("import_dataset", str(tmp_path))
    assert catalogue_is_empty()


def test_import_refuses_what_is_not_an_export(db, tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_dataset", str(tmp_path))
    (tmp_path / "militarydiplo.json").write_text('{"format": "other"}')
    with pytest.raises(CommandError, match="not a militarydiplo-export"):
        call_command("import_dataset", str(tmp_path))

"""The catalogue's own export: every public record as CSV files plus one JSON document,
and the import that reads the JSON back, losslessly, into an empty database.

Tables are written in dependency order, rows by primary key, so two exports of the same
catalogue are byte-for-byte identical. Only published articles (and their links) are
public; drafts, revision history, users and slug redirects are not exported.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import decimal
import json
from pathlib import Path

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction

from ..cache import bump_catalogue_version

FORMAT = "militarydiplo-export"
FORMAT_VERSION = 1
JSON_NAME = "militarydiplo.json"

# (file/table name, model label, about) in dependency order. Link tables of many-to-many
# fields are named "<model>.<field>".
TABLES = [
    ("sources", "partnerships.Source", "Citations; dataset marks research datasets."),
    ("topics", "partnerships.Topic", "Article topics."),
    ("nations", "partnerships.Nation", "States, present-day and historical."),
    ("nation_aliases", "partnerships.NationAlias", "Other names of nations."),
    ("statehoods", "partnerships.Statehood", "Spells of statehood (COW)."),
    ("successions", "partnerships.Succession", "Which state continues or follows which, cited."),
    ("organizations", "partnerships.Organization", "Alliances and organizations."),
    ("organization_sources", "partnerships.Organization.sources", "Organization citations."),
    ("memberships", "partnerships.Membership", "Membership of organizations over time."),
    ("membership_sources", "partnerships.Membership.sources", "Membership citations."),
    ("partnerships", "partnerships.Partnership", "Defence partnerships and alliances."),
    ("partnership_sources", "partnerships.Partnership.sources", "Partnership citations."),
    ("partnership_members", "partnerships.PartnershipMember", "Member spans of partnerships."),
    ("obligation_periods", "partnerships.ObligationPeriod", "A member's obligations per phase."),
    ("exercise_series", "partnerships.ExerciseSeries", "Recurring exercises."),
    ("exercise_series_sources", "partnerships.ExerciseSeries.sources", "Series citations."),
    ("exercises", "partnerships.Exercise", "Joint exercises."),
    ("exercise_sources", "partnerships.Exercise.sources", "Exercise citations."),
    ("exercise_organizations", "partnerships.Exercise.organizations", "Organizations taking part."),
    ("participations", "partnerships.Participation", "Nations in exercises, with their role."),
    ("engagements", "partnerships.Engagement", "Training, aid, arms, intelligence, dialogue."),
    ("engagement_sources", "partnerships.Engagement.sources", "Engagement citations."),
    ("engagement_parties", "partnerships.EngagementParty", "Nations in engagements."),
    ("articles", "partnerships.Article", "Published articles only."),
    ("article_sources", "partnerships.Article.sources", "Article citations."),
    ("article_topics", "partnerships.Article.topics", "Article topics."),
    ("article_related_articles", "partnerships.Article.related_articles", "Related articles."),
    ("article_nations", "partnerships.Article.nations", "Nations an article discusses."),
    ("article_organizations", "partnerships.Article.organizations", "Organizations discussed."),
    ("article_partnerships", "partnerships.Article.partnerships", "Partnerships discussed."),
    ("article_exercises", "partnerships.Article.exercises", "Exercises discussed."),
    ("article_engagements", "partnerships.Article.engagements", "Engagements discussed."),
]  # fmt: skip


class DatasetError(Exception):
    """The export directory cannot be read back, or the database is not empty."""


def _model(label: str):
    """The model of a table: a model, or the link table of a many-to-many field."""
    app_label, name, *field = label.split(".")
    model = apps.get_model(app_label, name)
    return model._meta.get_field(field[0]).remote_field.through if field else model


def _columns(model) -> list[models.Field]:
    return list(model._meta.concrete_fields)


def _queryset(name, model):
    Article = apps.get_model("partnerships", "Article")
    published = Article.objects.published().values("pk")
    queryset = model._default_manager.all()
    if model is Article:
        queryset = Article.objects.published()
    elif name.startswith("article_"):
        fields = [f for f in _columns(model) if f.is_relation]
        for field in fields:
            if field.related_model is Article:
                queryset = queryset.filter(**{f"{field.attname}__in": published})
    return queryset.order_by("pk")


def _to_json(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _to_csv(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(_to_json(value))


def export_dataset(out_dir) -> dict[str, int]:
    """Write the CSV files, the JSON document and README.md; returns rows per table."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    document = {"format": FORMAT, "version": FORMAT_VERSION, "tables": {}}
    counts = {}
    for name, label, _about in TABLES:
        model = _model(label)
        fields = _columns(model)
        columns = [f.attname for f in fields]
        rows = [
            [_to_json(value) for value in row]
            for row in _queryset(name, model).values_list(*columns)
        ]
        document["tables"][name] = {"model": label, "columns": columns, "rows": rows}
        with (out / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows([[_to_csv(v) for v in row] for row in rows])
        counts[name] = len(rows)
    (out / JSON_NAME).write_text(
        json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (out / "README.md").write_text(_readme(), encoding="utf-8")
    return counts


def _describe(field) -> str:
    text = str(field.help_text or field.verbose_name)
    if field.is_relation:
        text = f"id of the {field.related_model._meta.verbose_name} ({text})"
    if getattr(field, "choices", None):
        text += "; one of " + ", ".join(str(value) for value, _ in field.choices)
    return text.replace("|", "/").replace("\n", " ")


def _readme() -> str:
    lines = [
        "# militarydiplo export",
        "",
        "Every public record of the catalogue: one CSV file per table (UTF-8, a header row,",
        "rows in primary-key order) and the same data in `militarydiplo.json`",
        '(`{"format", "version", "tables": {name: {"model", "columns", "rows"}}}`).',
        "Ids are the catalogue's primary keys; a column ending in `_id` refers to the id",
        "column of another table. In the CSV files an empty cell is a null (or an empty",
        "text), booleans are `true`/`false`, dates are ISO 8601. Dates carry a precision",
        "(`day`, `month`, `year`): an imprecise date is stored as the first day of the",
        "period it names. Only published articles are included.",
        "",
        "Read it back into an empty database with `python manage.py import_dataset DIR`",
        "(it reads the JSON document).",
        "",
    ]
    for name, label, about in TABLES:
        model = _model(label)
        lines += [f"## {name}.csv", "", about, "", "| column | meaning |", "| --- | --- |"]
        lines += [f"| `{f.attname}` | {_describe(f)} |" for f in _columns(model)]
        lines.append("")
    return "\n".join(lines)


@contextlib.contextmanager
def _keep_timestamps():
    """Let bulk_create store the exported created_at/updated_at instead of "now"."""
    switched = []
    for model in apps.get_app_config("partnerships").get_models():
        for field in model._meta.concrete_fields:
            for attr in ("auto_now", "auto_now_add"):
                if getattr(field, attr, False):
                    setattr(field, attr, False)
                    switched.append((field, attr))
    try:
        yield
    finally:
        for field, attr in switched:
            setattr(field, attr, True)


def _catalogue_models():
    return [_model(label) for _, label, _ in TABLES]


def catalogue_is_empty() -> bool:
    return not any(model._default_manager.exists() for model in _catalogue_models())


def delete_catalogue():
    """Delete every catalogue record (import_dataset --force), children first."""
    Article = apps.get_model("partnerships", "Article")
    Article.objects.all().delete()  # drafts too: they may link to what goes next
    for model in reversed(_catalogue_models()):
        self_refs = {
            f.name: None for f in _columns(model) if f.is_relation and f.related_model is model
        }
        if self_refs:
            model._default_manager.update(**self_refs)
        model._default_manager.all().delete()


def _order_parents_first(model, rows, columns):
    """Rows of a self-referencing table (organization.parent) with parents first."""
    self_refs = [
        columns.index(f.attname)
        for f in _columns(model)
        if f.is_relation and f.related_model is model
    ]
    if not self_refs:
        return rows
    index = columns.index("id")
    done, ordered, pending = set(), [], list(rows)
    while pending:
        ready = [r for r in pending if all(r[i] is None or r[i] in done for i in self_refs)]
        if not ready:
            raise DatasetError(f"{model._meta.label}: a cycle of parent references")
        ordered += ready
        done |= {r[index] for r in ready}
        pending = [r for r in pending if r[index] not in done]
    return ordered


def import_dataset(directory, *, force: bool = False) -> dict[str, int]:
    """Read an export back (atomic). Refuses a non-empty catalogue unless `force`, which
    first deletes every catalogue record."""
    path = Path(directory) / JSON_NAME
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DatasetError(f"{path}: cannot read the export ({error})") from None
    if document.get("format") != FORMAT or document.get("version") != FORMAT_VERSION:
        raise DatasetError(f"{path}: not a {FORMAT} version {FORMAT_VERSION} document")
    tables = document.get("tables") or {}
    unknown = sorted(set(tables) - {name for name, _, _ in TABLES})
    if unknown:
        raise DatasetError(f"{path}: unknown table(s) {', '.join(unknown)}")
    counts = {}
    with transaction.atomic():
        if not catalogue_is_empty():
            if not force:
                raise DatasetError(
                    "The database already holds catalogue records; import into an empty "
                    "database, or pass --force to replace them."
                )
            delete_catalogue()
        imported = []
        with _keep_timestamps():
            for name, label, _ in TABLES:
                table = tables.get(name)
                if table is None:
                    continue
                model = _model(label)
                fields = {f.attname: f for f in _columns(model)}
                columns = table["columns"]
                if sorted(columns) != sorted(fields):
                    raise DatasetError(
                        f"{name}: columns {columns} do not match the catalogue's {list(fields)}"
                    )
                rows = _order_parents_first(model, table["rows"], columns)
                objects = []
                for row in rows:
                    values = {
                        column: fields[column].to_python(value) if value is not None else None
                        for column, value in zip(columns, row, strict=True)
                    }
                    objects.append(model(**values))
                model._default_manager.bulk_create(objects, batch_size=500)
                imported.append(model)
                counts[name] = len(objects)
        sql = connection.ops.sequence_reset_sql(no_style(), imported)
        if sql:
            with connection.cursor() as cursor:
                for statement in sql:
                    cursor.execute(statement)
        # Bulk inserts send no signals: make cached analysis and counts see the new rows.
        bump_catalogue_version()  # on commit
    return counts

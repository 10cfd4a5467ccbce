"""import_mme: the real MME v7 excerpt as published, and files built for every quirk of
datasets.md and of the full file (read by two helpers: see tests/data/datasets/)."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from partnerships.importers.base import ImportFailed
from partnerships.importers.mme import import_mme, parse_raw_date
from partnerships.models import Exercise, ExerciseSeries, Nation, Participation, Source
from tests import factories, reference_snapshot
from tests.data_builders import MME_HEADER, make_cow_world, write_mme

D = datetime.date
EXCERPT = Path(__file__).parent / "data" / "datasets" / "mme_v7_wide_excerpt.csv"  # 226 rows


def mme_rows():
    return [
        {  # row 2: day "xx", CLDR names, lower-case variant, NATO, -9, curly quotes
            "MMEID": "mme101",
            "Ex_Name": "“Bright Star” ’81",
            "Series_Name": "Bright Star",
            "Location": "Cairo West, Egypt",
            "lat": "30.1",
            "lon": "31.4",
            "StartDate": "1981-11-xx",
            "s.year": "1981",
            "s.month": "11",
            "s.day": "xx",
            "e.year": "1981",
            "e.month": "12",
            "e.day": "xx",
            "Land": "1",
            "Air": "1",
            "Warfighting": "1",
            "FocusDescription": "Rapid deployment “test”.",
            "participants": [
                "United States",
                "Egypt",
                "Congo - Kinshasa",
                "Myanmar (Burma)",
                "St. Lucia",
                "Bosnia & Herzegovina",
                "st. christopher",
                "NATO",
                "-9",
                "Atlantis",
            ],
        },
        {  # row 3: raw date only, m/d/yy; CPX only; Germany in 1980 is West Germany
            "MMEID": "mme102",
            "Ex_Name": "Command post drill",
            "Series_Name": "-9",
            "StartDate": "1/14/80",
            "s.year": "-9",
            "EndDate": "1/20/80",
            "CPX": "1",
            "Warfighting": "1",
            "lat": "-9",
            "lon": "-9",
            "participants": ["Germany", "France", "Russia"],
        },
        {  # row 4: a reused MMEID (a different exercise): both kept
            "MMEID": "mme101",
            "Ex_Name": "Cope Thunder",
            "Series_Name": "Cope Thunder",
            "s.year": "1995",
            "s.month": "4",
            "s.day": "3",
            "Air": "1",
            "Warfighting": "1",
            "participants": ["United States", "Philippines"],
        },
        {  # row 5: humanitarian focus without warfighting: HADR; 39 participants
            "MMEID": "mme103",
            "Ex_Name": "Pacific Partnership",
            "Series_Name": "Bright Star",
            "StartDate": "2008-06-xx",
            "Sea": "1",
            "Humanitarian": "1",
            "Peacekeeping": "1",
            "participants": THIRTY_NINE,
        },
    ]


def unreadable_rows():
    return [
        {  # no start date at all: skipped and reported
            "MMEID": "mme104",
            "Ex_Name": "Undated",
            "StartDate": "xx",
            "participants": ["France"],
        },
        {  # no MMEID
            "MMEID": " ",
            "Ex_Name": "Broken",
            "s.year": "1990",
            "participants": ["France"],
        },
    ]


THIRTY_NINE = [
    "United States", "Canada", "Mexico", "United Kingdom", "France", "Netherlands",
    "Belgium", "Spain", "Portugal", "Italy", "Greece", "Turkey", "Japan", "South Korea",
    "India", "Pakistan", "Bangladesh", "Sri Lanka", "Thailand", "Malaysia", "Singapore",
    "Indonesia", "Philippines", "Australia", "New Zealand", "Fiji", "Tonga", "Brazil",
    "Chile", "Peru", "Colombia", "Argentina", "Egypt", "Kenya", "Nigeria", "Ghana",
    "South Africa", "Norway", "Denmark",
]  # fmt: skip


@pytest.fixture
def world(db):
    world = make_cow_world()
    factories.OrganizationFactory(
        name="North Atlantic Treaty Organization", acronym="NATO", slug="nato"
    )
    return world


@pytest.fixture
def mme_file(tmp_path, world):
    return write_mme(tmp_path / "mme_wide.csv", mme_rows())


def snapshot():
    return (
        sorted(Exercise.objects.values_list(
            "pk", "name", "slug", "series_id", "start_date", "start_precision", "end_date",
            "end_precision", "domain", "focus", "location", "latitude", "longitude", "mme_id",
            "updated_at",
        )),
        sorted(Participation.objects.values_list("pk", "exercise_id", "nation_id", "role")),
        sorted(
            Exercise.organizations.through.objects.values_list("exercise_id", "organization_id")
        ),
        sorted(ExerciseSeries.objects.values_list("pk", "name", "slug")),
    )  # fmt: skip


def test_imports_exercises_with_dates_series_and_coordinates(mme_file):
    report = import_mme(mme_file)
    assert report.created == 4
    star = Exercise.objects.get(slug="mme-101")
    assert star.mme_id == "mme101"
    assert star.name == "“Bright Star” ’81"
    assert (star.start_date, star.start_precision) == (D(1981, 11, 1), "month")
    assert (star.end_date, star.end_precision) == (D(1981, 12, 1), "month")
    assert star.series.name == "Bright Star"
    assert (star.latitude, star.longitude) == (Decimal("30.1"), Decimal("31.4"))
    assert star.domain == "joint" and star.focus == "warfighting"
    assert star.description == "Rapid deployment “test”."
    assert star.sources.get().dataset == "mme"
    drill = Exercise.objects.get(mme_id="mme102")
    assert (drill.start_date, drill.start_precision) == (D(1980, 1, 14), "day")
    assert drill.end_date == D(1980, 1, 20)
    assert drill.domain == "command_post"
    assert drill.series is None and drill.latitude is None
    assert ExerciseSeries.objects.filter(name="Bright Star").count() == 1


def test_participants_resolve_by_name_at_the_exercise_date(mme_file, world):
    import_mme(mme_file)
    star = Exercise.objects.get(slug="mme-101")
    assert set(star.participants.values_list("slug", flat=True)) == {
        "united-states",
        "egypt",
        "dr-congo",
        "myanmar",
        "st-lucia",
        "bosnia-and-herzegovina",
        "st-kitts-and-nevis",
    }
    assert list(star.organizations.values_list("slug", flat=True)) == ["nato"]
    assert star.unknown_participants == 1  # the -9
    drill = Exercise.objects.get(mme_id="mme102")
    assert set(drill.participants.values_list("slug", flat=True)) == {
        "west-germany",
        "france",
        "soviet-union",
    }
    hadr = Exercise.objects.get(mme_id="mme103")
    assert hadr.participants.count() == 39
    assert hadr.domain == "hadr" and hadr.focus == "mixed"


def test_reused_mmeids_keep_every_exercise_and_report_the_clash(mme_file):
    report = import_mme(mme_file)
    both = Exercise.objects.filter(mme_id="mme101").order_by("pk")
    assert [e.slug for e in both] == ["mme-101", "mme-101-2"]
    assert [e.name for e in both] == ["“Bright Star” ’81", "Cope Thunder"]
    warnings = {
        p.row: p.message
        for p in report.problems
        if not p.skipped and "MMEID mme101 is" in p.message
    }
    assert "also used by row 2" in warnings[4]
    again = import_mme(mme_file)
    assert (again.created, again.updated) == (0, 0)
    assert Exercise.objects.filter(mme_id="mme101").count() == 2


def test_unknown_names_and_bad_rows_are_reported_with_their_rows(tmp_path, world):
    path = write_mme(tmp_path / "mme.csv", mme_rows() + unreadable_rows())
    report = import_mme(path, max_skipped=0.5)
    warnings = [str(p) for p in report.problems if not p.skipped]
    assert "row 2: MMEID mme101: unknown participant 'Atlantis' (StateJ)" in warnings
    skipped = {p.row: p.message for p in report.problems if p.skipped}
    assert "unreadable start date" in skipped[6]
    assert skipped[7] == "no MMEID"
    assert report.skipped_rows == 2
    # NATO resolves (as an organization); Atlantis does not; -9 is no name.
    assert "participants: 52 of 53 names resolved (98.1%)" in report.lines()


def test_second_import_changes_nothing(mme_file):
    import_mme(mme_file)
    before = snapshot()
    report = import_mme(mme_file)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    assert snapshot() == before


def test_dry_run_writes_nothing(mme_file):
    report = import_mme(mme_file, dry_run=True)
    assert report.created == 4
    assert not Exercise.objects.exists() and not ExerciseSeries.objects.exists()
    assert not Source.objects.filter(dataset="mme").exists()


def test_a_failure_mid_file_leaves_nothing(mme_file, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("connection lost")

    monkeypatch.setattr(Participation.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        import_mme(mme_file)
    assert not Exercise.objects.exists() and not ExerciseSeries.objects.exists()


def test_reimport_updates_in_place_and_respects_editors(tmp_path, world):
    hand_made = factories.ExerciseFactory(name="Hand-made", slug="mme-103")
    import_mme(write_mme(tmp_path / "a.csv", mme_rows()))
    assert Exercise.objects.get(mme_id="mme103").slug == "mme-103-2"
    star = Exercise.objects.get(slug="mme-101")
    star.name, star.description = "Bright Star 1981", "An editor's note."
    star.save()
    rows = mme_rows()
    rows[0]["participants"] = ["United States", "Egypt", "Oman"]
    rows[0]["lat"] = "30.2"
    report = import_mme(write_mme(tmp_path / "b.csv", rows))
    assert (report.created, report.updated) == (0, 1)
    assert Exercise.objects.get(slug="mme-101").unknown_participants == 0
    star.refresh_from_db()
    assert (star.name, star.description) == ("Bright Star 1981", "An editor's note.")
    assert star.latitude == Decimal("30.2")
    assert set(star.participants.values_list("slug", flat=True)) == {
        "united-states",
        "egypt",
        "oman",
    }
    assert not star.organizations.exists()
    hand_made.refresh_from_db()
    assert hand_made.name == "Hand-made" and hand_made.mme_id is None
    assert Exercise.objects.from_dataset("mme").count() == 4
    assert hand_made not in Exercise.objects.from_dataset("mme")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1/14/80", (D(1980, 1, 14), "day")),
        ("12/3/2005", (D(2005, 12, 3), "day")),
        ("1/xx/09", (D(2009, 1, 1), "month")),
        ("1980-01-xx", (D(1980, 1, 1), "month")),
        ("1980-xx-xx", (D(1980, 1, 1), "year")),
        ("1999-07-04", (D(1999, 7, 4), "day")),
    ],
)
def test_raw_start_dates_in_every_format(raw, expected):
    assert parse_raw_date(raw) == expected


@pytest.mark.parametrize("raw", ["13/45/80", "soon", "xx"])
def test_unreadable_raw_dates_raise(raw):
    with pytest.raises(ValueError):
        parse_raw_date(raw)


def test_command_prints_the_report(mme_file):
    out = io.StringIO()
    call_command("import_mme", str(mme_file), "--dry-run", stdout=out)
    assert "4 would be imported" in out.getvalue()
    assert "Atlantis" in out.getvalue()
    assert not Exercise.objects.exists()


# --- the real excerpt, as published, against the nations the reference data makes --------


@pytest.fixture(scope="module")
def reference_world(reference_nation_rows, django_db_blocker):
    """The real nations, COW codes, spells and aliases, plus NATO; rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        reference_snapshot.restore(reference_nation_rows)
        factories.OrganizationFactory(
            name="North Atlantic Treaty Organization", acronym="NATO", slug="nato"
        )
        yield
        transaction.set_rollback(True)


@pytest.fixture
def real(reference_world, db):
    return None


def exercise_snapshot():
    return (
        snapshot(),
        sorted(Exercise.objects.values_list("pk", "unknown_participants", "mme_id")),
        Exercise.history.count(),
        Participation.history.count(),
        Nation.objects.count(),
    )


def participants(mme_id, occurrence=0):
    exercise = Exercise.objects.filter(mme_id=mme_id).order_by("pk")[occurrence]
    return set(exercise.participants.values_list("slug", flat=True))


def test_the_real_excerpt_imports_every_row(real):
    report = import_mme(EXCERPT)
    assert (report.rows, report.created, report.skipped_rows) == (226, 226, 0)
    assert Exercise.objects.count() == 226
    source = Source.objects.get(dataset="mme")
    assert (source.dataset_version, source.url) == ("7", "https://doi.org/10.7910/DVN/KHFODX")
    lines = report.lines()
    assert lines[-1] == (
        "MME v7: 226 imported, 0 updated, 0 unchanged; 0 of 226 rows skipped (nothing dropped)"
    )
    # Every participant name of the excerpt resolves: 977 names in 226 rows.
    assert "participants: 977 of 977 names resolved (100.0%)" in lines
    assert not [p for p in report.problems if "unknown participant" in p.message]


def test_real_ids_are_kept_as_published(real):
    import_mme(EXCERPT)
    readex = Exercise.objects.get(mme_id="mme87")
    assert (readex.slug, readex.name) == ("mme-87", "Readex 1-80")
    assert (readex.start_date, readex.end_date) == (D(1980, 1, 14), D(1980, 1, 21))
    assert participants("mme87") == {"netherlands", "united-kingdom", "united-states"}
    assert not Exercise.objects.exclude(mme_id__startswith="mme").exists()


def test_real_duplicated_ids_keep_both_exercises_and_are_reported(real):
    report = import_mme(EXCERPT)
    for mme_id, first, second in [
        ("mme3460", 137, 164),
        ("mme3458", 144, 179),
        ("mme3457", 138, 180),
    ]:
        both = Exercise.objects.filter(mme_id=mme_id).order_by("pk")
        assert both.count() == 2
        slug = f"mme-{mme_id[3:]}"
        assert [e.slug for e in both] == [slug, f"{slug}-2"]
        assert any(
            p.row == second and f"also used by row {first}" in p.message for p in report.problems
        )
    kindred = Exercise.objects.filter(mme_id="mme3458").order_by("pk")
    assert [e.name for e in kindred][1] == "Kindred Sword"


def test_real_unknown_participants_are_counted_never_made_nations(real):
    nations = Nation.objects.count()
    report = import_mme(EXCERPT)
    assert Nation.objects.count() == nations
    # mme137: six -9 cells, then West Germany, Italy and Norway.
    warning = Exercise.objects.get(mme_id="mme137")
    assert warning.unknown_participants == 6
    assert participants("mme137") == {"west-germany", "italy", "norway"}
    # mme172 (Wintex-Cimex 81): only -9; no participant named.
    wintex = Exercise.objects.get(mme_id="mme172")
    assert (wintex.unknown_participants, wintex.participations.count()) == (1, 0)
    assert Exercise.objects.get(mme_id="mme87").unknown_participants == 0
    assert (
        "unknown participants (-9 or blank): 32, on 27 exercises (their lists are partial)"
        in report.lines()
    )


def test_real_nato_links_as_an_organization(real):
    import_mme(EXCERPT)
    cope = Exercise.objects.get(mme_id="mme2860")  # Cope Thunder 06-3
    assert list(cope.organizations.values_list("slug", flat=True)) == ["nato"]
    assert "nato" not in participants("mme2860")
    assert len(participants("mme2860")) == 9


def test_real_names_move_to_the_state_of_the_date(real):
    import_mme(EXCERPT)
    assert participants("mme91") >= {"poland", "soviet-union"}  # "Russia", 1980
    assert participants("mme137") >= {"west-germany"}  # "Federal Republic of Germany"
    assert "east-germany" in participants("mme94")  # "German Democratic Republic", 1980
    modern = Exercise.objects.filter(start_date__year__gte=1992, participants__slug="russia")
    assert modern.exists()
    assert not Exercise.objects.filter(
        start_date__year__gte=1992, participants__slug="soviet-union"
    ).exists()


def test_a_second_run_of_the_real_excerpt_changes_nothing(real):
    import_mme(EXCERPT)
    before = exercise_snapshot()
    report = import_mme(EXCERPT)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 226)
    assert exercise_snapshot() == before


def mostly_unreadable(tmp_path: Path) -> Path:
    """The real excerpt with the start date of every row but the first twenty erased."""
    with EXCERPT.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows[20:]:
        row.update({"StartDate": "", "s.year": "", "s.month": "", "s.day": ""})
    path = tmp_path / "mme_wide.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_too_many_skipped_rows_fail_loudly_and_write_nothing(real, tmp_path):
    import_mme(EXCERPT)
    before = exercise_snapshot()
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_mme", str(mostly_unreadable(tmp_path)), stdout=out)
    assert str(refused.value) == (
        "import refused: 206 of 226 rows skipped (91.2%), more than the 1% allowed "
        "(--max-skipped); nothing written"
    )
    assert out.getvalue().splitlines()[-1].endswith("; 206 of 226 rows skipped")
    assert exercise_snapshot() == before
    with pytest.raises(ImportFailed):
        import_mme(mostly_unreadable(tmp_path), max_skipped=0.5)
    call_command("import_mme", str(mostly_unreadable(tmp_path)), "--max-skipped=92", stdout=out)
    assert out.getvalue().splitlines()[-1].endswith("; 206 of 226 rows skipped")


def test_the_page_and_the_api_say_a_list_is_partial(real, client):
    import_mme(EXCERPT)
    page = client.get("/exercises/mme-137/")
    assert page.status_code == 200
    assert "Partial list: the source records 6 participants it does not name." in (
        page.content.decode()
    )
    complete = client.get("/exercises/mme-87/").content.decode()
    assert "Partial list" not in complete
    data = client.get("/api/v1/exercises/mme-137/").json()
    assert (data["mme_id"], data["unknown_participants"]) == ("mme137", 6)
    listed = client.get("/api/v1/exercises/?page_size=200").json()["results"]
    assert {row["mme_id"]: row["unknown_participants"] for row in listed}["mme172"] == 1


# --- quirks of the full file, one row each (tests/data/datasets/MME_NOTES.md) ------------


def quirk(mme_id, start, end, names, **fields):
    """A row as the full file writes it: raw dates and the split columns that agree."""
    row = {"MMEID": mme_id, "Ex_Name": f"Exercise {mme_id}", "participants": names, **fields}
    for prefix, raw in (("s", start), ("e", end)):
        row["StartDate" if prefix == "s" else "EndDate"] = raw
        if "/" in raw:
            month, day, year = raw.split("/")
            year = str(int(year) + (2000 if int(year) < 50 else 1900))
        else:
            year, month, day = raw.split("-")
            month = str(int(month))
        row.update({f"{prefix}.year": year, f"{prefix}.month": month, f"{prefix}.day": day})
    return row


QUIRKS = [
    # two date formats, mixed precision both ways, across a year
    quirk("mme87", "1/14/80", "1/21/80", ["Netherlands"]),
    quirk("mme104", "6/28/80", "1980-06-xx", ["United States"]),
    quirk("mme140", "1980-10-xx", "10/29/80", ["United States"]),
    quirk("mme332", "8/12/83", "3/1/84", ["United States"]),
    quirk("mme1893", "7/5/00", "7/14/00", ["United States"]),  # year 00 is 2000
    # end before start (mme281, mme1872): the end is left empty and reported
    quirk("mme281", "11/11/82", "11/10/82", ["-9", "Morocco", "United States"], Ex_Name="-9"),
    quirk("mme1872", "4/24/00", "2000-01-xx", ["France"], Ex_Name="ODAX 2000"),
    # -9 only; six -9 then names; the same state twice; a name and its alias
    quirk("mme172", "3/9/81", "3/20/81", ["-9"], Location="-9", lat="", lon=""),
    quirk(
        "mme978",
        "1992-05-xx",
        "1992-05-xx",
        [
            "Antigua & Barbuda",
            "Antigua & Barbuda",
            "St. Kitts & Nevis",
            "st. christopher",
            "Trinidad & Tobago",
        ],
    ),
    # curly apostrophe, non-ASCII, CLDR forms, names of the day and of today
    quirk("mme166", "3/7/81", "3/14/81", ["Côte d’Ivoire", "France"]),
    quirk("mme982", "1992-06-xx", "1992-06-xx", ["Congo - Brazzaville", "São Tomé & Príncipe"]),
    quirk("mme337", "1983-04-xx", "1983-04-xx", ["Congo - Kinshasa", "France"]),
    quirk("mme942", "8/26/91", "9/2/91", ["Russia", "United Kingdom"]),
    quirk("mme965", "2/13/92", "2/20/92", ["Russia", "Ukraine", "United States"]),
    quirk("mme893", "9/28/90", "10/5/90", ["Federal Republic of Germany", "United States"]),
    quirk("mme908", "1/17/91", "1/20/91", ["Germany", "United States"]),
    quirk("mme891", "1990-09-xx", "1990-09-xx", ["Czechoslovakia", "Hungary"]),
    quirk("mme2457", "2004-05-xx", "2004-05-xx", ["Romania", "Yugoslavia"]),
    # non-states: NATO in a participant column; territories and a group reported
    quirk("mme2860", "7/20/06", "8/5/06", ["Australia", "NATO", "Slovakia"]),
    quirk("mme1064", "1993-03-xx", "1993-03-xx", ["Australia", "Hong Kong SAR China"]),
    # not in v7, where blanks only trail: a blank between names is a participant unnamed
    quirk("mme9001", "2010-01-xx", "2010-01-xx", ["France", "", "Italy"]),
    # an integer latitude, a trailing space in the name, an escaped quote
    quirk(
        "mme375",
        "1984-02-xx",
        "1984-02-xx",
        ["Australia"],
        lat="14",
        lon="121",
        Ex_Name="Tofua 90 ",
        Location='"roosevelt roads" naval base',  # in the file: """roosevelt roads"" naval base"
    ),
]


@pytest.fixture
def quirks(real, tmp_path):
    report = import_mme(write_mme(tmp_path / "quirks.csv", QUIRKS))
    return report, _problems_by_row(report)


def _problems_by_row(report):
    rows = {}
    for problem in report.problems:
        rows.setdefault(problem.row, []).append(problem.message)
    return rows


def test_every_quirk_row_is_imported(quirks):
    report, _ = quirks
    assert (report.created, report.skipped_rows) == (len(QUIRKS), 0)


@pytest.mark.parametrize(
    ("mme_id", "start", "end"),
    [
        ("mme87", (D(1980, 1, 14), "day"), (D(1980, 1, 21), "day")),
        ("mme104", (D(1980, 6, 28), "day"), (D(1980, 6, 28), "month")),
        ("mme140", (D(1980, 10, 1), "month"), (D(1980, 10, 29), "day")),
        ("mme332", (D(1983, 8, 12), "day"), (D(1984, 3, 1), "day")),
        ("mme1893", (D(2000, 7, 5), "day"), (D(2000, 7, 14), "day")),
        ("mme281", (D(1982, 11, 11), "day"), (None, "day")),
        ("mme1872", (D(2000, 4, 24), "day"), (None, "day")),
    ],
)
def test_quirk_dates(quirks, mme_id, start, end):
    exercise = Exercise.objects.get(mme_id=mme_id)
    assert (exercise.start_date, exercise.start_precision) == start
    assert (exercise.end_date, exercise.end_precision) == end


def test_an_end_before_the_start_is_reported(quirks):
    _, problems = quirks
    assert "MMEID mme281: end 1982-11-10 before start; left empty" in problems[7]
    assert "MMEID mme1872: end 2000-01-01 before start; left empty" in problems[8]
    assert Exercise.objects.get(mme_id="mme281").name == "Unnamed exercise mme281"


@pytest.mark.parametrize(
    ("mme_id", "slugs", "unknown"),
    [
        ("mme281", {"morocco", "united-states"}, 1),
        ("mme172", set(), 1),
        ("mme978", {"antigua-and-barbuda", "saint-kitts-and-nevis", "trinidad-and-tobago"}, 0),
        ("mme166", {"ivory-coast", "france"}, 0),
        ("mme982", {"republic-of-the-congo", "sao-tome-and-principe"}, 0),
        ("mme337", {"democratic-republic-of-the-congo", "france"}, 0),
        ("mme942", {"soviet-union", "united-kingdom"}, 0),
        ("mme965", {"russia", "ukraine", "united-states"}, 0),
        ("mme893", {"west-germany", "united-states"}, 0),
        ("mme908", {"germany", "united-states"}, 0),
        ("mme891", {"czechoslovakia", "hungary"}, 0),
        ("mme2457", {"romania", "serbia"}, 0),
        ("mme2860", {"australia", "slovakia"}, 0),
        ("mme1064", {"australia"}, 0),
        ("mme9001", {"france", "italy"}, 1),
    ],
)
def test_quirk_participants(quirks, mme_id, slugs, unknown):
    exercise = Exercise.objects.get(mme_id=mme_id)
    assert set(exercise.participants.values_list("slug", flat=True)) == slugs
    assert exercise.unknown_participants == unknown


def test_quirk_names_reported(quirks):
    _, problems = quirks

    def row(mme_id):
        return 2 + [q["MMEID"] for q in QUIRKS].index(mme_id)

    assert "MMEID mme978: 'Antigua & Barbuda' (StateB) is listed twice" in problems[row("mme978")]
    assert "MMEID mme978: 'st. christopher' (StateD) is listed twice" in problems[row("mme978")]
    assert problems[row("mme1064")] == [
        "MMEID mme1064: unknown participant 'Hong Kong SAR China' (StateB)"
    ]
    assert Exercise.objects.get(mme_id="mme2860").organizations.get().slug == "nato"


def test_quirk_text_and_coordinates(quirks):
    tofua = Exercise.objects.get(mme_id="mme375")
    assert (tofua.name, tofua.location) == ("Tofua 90", '"roosevelt roads" naval base')
    assert (tofua.latitude, tofua.longitude) == (Decimal("14"), Decimal("121"))
    wintex = Exercise.objects.get(mme_id="mme172")
    assert (wintex.location, wintex.latitude, wintex.longitude) == ("", None, None)


def test_cells_beyond_the_header_are_reported(real, tmp_path):
    """An unquoted comma in a text field shifts a row right (mme1850): the extra cells are
    reported, the row still imported."""
    path = tmp_path / "shifted.csv"
    row = {c: "" for c in MME_HEADER if c != "NumParticipants"}
    row.update(MMEID="mme1850", **{"Ex_Name": "CMX/CRISEX 2000", "s.year": "2000"})
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(row))
        writer.writerow([*row.values(), "Extra"])
    report = import_mme(path)
    assert report.created == 1
    assert "row 2: 1 cell(s) beyond the header ignored" in [str(p) for p in report.problems]


def test_the_file_may_come_zipped_and_tab_separated(real, tmp_path):
    """A Dataverse download: a zip holding the wide file, as .csv or as a tab-separated .tab."""
    with EXCERPT.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    tab = io.StringIO()
    csv.writer(tab, delimiter="\t", lineterminator="\n").writerows(rows)
    path = tmp_path / "dataverse_files.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("MME_v7_wide.tab", tab.getvalue())
        archive.writestr("MME_codebook_v7.pdf", b"%PDF-1.4")
    report = import_mme(path)
    assert (report.created, report.skipped_rows) == (226, 0)
    assert report.notes[0] == "participants: 977 of 977 names resolved (100.0%)"
    assert Exercise.objects.get(mme_id="mme87").name == "Readex 1-80"


def test_a_zip_without_the_wide_file_is_refused_by_name(db, tmp_path):
    path = tmp_path / "mme.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("MME_v7_long.csv", "MMEID,Ex_Name\n")
    with pytest.raises(CommandError, match="no file named like"):
        call_command("import_mme", str(path))

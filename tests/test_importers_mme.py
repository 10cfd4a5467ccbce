"""import_mme: the MME v7 wide file with every quirk of datasets.md."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from partnerships.importers.mme import import_mme, parse_raw_date
from partnerships.models import Exercise, ExerciseSeries, Participation, Source
from tests import factories
from tests.data_builders import make_cow_world, write_mme

D = datetime.date


def mme_rows():
    return [
        {  # row 2: day "xx", CLDR names, lower-case variant, NATO, -9, curly quotes
            "MMEID": "101",
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
            "MMEID": "102",
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
            "MMEID": "101",
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
            "MMEID": "103",
            "Ex_Name": "Pacific Partnership",
            "Series_Name": "Bright Star",
            "StartDate": "2008-06-xx",
            "Sea": "1",
            "Humanitarian": "1",
            "Peacekeeping": "1",
            "participants": THIRTY_NINE,
        },
        {  # row 6: no start date at all: skipped and reported
            "MMEID": "104",
            "Ex_Name": "Undated",
            "StartDate": "xx",
            "participants": ["France"],
        },
        {  # row 7: MMEID unreadable
            "MMEID": "n/a",
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
    assert star.name == "“Bright Star” ’81"
    assert (star.start_date, star.start_precision) == (D(1981, 11, 1), "month")
    assert (star.end_date, star.end_precision) == (D(1981, 12, 1), "month")
    assert star.series.name == "Bright Star"
    assert (star.latitude, star.longitude) == (Decimal("30.1"), Decimal("31.4"))
    assert star.domain == "joint" and star.focus == "warfighting"
    assert star.description == "Rapid deployment “test”."
    assert star.sources.get().dataset == "mme"
    drill = Exercise.objects.get(mme_id=102)
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
    drill = Exercise.objects.get(mme_id=102)
    assert set(drill.participants.values_list("slug", flat=True)) == {
        "west-germany",
        "france",
        "soviet-union",
    }
    hadr = Exercise.objects.get(mme_id=103)
    assert hadr.participants.count() == 39
    assert hadr.domain == "hadr" and hadr.focus == "mixed"


def test_reused_mmeids_keep_every_exercise_and_report_the_clash(mme_file):
    report = import_mme(mme_file)
    both = Exercise.objects.filter(mme_id=101).order_by("pk")
    assert [e.slug for e in both] == ["mme-101", "mme-101-2"]
    assert [e.name for e in both] == ["“Bright Star” ’81", "Cope Thunder"]
    warnings = {
        p.row: p.message for p in report.problems if not p.skipped and "MMEID 101 is" in p.message
    }
    assert "also used by row 2" in warnings[4]
    again = import_mme(mme_file)
    assert (again.created, again.updated) == (0, 0)
    assert Exercise.objects.filter(mme_id=101).count() == 2


def test_unknown_names_and_bad_rows_are_reported_with_their_rows(mme_file):
    report = import_mme(mme_file)
    warnings = [str(p) for p in report.problems if not p.skipped]
    assert "row 2: MMEID 101: unknown participant 'Atlantis' (StateJ)" in warnings
    skipped = {p.row: p.message for p in report.problems if p.skipped}
    assert "unreadable start date" in skipped[6]
    assert "is not a number" in skipped[7]
    assert report.skipped_rows == 2


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
    assert Exercise.objects.get(mme_id=103).slug == "mme-103-2"
    star = Exercise.objects.get(slug="mme-101")
    star.name, star.description = "Bright Star 1981", "An editor's note."
    star.save()
    rows = mme_rows()
    rows[0]["participants"] = ["United States", "Egypt", "Oman"]
    rows[0]["lat"] = "30.2"
    report = import_mme(write_mme(tmp_path / "b.csv", rows))
    assert (report.created, report.updated) == (0, 1)
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

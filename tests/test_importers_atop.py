"""import_atop: ATOP member-level files (v4.01, v5.x) with every quirk of datasets.md."""

import datetime
import io

import pytest
from django.core.management import call_command

from partnerships.importers.atop import import_atop
from partnerships.importers.base import Progress
from partnerships.models import ObligationPeriod, Partnership, PartnershipMember, Source
from tests import factories
from tests.data_builders import make_cow_world, write_atop

D = datetime.date


def _row(atopid, member, ent, exit=(0, 0, 0), **flags):
    return {
        "atopid": atopid,
        "member": member,
        "yrent": ent[0],
        "moent": ent[1],
        "dayent": ent[2],
        "yrexit": exit[0],
        "moexit": exit[1],
        "dayexit": exit[2],
        **flags,
    }


def atop_rows():
    """Every quirk: bilateral, phases, historical states, unknown days, 59 members,
    several pacts between one pair at once, gaps, and unreadable rows."""
    rows = [
        # 1001: US-Japan defence pact, in force (exit 0/0/0), aid and bases.
        _row(1001, 2, (1951, 9, 8), bilat=1, defense=1, milaid=1, base=1),
        _row(1001, 740, (1951, 9, 8), bilat=1, defense=1, milaid=1, base=1),
        # 1002: Warsaw Pact-like: USSR in two contiguous phases (obligations change),
        # East Germany and Czechoslovakia (states that no longer exist).
        _row(1002, 365, (1955, 5, 14), (1968, 9, 12), phase=1, maxphase=2, defense=1),
        _row(1002, 365, (1968, 9, 13), (1991, 7, 1), phase=2, maxphase=2, defense=1, consul=1),
        _row(1002, 265, (1955, 5, 14), (1968, 9, 12), phase=1, maxphase=2, defense=1),
        _row(1002, 265, (1968, 9, 13), (1990, 9, 24), phase=2, maxphase=2, defense=1),
        _row(1002, 315, (1955, 5, 14), (1968, 9, 12), phase=1, maxphase=2, defense=1),
        _row(1002, 315, (1968, 9, 13), (1991, 7, 1), phase=2, maxphase=2, defense=1),
        # 1003: a second US-Japan pact at the same time; month and day unknown.
        _row(1003, 2, (1960, 0, 0), bilat=1, consul=1, intcom=1),
        _row(1003, 740, (1960, 0, 0), bilat=1, consul=1, intcom=1),
        # 1004: Triple Alliance: Germany (255 before 1945), Austria-Hungary, Italy; day
        # unknown on entry.
        _row(1004, 255, (1882, 5, 0), (1914, 8, 3), defense=1, organ1=1),
        _row(1004, 300, (1882, 5, 0), (1914, 8, 3), defense=1),
        _row(1004, 325, (1882, 5, 0), (1914, 8, 3), defense=1),
        # 1005: Russia (365 after 1991) and Armenia; plus an unknown COW code.
        _row(1005, 365, (1992, 5, 15), defense=1),
        _row(1005, 371, (1992, 5, 15), defense=1),
        _row(1005, 999, (1992, 5, 15), defense=1),
        # 1006: a member who leaves and comes back: two spans.
        _row(1006, 220, (1949, 8, 24), (1966, 7, 1), phase=1, maxphase=2, defense=1),
        _row(1006, 220, (2009, 4, 4), phase=2, maxphase=2, defense=1),
        _row(1006, 2, (1949, 8, 24), (2009, 4, 3), phase=1, maxphase=2, defense=1),
        _row(1006, 2, (2009, 4, 4), phase=2, maxphase=2, defense=1),
        # Unreadable rows: reported with their row numbers, never fatal.
        _row("abc", 2, (1990, 1, 1)),
        _row(1008, 2, (1990, 1, 1), (1980, 1, 1), defense=1),
        _row(1001, 2, (1951, 9, 8), bilat=1, defense=1),  # duplicate member-phase row
    ]
    # 1007: 59 members, non-aggression only, ended with a year-only exit.
    codes = [2, 20, 200, 205, 210, 211, 212, 220, 225, 230, 235, 290, 305, 310,
             325, 339, 350, 352, 355, 360, 375, 380, 385, 390, 395, 640, 645, 651, 652, 660,
             663, 666, 670, 690, 700, 710, 712, 740, 750, 770, 775, 780, 790, 800, 811, 812,
             820, 830, 840, 850, 900, 920, 70, 90, 91, 92, 93, 94, 95]  # fmt: skip
    assert len(codes) == 59
    rows += [_row(1007, code, (1975, 8, 1), (1991, 0, 0), nonagg=1) for code in codes]
    return rows


@pytest.fixture
def world(db):
    return make_cow_world()


@pytest.fixture
def atop_file(tmp_path, world):
    return write_atop(tmp_path / "atop5_1m.csv", atop_rows(), layout="v5")


def snapshot():
    """Everything an import writes, comparable across runs."""
    return (
        sorted(
            Partnership.objects.values_list(
                "pk",
                "name",
                "slug",
                "kind",
                "start_date",
                "start_precision",
                "end_date",
                "end_precision",
                "defense",
                "offense",
                "neutrality",
                "nonaggression",
                "consultation",
                "military_aid",
                "bases",
                "integrated_command",
                "formal_organization",
                "atop_id",
                "updated_at",
            )
        ),
        sorted(
            PartnershipMember.objects.values_list(
                "pk",
                "partnership_id",
                "nation_id",
                "joined",
                "joined_precision",
                "left",
                "left_precision",
                "updated_at",
            )
        ),
        sorted(ObligationPeriod.objects.values_list("pk", "member_id", "phase", "defense")),
        sorted(Partnership.sources.through.objects.values_list("partnership_id", "source_id")),
    )


def test_imports_alliances_with_their_fields(atop_file, world):
    report = import_atop(atop_file)
    assert report.created == 7
    pact = Partnership.objects.get(atop_id=1001)
    assert pact.slug == "atop-1001"
    assert pact.name == "ATOP 1001: Defence pact of the United States and Japan, 1951"
    assert pact.kind == "bilateral"
    assert (pact.start_date, pact.start_precision, pact.end_date) == (D(1951, 9, 8), "day", None)
    assert pact.defense and not pact.consultation
    assert pact.military_aid and pact.bases and not pact.integrated_command
    assert set(pact.members.values_list("slug", flat=True)) == {"united-states", "japan"}
    assert pact.sources.get().dataset == "atop"
    assert pact.sources.get().dataset_version == "5.1"


def test_unknown_day_and_month_keep_their_precision(atop_file):
    import_atop(atop_file)
    consult = Partnership.objects.get(atop_id=1003)
    assert (consult.start_date, consult.start_precision) == (D(1960, 1, 1), "year")
    assert consult.consultation and consult.integrated_command and not consult.defense
    triple = Partnership.objects.get(atop_id=1004)
    assert (triple.start_date, triple.start_precision) == (D(1882, 5, 1), "month")
    big = Partnership.objects.get(atop_id=1007)
    assert (big.end_date, big.end_precision) == (D(1991, 1, 1), "year")


def test_phases_merge_into_one_span_with_obligation_periods(atop_file, world):
    import_atop(atop_file)
    pact = Partnership.objects.get(atop_id=1002)
    soviet = pact.memberships.get(nation=world["soviet-union"])
    assert (soviet.joined, soviet.left) == (D(1955, 5, 14), D(1991, 7, 1))
    periods = list(soviet.obligation_periods.order_by("phase"))
    assert [(p.phase, p.defense, p.consultation) for p in periods] == [
        (1, True, False),
        (2, True, True),
    ]
    assert pact.consultation  # partnership-level: any member has it
    assert pact.end_date == D(1991, 7, 1)


def test_a_gap_between_phases_makes_two_spans(atop_file, world):
    import_atop(atop_file)
    pact = Partnership.objects.get(atop_id=1006)
    spans = list(pact.memberships.filter(nation__cow_code=220).values_list("joined", "left"))
    assert spans == [(D(1949, 8, 24), D(1966, 7, 1)), (D(2009, 4, 4), None)]
    assert pact.memberships.filter(nation__cow_code=2).count() == 1


def test_states_that_no_longer_exist_resolve_by_code_and_date(atop_file, world):
    import_atop(atop_file)
    warsaw = set(Partnership.objects.get(atop_id=1002).members.values_list("slug", flat=True))
    assert warsaw == {"soviet-union", "east-germany", "czechoslovakia"}
    triple = set(Partnership.objects.get(atop_id=1004).members.values_list("slug", flat=True))
    assert triple == {"germany", "austria-hungary", "italy"}
    collective = Partnership.objects.get(atop_id=1005)
    assert set(collective.members.values_list("slug", flat=True)) == {"russia", "armenia"}


def test_large_alliances_and_several_pacts_between_one_pair(atop_file, world):
    import_atop(atop_file)
    big = Partnership.objects.get(atop_id=1007)
    assert big.members.count() == 59
    assert big.name.endswith("and 56 others, 1975")
    assert big.nonaggression and big.kind == "multilateral"
    both = Partnership.objects.involving(world["united-states"], world["japan"], year=1965)
    assert set(both.values_list("atop_id", flat=True)) == {1001, 1003}


def test_bad_rows_are_reported_with_their_numbers(atop_file):
    report = import_atop(atop_file)
    skipped = {p.row: p.message for p in report.problems if p.skipped}
    # Header is line 1: the first data row is line 2.
    assert "unknown COW state code 999" in skipped[17]
    assert "not a number" in skipped[22]
    assert "before entry" in skipped[23]
    assert "already has phase 0 (row 2)" in skipped[24]
    assert report.skipped_rows == 4
    assert "4 rows skipped" in report.lines()[-1 - len(report.details)]


def test_second_import_changes_nothing(atop_file):
    import_atop(atop_file)
    before = snapshot()
    report = import_atop(atop_file)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 7)
    assert snapshot() == before


def test_dry_run_writes_nothing_and_reports_the_same_counts(atop_file):
    dry = import_atop(atop_file, dry_run=True)
    assert dry.created == 7 and dry.dry_run
    assert not Partnership.objects.exists()
    assert not Source.objects.filter(dataset="atop").exists()
    assert "dry run: nothing written" in "\n".join(dry.lines())


def test_a_failure_mid_file_leaves_nothing(atop_file, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ObligationPeriod.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        import_atop(atop_file)
    assert not Partnership.objects.exists()
    assert not PartnershipMember.objects.exists()
    assert not Source.objects.filter(dataset="atop").exists()


def test_v4_and_v5_layouts_import_alike(tmp_path, world):
    v4 = write_atop(tmp_path / "atop4_01m.csv", atop_rows(), layout="v4")
    report = import_atop(v4)
    assert report.created == 7
    assert Source.objects.get(dataset="atop").dataset_version == "4.01"
    v5 = write_atop(tmp_path / "atop5_1m.csv", atop_rows(), layout="v5")
    newer = import_atop(v5)
    # A newer version updates in place (it adds its citation) and creates nothing.
    assert (newer.created, newer.updated) == (0, 7)
    assert Partnership.objects.count() == 7
    assert Partnership.objects.get(atop_id=1001).sources.count() == 2


def test_reimport_updates_in_place_and_respects_editors(tmp_path, world):
    hand_made = factories.PartnershipFactory(name="Hand-made pact", slug="atop-1004")
    path = write_atop(tmp_path / "atop5_0m.csv", atop_rows())
    import_atop(path)
    pact = Partnership.objects.get(atop_id=1001)
    pact.name = "US-Japan Security Treaty"
    pact.description = "Written by an editor."
    pact.save()
    assert Partnership.objects.get(atop_id=1004).slug == "atop-1004-2"

    rows = atop_rows()
    for row in rows:
        if row["atopid"] == 1001:
            row.update(yrexit=2020, moexit=1, dayexit=1)
    import_atop(write_atop(tmp_path / "atop5_0m.csv", rows))
    pact.refresh_from_db()
    assert pact.end_date == D(2020, 1, 1)
    assert pact.name == "US-Japan Security Treaty"
    assert pact.description == "Written by an editor."
    hand_made.refresh_from_db()
    assert (hand_made.name, hand_made.atop_id) == ("Hand-made pact", None)


def test_imported_records_filter_by_dataset(atop_file):
    hand_made = factories.PartnershipFactory()
    import_atop(atop_file)
    atop = Partnership.objects.from_dataset("atop")
    assert atop.count() == 7 and hand_made not in atop


def test_command_prints_the_report(atop_file):
    out = io.StringIO()
    call_command("import_atop", str(atop_file), "--dry-run", stdout=out)
    text = out.getvalue()
    assert "7 would be imported" in text and "row 17" in text
    assert not Partnership.objects.exists()


def test_command_refuses_a_file_without_the_columns(tmp_path, db):
    from django.core.management.base import CommandError

    path = tmp_path / "bad.csv"
    path.write_text("atopid,member\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="missing column"):
        call_command("import_atop", str(path))


def test_progress_bar_only_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        bar = Progress(10, "ATOP", stream=stream)
        for done in range(1, 11):
            bar.update(done)
        bar.close()
    assert "\r" in terminal.getvalue() and "100%" in terminal.getvalue()
    assert pipe.getvalue() == ""


def test_a_hand_made_source_with_the_slug_is_left_alone(atop_file):
    hand_made = factories.SourceFactory(slug="atop-51", title="Someone's notes")
    import_atop(atop_file)
    source = Source.objects.get(dataset="atop")
    assert source.slug == "atop-51-2" and source.dataset_version == "5.1"
    hand_made.refresh_from_db()
    assert hand_made.title == "Someone's notes" and hand_made.dataset == ""

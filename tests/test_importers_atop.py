"""import_atop: the real ATOP v4.01 excerpts as published (member and alliance files, bare
and in the official zip), and files built for every quirk of datasets.md."""

import csv
import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partnerships.importers.atop import import_atop
from partnerships.importers.base import ImportFailed, Progress
from partnerships.models import Nation, ObligationPeriod, Partnership, PartnershipMember, Source
from tests import factories
from tests.data_builders import make_cow_world, write_atop

D = datetime.date
DATASETS = Path(__file__).parent / "data" / "datasets"
MEMBERS = DATASETS / "atop4.01_member_excerpt.csv"  # 171 member-phase rows, 36 alliances
ALLIANCES = DATASETS / "atop4.01_alliance_excerpt.csv"  # the same 36 alliances


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
        # 1005: Russia (365 after 1991) and Armenia; plus a code COW does not know.
        _row(1005, 365, (1992, 5, 15), defense=1),
        _row(1005, 371, (1992, 5, 15), defense=1),
        _row(1005, 999, (1992, 5, 15), defense=1),
        # 1006: a member who leaves and comes back: two spans.
        _row(1006, 220, (1949, 8, 24), (1966, 7, 1), phase=1, maxphase=2, defense=1),
        _row(1006, 220, (2009, 4, 4), phase=2, maxphase=2, defense=1),
        _row(1006, 2, (1949, 8, 24), (2009, 4, 3), phase=1, maxphase=2, defense=1),
        _row(1006, 2, (2009, 4, 4), phase=2, maxphase=2, defense=1),
    ]
    # 1007: 59 members, non-aggression only, ended with a year-only exit.
    codes = [2, 20, 200, 205, 210, 211, 212, 220, 225, 230, 235, 290, 305, 310,
             325, 339, 350, 352, 355, 360, 375, 380, 385, 390, 395, 640, 645, 651, 652, 660,
             663, 666, 670, 690, 700, 710, 712, 740, 750, 770, 775, 780, 790, 800, 811, 812,
             820, 830, 840, 850, 900, 920, 70, 90, 91, 92, 93, 94, 95]  # fmt: skip
    assert len(codes) == 59
    rows += [_row(1007, code, (1975, 8, 1), (1991, 0, 0), nonagg=1) for code in codes]
    return rows


def unreadable_rows():
    """Rows that cannot be imported: reported with their row numbers, never fatal alone."""
    return [
        _row("abc", 2, (1990, 1, 1)),
        _row(1008, 2, (1990, 1, 1), (1980, 1, 1), defense=1),
        _row(1001, 2, (1951, 9, 8), bilat=1, defense=1),  # duplicate member-phase row
        _row(1009, -9, (1990, 1, 1), defense=1),  # a missing member code
    ]


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
    assert set(collective.members.values_list("slug", flat=True)) == {
        "russia",
        "armenia",
        "cow-999",
    }


def test_large_alliances_and_several_pacts_between_one_pair(atop_file, world):
    import_atop(atop_file)
    big = Partnership.objects.get(atop_id=1007)
    assert big.members.count() == 59
    assert big.name.endswith("and 56 others, 1975")
    assert big.nonaggression and big.kind == "multilateral"
    both = Partnership.objects.involving(world["united-states"], world["japan"], year=1965)
    assert set(both.values_list("atop_id", flat=True)) == {1001, 1003}


def test_bad_rows_are_reported_with_their_numbers(tmp_path, world):
    path = write_atop(tmp_path / "atop5_1m.csv", atop_rows() + unreadable_rows())
    report = import_atop(path, max_skipped=0.05)
    skipped = {p.row: p.message for p in report.problems if p.skipped}
    # Header is line 1: the first data row is line 2; atop_rows() fills lines 2-80.
    assert "not a number" in skipped[81]
    assert "before entry" in skipped[82]
    assert "already has phase 0 (row 2)" in skipped[83]
    assert skipped[84] == "ATOP 1009: member '-9' is not a state code"
    assert report.skipped_rows == 4
    assert report.lines()[-1] == (
        "ATOP 5.1: 7 imported, 0 updated, 0 unchanged; 4 of 83 rows skipped"
    )


def test_an_unknown_member_code_is_kept_as_an_unrecognised_nation(atop_file, world):
    report = import_atop(atop_file)
    unknown = Nation.objects.get(cow_code=999)
    assert (unknown.name, unknown.slug, unknown.unrecognised) == (
        "COW 999 (unrecognised)",
        "cow-999",
        True,
    )
    assert Nation.objects.filter(unrecognised=True).count() == 1
    member = Partnership.objects.get(atop_id=1005).memberships.get(nation=unknown)
    assert (member.joined, member.left) == (D(1992, 5, 15), None)
    listed = [str(p) for p in report.problems if "COW crosswalk" in p.message]
    assert listed == [
        "row 17: member code 999 is not a state the COW crosswalk knows: kept as the "
        "unrecognised nation 'COW 999 (unrecognised)' until a curator names it (rows 17)"
    ]
    assert report.skipped_rows == 0 and report.details["unrecognised nations created"] == 1

    # A second run finds it by its code, makes no other, and still lists it.
    again = import_atop(atop_file)
    assert Nation.objects.filter(cow_code=999).count() == 1
    assert "unrecognised nations created" not in again.details
    assert any("member code 999" in p.message for p in again.problems)

    # Once a curator names it, it is no longer listed, and the import keeps the name.
    unknown.name, unknown.unrecognised = "Principality of Somewhere", False
    unknown.save()
    named = import_atop(atop_file)
    assert not any("COW crosswalk" in p.message for p in named.problems)
    assert Partnership.objects.get(atop_id=1005).members.filter(pk=unknown.pk).exists()


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


# --- the real excerpts, as published ------------------------------------------------------


def history_counts():
    return tuple(
        model.history.count() for model in (Partnership, PartnershipMember, Nation, Source)
    )


def without_columns(source: Path, target: Path, columns: set) -> Path:
    """A copy of a real file without some columns (as the v5 member file lacks them)."""
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    header = [c for c in rows[0] if c not in columns]
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return target


def official_zip(tmp_path: Path, members=MEMBERS, alliances=ALLIANCES) -> Path:
    """The official download's layout, holding the real excerpts."""
    path = tmp_path / "ATOP_5.1.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(members, "ATOP 5.1 (.csv)/atop5_1m.csv")
        if alliances:
            archive.write(alliances, "ATOP 5.1 (.csv)/atop5_1a.csv")
        archive.writestr("__MACOSX/ATOP 5.1 (.csv)/._atop5_1m.csv", b"\x00\x05\x16\x07")
        archive.writestr("ATOP 5.1 (.csv)/ATOP 5.1 Codebook.txt", "codebook")
    return path


def test_the_real_member_file_imports_every_row(world):
    report = import_atop(MEMBERS)
    assert (report.rows, report.skipped_rows, report.created) == (171, 0, 36)
    assert report.lines()[-1] == (
        "ATOP 4.01: 36 imported, 0 updated, 0 unchanged; 0 of 171 rows skipped (nothing dropped)"
    )
    assert Partnership.objects.count() == 36
    assert not Nation.objects.filter(unrecognised=True).exists()
    assert Source.objects.get(dataset="atop").dataset_version == "4.01"
    # Every member-phase row is an obligation period.
    assert ObligationPeriod.objects.count() == 171


def test_real_members_resolve_by_code_at_their_entry_date(world):
    import_atop(MEMBERS)
    nato = Partnership.objects.get(atop_id=3180)
    codes = set(nato.members.values_list("cow_code", flat=True))
    # The US, the UK, West Germany (260, 1955) and united Germany (255, 1990), Czechia.
    assert {2, 200, 260, 255, 316} <= codes
    assert "west-germany" in set(nato.members.values_list("slug", flat=True))
    assert nato.memberships.get(nation__slug="west-germany").joined == D(1954, 10, 23)
    # The German Confederation of 1815: Hanover, Bavaria, Württemberg... (COW codes 240-280).
    confederation = set(
        Partnership.objects.get(atop_id=1020).members.values_list("slug", flat=True)
    )
    assert {"hanover", "bavaria", "wurttemberg", "saxony", "austria-hungary"} <= confederation


def test_a_bilateral_treaty_across_a_partition_keeps_every_member(world):
    """ATOP 4070 (France-Czechoslovakia, 1991) goes on in parallel phases with Czechia and
    Slovakia: one span for France with all its phases, nobody dropped."""
    report = import_atop(MEMBERS)
    pact = Partnership.objects.get(atop_id=4070)
    # France, Czechoslovakia (315), Czechia (316), Slovakia (317).
    assert set(pact.members.values_list("cow_code", flat=True)) == {220, 315, 316, 317}
    france = pact.memberships.get(nation__slug="france")
    assert (france.joined, france.left) == (D(1991, 10, 1), None)
    assert sorted(france.obligation_periods.values_list("phase", flat=True)) == [1, 2, 3]
    assert pact.kind == "multilateral"
    assert any(p.row == 139 and "bilateral" in p.message for p in report.problems)


def test_the_alliance_file_adds_dates_and_provisions_the_member_file_lacks(tmp_path, world):
    provisions = {"milaid", "base", "intcom", "organ1"}
    bare = without_columns(MEMBERS, tmp_path / "atop5_1m.csv", provisions)
    import_atop(bare, version="4.01")
    nato = Partnership.objects.get(atop_id=3180)
    assert not nato.bases and not nato.formal_organization

    report = import_atop(bare, alliances=ALLIANCES, version="4.01")
    nato.refresh_from_db()
    # Real values: NATO's alliance row has base=3 and organ1=3, milaid=0, intcom=0.
    assert (nato.bases, nato.formal_organization) == (True, True)
    assert (nato.military_aid, nato.integrated_command) == (False, False)
    assert (nato.start_date, nato.end_date) == (D(1949, 4, 4), None)
    assert report.updated > 0 and report.skipped_rows == 0
    assert any(line.startswith("alliance file: ") for line in report.lines())


def test_the_alliance_file_has_the_last_word_on_alliance_dates(tmp_path, world):
    rows = list(csv.DictReader(ALLIANCES.open(encoding="utf-8", newline="")))
    for row in rows:
        if row["atopid"] == "1475":  # members 1912-05-16 to 1913-06-30
            row.update(begyr="1912", begmo="3", begday="0", endyr="1913", endmo="0", endday="0")
    edited = tmp_path / "atop4_01a.csv"
    with edited.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    import_atop(MEMBERS, alliances=edited)
    pact = Partnership.objects.get(atop_id=1475)
    assert (pact.start_date, pact.start_precision) == (D(1912, 3, 1), "month")
    assert (pact.end_date, pact.end_precision) == (D(1913, 1, 1), "year")


def test_the_official_zip_imports_like_the_bare_files(tmp_path, world):
    out = io.StringIO()
    call_command("import_atop", str(official_zip(tmp_path)), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[-1] == (
        "ATOP 4.01: 36 imported, 0 updated, 0 unchanged; 0 of 171 rows skipped (nothing dropped)"
    )
    assert any("ATOP 5.1 (.csv)/atop5_1a.csv (36 alliances)" in line for line in lines)
    assert Partnership.objects.count() == 36
    assert Partnership.objects.get(atop_id=3180).bases


def test_alliances_may_come_from_a_zip_too(tmp_path, world):
    archive = official_zip(tmp_path)
    report = import_atop(MEMBERS, alliances=archive)
    assert report.created == 36
    assert any("atop5_1a.csv (36 alliances)" in note for note in report.notes)


def test_a_zip_without_a_member_file_is_refused_by_name(tmp_path, db):
    path = tmp_path / "atop.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "nothing here")
    with pytest.raises(CommandError, match="no file named like"):
        call_command("import_atop", str(path))


def test_a_second_run_of_the_real_files_changes_nothing(world):
    import_atop(MEMBERS, alliances=ALLIANCES)
    before, history = snapshot(), history_counts()
    report = import_atop(MEMBERS, alliances=ALLIANCES)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 36)
    assert report.lines()[-1] == (
        "ATOP 4.01: 0 imported, 0 updated, 36 unchanged; 0 of 171 rows skipped (nothing dropped)"
    )
    assert snapshot() == before
    assert history_counts() == history


def mostly_unreadable(tmp_path: Path) -> Path:
    """The real member file with the entry year of every row but the first ten erased."""
    with MEMBERS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows[10:]:
        row["yrent"] = ""
    path = tmp_path / "atop4_01m.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_too_many_skipped_rows_fail_loudly_and_write_nothing(tmp_path, world):
    import_atop(MEMBERS)
    before, history = snapshot(), history_counts()
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_atop", str(mostly_unreadable(tmp_path)), stdout=out)
    assert str(refused.value) == (
        "import refused: 161 of 171 rows skipped (94.2%), more than the 1% allowed "
        "(--max-skipped); nothing written"
    )
    # The report still names every skipped row and ends with the totals.
    printed = out.getvalue().splitlines()
    assert printed[-1].endswith("; 161 of 171 rows skipped")
    assert sum(line.startswith("skipped: row ") for line in printed) == 161
    assert snapshot() == before and history_counts() == history
    assert Source.objects.filter(dataset="atop").count() == 1


def test_the_allowed_share_of_skipped_rows_can_be_raised(tmp_path, world):
    path = mostly_unreadable(tmp_path)
    with pytest.raises(ImportFailed, match="161 of 171"):
        import_atop(path, max_skipped=0.9)
    out = io.StringIO()
    call_command("import_atop", str(path), "--max-skipped", "95%", stdout=out)
    assert out.getvalue().splitlines()[-1].endswith("161 of 171 rows skipped")
    assert Partnership.objects.exists()


@pytest.mark.parametrize("value", ["abc", "150%", "-1"])
def test_a_bad_max_skipped_names_the_option(value, db):
    with pytest.raises(CommandError, match="--max-skipped"):
        call_command("import_atop", str(MEMBERS), "--max-skipped", value)


def test_a_dry_run_that_skips_too_much_fails_too(tmp_path, world):
    with pytest.raises(CommandError, match="import refused"):
        call_command(
            "import_atop", str(mostly_unreadable(tmp_path)), "--dry-run", stdout=io.StringIO()
        )
    assert not Partnership.objects.exists()


def test_every_cow_state_since_1816_resolves_by_its_code(world):
    """The full ATOP file names members by COW code from 1815 on (German and Italian states,
    Austria-Hungary, ...): the crosswalk gives every code of COW's state list a nation,
    found on the first and last day of each of its spells."""
    from partnerships.importers.name_resolver import COW_DATA, NameResolver

    resolver = NameResolver.from_db(organizations=False)
    with (COW_DATA / "cow_states2016.csv").open(encoding="utf-8", newline="") as handle:
        spells = list(csv.DictReader(handle))
    assert len({row["ccode"] for row in spells}) == 217
    for row in spells:
        code = int(row["ccode"])
        for year, month, day in (("styear", "stmonth", "stday"), ("endyear", "endmonth", "endday")):
            on = D(int(row[year]), int(row[month]), int(row[day]))
            nation = resolver.by_code(code, on)
            assert nation is not None and nation.cow_code == code, (code, on)
            assert not nation.unrecognised


def test_the_admin_lists_unrecognised_nations_under_their_own_filter(atop_file, admin_client):
    import_atop(atop_file)
    listed = admin_client.get("/admin/partnerships/nation/?unrecognised__exact=1")
    assert listed.status_code == 200
    assert [n.slug for n in listed.context["cl"].result_list] == ["cow-999"]
    assert "COW 999 (unrecognised)" in listed.content.decode()

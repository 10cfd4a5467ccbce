"""check_reference_data: each kind of mistake in a small data directory is named by file,
record slug and field; the real data has none (tests/test_reference_facts.py)."""

import datetime

import pytest
import yaml
from django.core.management import CommandError, call_command

from partnerships.models import Nation, Statehood
from partnerships.reference_data.checks import Finding, check_reference_data

D = datetime.date

NATIONS = {
    "states": [
        {"slug": "united-states", "iso3": "USA"},
        {"slug": "japan", "iso3": "JPN"},
    ],
    "historical": [{"slug": "soviet-union", "name": "Soviet Union"}],
}


def treaty(**changes):
    record = {
        "name": "US-Japan Security Treaty",
        "slug": "us-japan",
        "kind": "bilateral",
        "signed": "1960-01-19",
        "start": "1960-06-23",
        "description": "Signed on 19 January 1960 and in force from 23 June 1960.",
        "sources": [
            {"slug": "treaty-text", "title": "Treaty text", "url": "https://example.org/t"}
        ],
        "members": ["united-states", "japan"],
    }
    record.update(changes)
    return record


def exercises(**changes):
    edition = {
        "name": "Pacific Reach 2024",
        "slug": "pacific-reach-2024",
        "start": "2024-06-27",
        "end": "2024-08-01",
        "participants": ["united-states", "japan"],
        "sources": [
            {
                "slug": "preview",
                "title": "Pacific Reach to begin",
                "url": "https://example.org/preview",
                "published": "2024-06-20",
                "announcement": True,
            }
        ],
    }
    edition.update(changes)
    site = {"slug": "series-site", "title": "Pacific Reach", "url": "https://example.org/pr"}
    series = {"name": "Pacific Reach", "slug": "pacific-reach", "domain": "maritime"}
    series["sources"] = [site]
    return [{"series": series, "editions": [edition]}]


def write(data_dir, *, partnerships=None, editions=None, exceptions=None):
    data_dir.mkdir(exist_ok=True)
    files = {
        "nations.yaml": NATIONS,
        "partnerships.yaml": partnerships or [treaty()],
        "exercises.yaml": editions or exercises(),
    }
    if exceptions is not None:
        files["check_exceptions.yaml"] = exceptions
    for name, content in files.items():
        (data_dir / name).write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")
    return data_dir


@pytest.fixture
def data_dir(tmp_path, db):
    # COW statehood comes from the cow step in real data; here the spell is made directly.
    soviet = Nation.objects.create(name="Soviet Union", slug="soviet-union", is_historical=True)
    Statehood.objects.create(nation=soviet, start_date=D(1922, 12, 30), end_date=D(1991, 12, 25))
    return tmp_path / "data"


def places(findings):
    return {(f.file, f.slug, f.field) for f in findings}


def test_clean_data_has_no_finding(data_dir):
    assert check_reference_data(write(data_dir)) == []


MISTAKES = {
    "member outside its nation's statehood": (
        {"partnerships": [treaty(members=["united-states", {"nation": "soviet-union"}])]},
        ("partnerships.yaml", "us-japan", "members[soviet-union].left"),
    ),
    "participant outside its nation's statehood": (
        {"editions": exercises(participants=["united-states", "soviet-union"])},
        ("exercises.yaml", "pacific-reach-2024", "participants[soviet-union]"),
    ),
    "member joined before the partnership": (
        {
            "partnerships": [
                treaty(members=["united-states", {"nation": "japan", "joined": "1959"}])
            ]
        },
        ("partnerships.yaml", "us-japan", "members[japan].joined"),
    ),
    "member left after the partnership ended": (
        {
            "partnerships": [
                treaty(end="1970", members=["united-states", {"nation": "japan", "left": "1975"}])
            ]
        },
        ("partnerships.yaml", "us-japan", "members[japan].left"),
    ),
    "edition outside the year in its name": (
        {"editions": exercises(start="2023-06-27", end="2023-08-01")},
        ("exercises.yaml", "pacific-reach-2024", "start"),
    ),
    "source published before the event": (
        {
            "partnerships": [
                treaty(
                    sources=[
                        {
                            "slug": "old-news",
                            "title": "Talks begin",
                            "url": "https://example.org/old",
                            "published": "1958",
                        }
                    ]
                )
            ]
        },
        ("partnerships.yaml", "us-japan", "sources[old-news]"),
    ),
    "start is the signature, a later entry into force recorded": (
        {"partnerships": [treaty(start="1960-01-19")]},
        ("partnerships.yaml", "us-japan", "start"),
    ),
}


@pytest.mark.parametrize("case", MISTAKES, ids=list(MISTAKES))
def test_each_kind_of_mistake_is_named_by_file_slug_and_field(data_dir, case):
    files, place = MISTAKES[case]

    findings = check_reference_data(write(data_dir, **files))

    assert places(findings) == {place}
    (finding,) = findings
    assert finding.message and place[1] in str(finding) and place[2] in str(finding)


def test_a_membership_may_end_the_day_after_the_state(data_dir):
    # Unification took effect on 3 October 1990; East Germany's last day was the 2nd.
    member = {"nation": "soviet-union", "joined": "1960-06-23", "left": "1991-12-26"}
    partnerships = [treaty(end="1991-12-26", members=["united-states", member])]

    assert check_reference_data(write(data_dir, partnerships=partnerships)) == []


def test_an_imprecise_start_is_read_generously(data_dir):
    # "1922" may be 30 December 1922, the day the Soviet Union's spell begins.
    member = {"nation": "soviet-union", "joined": "1922", "left": "1930"}
    partnerships = [treaty(signed=None, start="1922", end="1930", members=["japan", member])]
    partnerships[0]["description"] = ""

    assert check_reference_data(write(data_dir, partnerships=partnerships)) == []


def test_a_listed_exception_with_a_reason_silences_its_finding(data_dir):
    files, place = MISTAKES["edition outside the year in its name"]
    exception = dict(zip(("file", "slug", "field"), place, strict=True), reason="Fiscal year.")

    assert check_reference_data(write(data_dir, **files, exceptions=[exception])) == []


def test_the_command_prints_each_finding_and_fails(data_dir, capsys):
    files, place = MISTAKES["edition outside the year in its name"]
    write(data_dir, **files)

    with pytest.raises(CommandError, match="1 problem"):
        call_command("check_reference_data", data_dir=str(data_dir))

    assert str(Finding(*place, "")).rstrip(": ") in capsys.readouterr().out


def test_the_command_says_so_when_all_is_well(data_dir, capsys):
    call_command("check_reference_data", data_dir=str(write(data_dir)))
    assert "No problem found" in capsys.readouterr().out


def test_checking_leaves_the_database_as_it_was(data_dir):
    check_reference_data(write(data_dir))
    assert not Nation.objects.filter(slug="japan").exists()

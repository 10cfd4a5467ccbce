"""The one name resolver and the COW crosswalk step that feeds it."""

import datetime
from pathlib import Path

import pytest
from django.db import transaction

from partnerships.importers.cow import load_cow
from partnerships.importers.name_resolver import NameResolver, name_key
from partnerships.models import Nation, NationAlias, Statehood
from tests import factories, reference_snapshot

D = datetime.date

PRESENT_DAY = [
    ("United States", "united-states", "USA"),
    ("Russia", "russia", "RUS"),
    ("Germany", "germany", "DEU"),
    ("Serbia", "serbia", "SRB"),
    ("Czechia", "czechia", "CZE"),
    ("Slovakia", "slovakia", "SVK"),
    ("Myanmar", "myanmar", "MMR"),
    ("DR Congo", "dr-congo", "COD"),
    ("Republic of the Congo", "republic-of-the-congo", "COG"),
    ("Saint Lucia", "saint-lucia", "LCA"),
    ("Saint Kitts and Nevis", "saint-kitts-and-nevis", "KNA"),
    ("Bosnia and Herzegovina", "bosnia-and-herzegovina", "BIH"),
    ("Côte d'Ivoire", "cote-divoire", "CIV"),
    ("South Korea", "south-korea", "KOR"),
    ("Japan", "japan", "JPN"),
    ("Yemen", "yemen", "YEM"),
    ("Eswatini", "eswatini", "SWZ"),
    ("North Macedonia", "north-macedonia", "MKD"),
    ("Türkiye", "turkiye", "TUR"),
]


@pytest.fixture
def world(db):
    """Present-day nations as the reference data makes them, then the COW step."""
    for name, slug, iso3 in PRESENT_DAY:
        factories.NationFactory(name=name, slug=slug, iso3=iso3)
    # A historical nation the reference data already made: the COW step must reuse it.
    factories.NationFactory(name="Soviet Union", slug="soviet-union", is_historical=True)
    report = load_cow()
    assert not [p for p in report.problems if p.skipped]
    return {nation.slug: nation for nation in Nation.objects.all()}


@pytest.fixture
def resolver(world):
    return NameResolver.from_db()


def test_cow_step_sets_codes_and_creates_historical_states(world):
    assert world["germany"].cow_code == 255
    assert world["russia"].cow_code == 365
    assert world["soviet-union"].cow_code == 365  # reused, not duplicated
    assert world["czechia"].cow_code == 316
    assert world["serbia"].cow_code == 345
    for slug, code in [
        ("west-germany", 260),
        ("east-germany", 265),
        ("czechoslovakia", 315),
        ("yugoslavia", 345),
        ("austria-hungary", 300),
    ]:
        assert world[slug].is_historical and world[slug].cow_code == code
        assert world[slug].iso3 is None
    assert Nation.objects.filter(slug="soviet-union").count() == 1


def test_cow_step_loads_spells(world):
    germany = list(world["germany"].statehoods.values_list("start_date", "end_date"))
    assert germany == [(D(1816, 1, 1), D(1945, 5, 8)), (D(1990, 10, 3), None)]
    west = list(world["west-germany"].statehoods.values_list("start_date", "end_date"))
    assert west == [(D(1955, 5, 5), D(1990, 10, 2))]
    soviet = list(world["soviet-union"].statehoods.values_list("start_date", "end_date"))
    assert soviet == [(D(1922, 12, 30), D(1991, 12, 25))]


def test_cow_step_is_idempotent(world):
    counts = (Nation.objects.count(), Statehood.objects.count(), NationAlias.objects.count())
    report = load_cow()
    assert report.created == 0 and report.updated == 0
    assert report.details["statehood spells added"] == 0
    assert report.details["aliases added"] == 0
    assert counts == (
        Nation.objects.count(),
        Statehood.objects.count(),
        NationAlias.objects.count(),
    )


def test_cow_step_dry_run_writes_nothing(db):
    report = load_cow(dry_run=True)
    assert report.created > 0
    assert not Nation.objects.exists() and not Statehood.objects.exists()


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Congo - Kinshasa", "dr-congo"),
        ("Congo - Brazzaville", "republic-of-the-congo"),
        ("Democratic Republic of the Congo", "dr-congo"),
        ("Myanmar (Burma)", "myanmar"),
        ("Burma", "myanmar"),
        ("St. Lucia", "saint-lucia"),
        ("st. christopher", "saint-kitts-and-nevis"),
        ("St. Kitts & Nevis", "saint-kitts-and-nevis"),
        ("Bosnia & Herzegovina", "bosnia-and-herzegovina"),
        ("BOSNIA AND HERZEGOVINA", "bosnia-and-herzegovina"),
        ("Côte d’Ivoire", "cote-divoire"),
        ("Ivory Coast", "cote-divoire"),
        ("United States of America", "united-states"),
        ("the United States", "united-states"),
        ("Korea, South", "south-korea"),
        ("Republic of Korea", "south-korea"),
        ("Swaziland", "eswatini"),
        ("Macedonia", "north-macedonia"),
        ("Turkey", "turkiye"),
        ("Czech Republic", "czechia"),
        ("German Federal Republic", "west-germany"),
        ("German Democratic Republic", "east-germany"),
        ("USSR", "soviet-union"),
        ("Wuerttemburg", "wurttemberg"),
        ("JPN", "japan"),
    ],
)
def test_resolver_handles_every_variant(resolver, name, slug):
    assert resolver.resolve(name).slug == slug


@pytest.mark.parametrize("name", ["-9", "", "  ", "Atlantis", None])
def test_resolver_returns_none_for_missing_or_unknown(resolver, name):
    assert resolver.resolve(name) is None


@pytest.mark.parametrize(
    ("name", "on", "slug"),
    [
        ("Germany", D(1980, 6, 1), "west-germany"),
        ("Germany", D(1995, 6, 1), "germany"),
        ("Germany", D(1900, 6, 1), "germany"),
        ("Russia", D(1985, 6, 1), "soviet-union"),
        ("Russia", D(1995, 6, 1), "russia"),
        ("Soviet Union", D(1985, 6, 1), "soviet-union"),
        ("Serbia", D(1980, 6, 1), "yugoslavia"),
        ("Serbia", D(2010, 6, 1), "serbia"),
        ("Serbia and Montenegro", D(2004, 6, 1), "serbia"),
        ("Czech Republic", D(1985, 6, 1), "czechoslovakia"),
        ("Czech Republic", D(1995, 6, 1), "czechia"),
        ("Yemen", D(1985, 6, 1), "north-yemen"),
    ],
)
def test_resolver_moves_a_name_to_the_state_of_the_date(resolver, name, on, slug):
    assert resolver.resolve(name, on=on).slug == slug


@pytest.mark.parametrize(
    ("code", "on", "slug"),
    [
        (255, D(1900, 1, 1), "germany"),  # Prussia/Germany before 1945
        (255, D(1995, 1, 1), "germany"),
        (260, D(1960, 1, 1), "west-germany"),
        (265, D(1960, 1, 1), "east-germany"),
        (365, D(1900, 1, 1), "russia"),
        (365, D(1970, 1, 1), "soviet-union"),
        (365, D(1995, 1, 1), "russia"),
        (365, None, "russia"),
        (345, D(1960, 1, 1), "yugoslavia"),
        (345, D(1900, 1, 1), "serbia"),  # the Kingdom of Serbia, as COW codes it
        (345, D(2000, 1, 1), "serbia"),  # FR Yugoslavia: Serbia continues it
        (315, D(1960, 1, 1), "czechoslovakia"),
        (316, D(1995, 1, 1), "czechia"),
        (365, D(1922, 12, 29), "russia"),
    ],
)
def test_resolver_picks_a_cow_code_by_date(resolver, code, on, slug):
    assert resolver.by_code(code, on).slug == slug


def test_unknown_code_resolves_to_nothing(resolver):
    assert resolver.by_code(999, D(1990, 1, 1)) is None


def test_resolver_finds_organizations(resolver, db):
    nato = factories.OrganizationFactory(name="North Atlantic Treaty Organization", acronym="NATO")
    resolver = NameResolver.from_db()
    assert resolver.resolve_organization("NATO") == nato
    assert resolver.resolve_organization("north atlantic treaty organization") == nato
    assert resolver.resolve_organization("-9") is None


def test_name_key_reads_saint_and_drops_the():
    assert name_key("St. Lucia") == name_key("Saint Lucia") == "saint lucia"
    assert name_key("The Gambia") == "gambia"


def test_resolver_needs_no_query_per_name(resolver, django_assert_num_queries):
    with django_assert_num_queries(0):
        for _ in range(100):
            resolver.resolve("Congo - Kinshasa", on=D(1990, 1, 1))
            resolver.by_code(365, D(1970, 1, 1))


# --- every participant name of the whole MME v7 file, against the real reference data -----

DATASETS = Path(__file__).parent / "data" / "datasets"


def mme_names() -> dict[str, tuple[D, D]]:
    """Each distinct participant value of the full MME v7 file: (first date, last date)."""

    def day(text):
        year, month, day = text.split("-")
        return D(int(year), int(month), 1 if day == "xx" else int(day))

    names = {}
    for line in (DATASETS / "mme_v7_participant_names.txt").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _cells, first, last = line.split("\t")
            names[name] = (day(first), day(last))
    return names


MME_NAMES = mme_names()
# The values that are no state, and why; the importer counts -9 on the exercise, links
# NATO as an organization, and reports the others by row (never a nation).
NOT_STATES = {
    "-9": "MME's code for a participant it does not name",
    "NATO": "an organization",
    "Baltic States": "a group of three states, not named one by one (1997)",
    "Bermuda": "a British overseas territory (1988)",
    "Hong Kong SAR China": "a territory, British in 1993 and Chinese in 2003",
    "Netherlands Antilles": "a Dutch territory (2002)",
    "New Caledonia": "a French territory (2008)",
}
# States named on a day outside their spell in COW's state system: the state is right.
OUTSIDE_COW_SPELLS = {
    "South Sudan": "August 2010, before independence (July 2011): the South's own forces",
    "Tonga": "independent since 1970, in COW's state system from 1999 only",
}


@pytest.fixture(scope="module")
def reference_resolver(reference_nation_rows, django_db_blocker):
    """The resolver over the nations, COW codes and aliases the reference data makes."""
    with django_db_blocker.unblock(), transaction.atomic():
        reference_snapshot.restore(reference_nation_rows)
        factories.OrganizationFactory(
            name="North Atlantic Treaty Organization", acronym="NATO", slug="nato"
        )
        yield NameResolver.from_db()
        transaction.set_rollback(True)


def test_the_names_list_covers_the_real_excerpt():
    import csv

    with (DATASETS / "mme_v7_wide_excerpt.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    in_excerpt = {v for row in rows for k, v in row.items() if k.startswith("State") and v}
    assert in_excerpt <= set(MME_NAMES)
    assert len(MME_NAMES) == 194 and set(NOT_STATES) <= set(MME_NAMES)


@pytest.mark.parametrize("name", sorted(set(MME_NAMES) - set(NOT_STATES)))
def test_every_state_name_of_the_mme_file_resolves_at_its_dates(reference_resolver, name):
    for on in MME_NAMES[name]:
        nation = reference_resolver.resolve(name, on=on)
        assert nation is not None, f"{name!r} on {on}"
        assert not nation.unrecognised
        if name not in OUTSIDE_COW_SPELLS:
            assert reference_resolver.refs[nation.pk].covering(on), f"{name!r} on {on}"


@pytest.mark.parametrize("name", sorted(NOT_STATES))
def test_what_is_no_state_never_resolves_to_a_nation(reference_resolver, name):
    for on in MME_NAMES[name]:
        assert reference_resolver.resolve(name, on=on) is None
    organization = reference_resolver.resolve_organization(name)
    assert (organization.slug if organization else None) == ("nato" if name == "NATO" else None)


@pytest.mark.parametrize(
    ("name", "on", "slug"),
    [
        ("Russia", D(1980, 2, 29), "soviet-union"),
        ("Russia", D(1991, 8, 26), "soviet-union"),
        ("Russia", D(1992, 2, 13), "russia"),
        ("Federal Republic of Germany", D(1990, 9, 28), "west-germany"),
        ("German Democratic Republic", D(1990, 4, 24), "east-germany"),
        ("Germany", D(1991, 1, 17), "germany"),
        ("Czechoslovakia", D(1990, 9, 1), "czechoslovakia"),
        ("Czechia", D(1994, 3, 15), "czechia"),
        ("Yugoslavia", D(2004, 5, 17), "serbia"),  # then Serbia and Montenegro, COW 345
        ("Serbia", D(2000, 2, 27), "serbia"),
        ("Montenegro", D(2008, 1, 1), "montenegro"),
        ("Congo - Kinshasa", D(1983, 4, 1), "democratic-republic-of-the-congo"),  # Zaire
        ("Congo - Brazzaville", D(1992, 6, 1), "republic-of-the-congo"),
        ("Côte d’Ivoire", D(1981, 3, 7), "ivory-coast"),
        ("st. christopher", D(1992, 5, 1), "saint-kitts-and-nevis"),
        ("Myanmar (Burma)", D(2003, 1, 1), "myanmar"),
        ("Burkina Faso", D(1983, 10, 1), "burkina-faso"),  # Upper Volta until August 1984
        ("Eswatini", D(1997, 1, 1), "eswatini"),  # Swaziland then
        ("North Macedonia", D(1996, 1, 1), "north-macedonia"),
        ("Yemen", D(1998, 1, 1), "yemen"),
        ("Taiwan", D(1996, 1, 28), "taiwan"),
    ],
)
def test_mme_names_are_the_state_of_their_date(reference_resolver, name, on, slug):
    assert reference_resolver.resolve(name, on=on).slug == slug

"""/api/v1/dyad-years/: every allied pair, year by year, with what each had undertaken.

Small worlds, each checked row for row: a handover within a year, an asymmetric pledge, a
later phase that drops a pledge, a successor state, an uncertain date; and the rows of a
year are the pairs /api/v1/allied/ answers yes for.
"""

import csv
import datetime
import io
from itertools import combinations

import pytest

from partnerships.models import Nation, ObligationPeriod, Partnership
from tests import factories

D = datetime.date
pytestmark = pytest.mark.django_db
URL = "/api/v1/dyad-years/"
HEADER = (
    "year,a,b,a_cow,b_cow,a_iso3,b_iso3,defense,offense,neutrality,nonaggression,"
    "consultation,instruments,sources"
)


def nation(slug, cow=None, iso3=None):
    return factories.NationFactory(
        name=slug.replace("-", " ").title(), slug=slug, cow_code=cow, iso3=iso3, iso2=None
    )


def pact(slug, start, members, *, end=None, sources=(), **flags):
    """A partnership with `members`: (nation, joined, left) or (nation, joined, left,
    {field: value}) for imprecise dates."""
    flags = flags or {"defense": True}
    treaty = factories.PartnershipFactory(
        name=slug.title(), slug=slug, start_date=start, end_date=end, **flags
    )
    treaty.sources.set(sources)
    rows = []
    for member in members:
        state, joined, left, *extra = member
        rows.append(
            factories.PartnershipMemberFactory(
                partnership=treaty,
                nation=state,
                joined=joined,
                left=left,
                **(extra[0] if extra else {}),
            )
        )
    return treaty, rows


def rows(client, **params):
    response = client.get(URL, {"page_size": 200, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def pairs(client, **params):
    return [(row["year"], row["a"], row["b"]) for row in rows(client, **params)]


def csv_rows(client, **params):
    response = client.get(URL, {"format": "csv", **params})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text))), text.splitlines()[0]


@pytest.fixture
def handover():
    """Pact (defence, 1950-): Xland leaves 1 March 1960, Yland joins 1 June 1960, Zland
    stays: in 1960 Xland and Yland never share a day."""
    x, y, z = nation("xland", 1, "XLA"), nation("yland", 2, "YLA"), nation("zland", 3, "ZLA")
    source = factories.SourceFactory(slug="pact-text")
    pact(
        "pact",
        D(1950, 1, 1),
        [(x, D(1950, 1, 1), D(1960, 3, 1)), (y, D(1960, 6, 1), None), (z, D(1950, 1, 1), None)],
        sources=[source],
    )
    return x, y, z


def test_a_handover_within_a_year_pairs_each_with_the_stayer_only(client, handover):
    assert pairs(client, **{"from": 1959, "to": 1961}) == [
        (1959, "xland", "zland"),
        (1960, "xland", "zland"),
        (1960, "yland", "zland"),
        (1961, "yland", "zland"),
    ]
    row = rows(client, **{"from": 1960, "to": 1960})[0]
    assert row == {
        "year": 1960, "a": "xland", "b": "zland", "a_cow": 1, "b_cow": 3,
        "a_iso3": "XLA", "b_iso3": "ZLA", "defense": 1, "offense": 0, "neutrality": 0,
        "nonaggression": 0, "consultation": 0, "instruments": ["pact"], "sources": ["pact-text"],
    }  # fmt: skip


def test_the_csv_streams_every_row_with_the_stated_header(client, handover):
    found, header = csv_rows(client, **{"from": 1950, "to": 1961})
    assert header == HEADER
    assert len(found) == 11 + 2  # x-z 1950-1960, y-z 1960-1961
    assert found[0] == {
        "year": "1950", "a": "xland", "b": "zland", "a_cow": "1", "b_cow": "3",
        "a_iso3": "XLA", "b_iso3": "ZLA", "defense": "1", "offense": "0", "neutrality": "0",
        "nonaggression": "0", "consultation": "0", "instruments": "pact", "sources": "pact-text",
    }  # fmt: skip
    paged = client.get(URL, {"from": 1950, "to": 1961, "page_size": 5}).json()
    assert paged["count"] == 13 and len(paged["results"]) == 5 and "page=2" in paged["next"]


@pytest.fixture
def guarantee(usa, japan):
    """Phase 1 (1951-1979): the US pledges defence and consultation, Japan consultation only
    from 1960; phase 2 (from 1980): the US consultation only; Japan nothing then."""
    treaty, (us_member, japan_member) = pact(
        "guarantee",
        D(1951, 9, 8),
        [(usa, D(1951, 9, 8), None), (japan, D(1951, 9, 8), None)],
        defense=True,
        consultation=True,
    )
    ObligationPeriod.objects.create(
        member=us_member, phase=1, start_date=D(1951, 9, 8), end_date=D(1979, 12, 31),
        defense=True, consultation=True,
    )  # fmt: skip
    ObligationPeriod.objects.create(
        member=us_member, phase=2, start_date=D(1980, 1, 1), consultation=True
    )
    ObligationPeriod.objects.create(
        member=japan_member, phase=1, start_date=D(1951, 9, 8), end_date=D(1979, 12, 31)
    )
    return treaty


def _flags(row):
    return {
        name
        for name in ("defense", "offense", "neutrality", "nonaggression", "consultation")
        if row[name]
    }


def test_an_asymmetric_pledge_directed_and_undirected(client, guarantee):
    (undirected,) = rows(client, **{"from": 1970, "to": 1970})
    assert (undirected["a"], undirected["b"], _flags(undirected)) == (
        "japan", "united-states", {"defense", "consultation"}
    )  # fmt: skip
    directed = rows(client, **{"from": 1970, "to": 1970, "directed": "true"})
    assert [(r["a"], r["b"], _flags(r)) for r in directed] == [
        ("japan", "united-states", set()),
        ("united-states", "japan", {"defense", "consultation"}),
    ]
    pledged = rows(
        client, **{"from": 1970, "to": 1970, "directed": "true", "obligation": "defense"}
    )
    assert [(r["a"], r["b"]) for r in pledged] == [("united-states", "japan")]


def test_a_later_phase_drops_a_pledge_from_later_years(client, guarantee):
    by_year = {row["year"]: _flags(row) for row in rows(client, **{"from": 1979, "to": 1981})}
    assert by_year == {
        1979: {"defense", "consultation"},
        1980: {"consultation"},
        1981: {"consultation"},
    }
    assert [
        r["year"] for r in rows(client, **{"from": 1979, "to": 1981, "obligation": "defense"})
    ] == [1979]


@pytest.fixture
def succession(usa):
    """West Germany in the alliance 1955 - 3 October 1990, Germany from then; Germany
    continues West Germany."""
    west = nation("west-germany", 260)
    germany = nation("germany", 255, "DEU")
    factories.SuccessionFactory(predecessor=west, successor=germany, date=D(1990, 10, 3))
    pact(
        "north-atlantic-treaty",
        D(1949, 4, 4),
        [
            (usa, D(1949, 8, 24), None),
            (west, D(1955, 5, 6), D(1990, 10, 3)),
            (germany, D(1990, 10, 3), None),
        ],
    )
    return west, germany


def test_rows_name_the_state_that_was_the_member(client, succession):
    assert pairs(client, **{"from": 1962, "to": 1962}) == [(1962, "united-states", "west-germany")]
    assert pairs(client, **{"from": 1990, "to": 1991}) == [
        (1990, "germany", "united-states"),
        (1990, "united-states", "west-germany"),
        (1991, "germany", "united-states"),
    ]  # never Germany with the state it continues
    # A question about Germany includes the state it continues; the rows are not copied.
    asked = pairs(client, **{"from": 1962, "to": 1962, "nation": "germany"})
    assert asked == [(1962, "united-states", "west-germany")]
    assert pairs(client, **{"from": 1991, "to": 1991, "nation": "west-germany"}) == []


@pytest.fixture
def uncertain_world():
    """Uland left "1975" (known to the year), Vland joined 15 June 1975: they may have met."""
    x, y, z = nation("uland"), nation("vland"), nation("wland")
    pact(
        "entente",
        D(1950, 1, 1),
        [
            (x, D(1950, 1, 1), D(1975, 1, 1), {"left_precision": "year"}),
            (y, D(1975, 6, 15), None),
            (z, D(1950, 1, 1), None),
        ],
    )
    return x, y, z


def test_an_uncertain_date_appears_only_when_asked_with_certain(client, uncertain_world):
    assert pairs(client, **{"from": 1975, "to": 1975}) == [
        (1975, "uland", "wland"),
        (1975, "vland", "wland"),
    ]
    asked = rows(client, **{"from": 1975, "to": 1975, "uncertain": "true"})
    assert [(r["a"], r["b"], r["certain"]) for r in asked] == [
        ("uland", "vland", 0),
        ("uland", "wland", 1),
        ("vland", "wland", 1),
    ]
    found, header = csv_rows(client, **{"from": 1975, "to": 1975, "uncertain": "true"})
    assert header == HEADER + ",certain" and found[0]["certain"] == "0"


def test_each_year_equals_the_pairs_the_allied_endpoint_answers_yes(
    client, handover, guarantee, succession, uncertain_world
):
    nations = list(Nation.objects.values_list("slug", flat=True))
    for year in (1955, 1960, 1975, 1980, 1990):
        expected = {}
        for a, b in combinations(nations, 2):
            answer = client.get("/api/v1/allied/", {"a": a, "b": b, "year": year}).json()
            for alliance in answer["alliances"]:
                if alliance["answer"] != "yes":
                    continue
                for x in alliance["members"][a]:
                    for y in alliance["members"][b]:
                        expected.setdefault(tuple(sorted((x, y))), set()).add(alliance["slug"])
        found = {
            (r["a"], r["b"]): set(r["instruments"])
            for r in rows(client, **{"from": year, "to": year})
        }
        assert found == expected, year


def test_bad_values_are_field_errors(client, handover):
    for params, field in [
        ({"from": "abc"}, "from"),
        ({"nation": "atlantis"}, "nation"),
        ({"obligation": "friendship"}, "obligation"),
        ({"directed": "maybe"}, "directed"),
        ({"dataset": "nope"}, "dataset"),
        ({"to": 99999}, "to"),
    ]:
        response = client.get(URL, params)
        assert response.status_code == 400 and field in response.json(), params
    assert client.get(URL, {"format": "csv", "from": "x"}).status_code == 400
    assert client.get(URL, {"from": 1990, "to": 1980}).json()["count"] == 0  # an empty range


def test_the_query_budget_does_not_grow_with_the_rows(
    client, handover, guarantee, succession, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        body = client.get(URL, {"from": 1816, "to": 2016, "page_size": 200}).json()
    assert body["count"] > 100
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"format": "csv", "from": 1816, "to": 2016})
        assert len(b"".join(response.streaming_content).splitlines()) == body["count"] + 1


def test_the_dataset_filter_keeps_records_imported_from_it(client, handover, guarantee):
    atop = factories.SourceFactory(slug="atop-4-01", dataset="atop", dataset_version="4.01")
    Partnership.objects.get(slug="guarantee").sources.add(atop)
    assert {
        r["instruments"][0] for r in rows(client, **{"from": 1960, "to": 1960, "dataset": "atop"})
    } == {"guarantee"}


def test_the_real_atop_excerpt_matches_the_rule_year_by_year(client):
    """Rows reuse one answer per pair between years where no date of the alliance falls:
    over the real ATOP 4.01 excerpt they equal the rule asked afresh for every year."""
    from pathlib import Path

    from partnerships.alliances import YES, instrument_answer
    from partnerships.exports.dyadyears import continued_pairs, instruments
    from partnerships.importers.atop import import_atop
    from tests.data_builders import make_cow_world

    make_cow_world()
    datasets = Path(__file__).parent / "data" / "datasets"
    import_atop(
        datasets / "atop4.01_member_excerpt.csv",
        alliances=datasets / "atop4.01_alliance_excerpt.csv",
    )
    loaded = instruments()
    slugs = dict(Nation.objects.values_list("pk", "slug"))
    skip = continued_pairs(sorted({pk for each in loaded for pk in each.spans}))
    exported, _ = csv_rows(client, **{"from": 1816, "to": 2020})
    found = {(int(r["year"]), r["a"], r["b"]) for r in exported}
    expected = set()
    for each in loaded:
        ids = sorted(each.spans)
        for year in range(1816, 2021):
            for index, a in enumerate(ids):
                for b in ids[index + 1 :]:
                    if frozenset((a, b)) in skip:
                        continue
                    fresh = instrument_answer(each.instrument, each.spans[a], each.spans[b], year)
                    if fresh.answer == YES:
                        expected.add((year, *sorted((slugs[a], slugs[b]))))
    assert found == expected and len(found) > 1000

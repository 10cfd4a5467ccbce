"""Succession as explicit, cited records, and one lineage rule read the same way by every
page and endpoint: NATO-the-organization and NATO-the-ATOP-alliance agree about Germany.

The world is shaped like the real one: every COW state (West Germany 260, Germany 255),
the real ATOP 4.01 excerpt imported (NATO is atop 3180: West Germany 1954-1990, Germany
from 3 October 1990), NATO's memberships held by the state that was the member, and the
recorded successions (Germany continues West Germany; East Germany was absorbed).
"""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partnerships.analysis import network, relations
from partnerships.importers.atop import import_atop
from partnerships.models import Nation, Partnership, Source, Succession
from tests import factories
from tests.data_builders import make_cow_world

D = datetime.date
ATOP_EXCERPT = Path(__file__).parent / "data" / "datasets" / "atop4.01_member_excerpt.csv"
NATO_ATOP = 3180


@pytest.fixture
def world(db):
    nations = make_cow_world()
    import_atop(ATOP_EXCERPT)
    nato = factories.OrganizationFactory(name="North Atlantic Treaty Organization", slug="nato")
    for slug, joined, left in [
        ("united-states", D(1949, 8, 24), None),
        ("west-germany", D(1955, 5, 6), D(1990, 10, 3)),
        ("germany", D(1990, 10, 3), None),
    ]:
        factories.MembershipFactory(
            organization=nato, nation=nations[slug], joined=joined, left=left
        )
    treaty = factories.SourceFactory(slug="unification-treaty-1990")
    factories.SuccessionFactory(
        predecessor=nations["west-germany"],
        successor=nations["germany"],
        date=D(1990, 10, 3),
        source=treaty,
    )
    factories.SuccessionFactory(
        predecessor=nations["east-germany"], successor=nations["germany"], date=D(1990, 10, 3),
        kind="absorption", source=treaty,
    )  # fmt: skip
    return nations


def _alliance_slug():
    return Partnership.objects.get(atop_id=NATO_ATOP).slug


def _slugs(response):
    return {row["slug"] for row in response.json()["results"]}


def _certain_overlap_in(record, year):
    return any(
        span["certain"]
        and span["start"] <= f"{year}-12-31"
        and (span["end"] is None or span["end"] >= f"{year}-01-01")
        for span in record["overlap"]
    )


# Each asks one page or endpoint: were `a` (with the states it continues) and `b` tied
# through NATO in `year`?
def allied_api(client, a, b, year):
    data = client.get("/api/v1/allied/", {"a": a, "b": b, "year": year}).json()
    return data["answer"] == "yes" and _alliance_slug() in {x["slug"] for x in data["alliances"]}


def alliances_page(client, a, b, year):
    page = client.get("/alliances/", {"a": a, "b": b, "year": year}).content.decode()
    return f"</a> in {year}:\n    allied" in page


def partnership_list_api(client, a, b, year):
    response = client.get("/api/v1/partnerships/", {"nation": [a, b], "year": year})
    return _alliance_slug() in _slugs(response)


def partnership_list_page(client, a, b, year):
    response = client.get("/partnerships/", {"nation": [a, b], "year": year})
    return f'href="/partnerships/{_alliance_slug()}/"' in response.content.decode()


def organization_list_api(client, a, b, year):
    return "nato" in _slugs(client.get("/api/v1/organizations/", {"nation": [a, b], "year": year}))


def relations_api(client, a, b, year):
    data = client.get(f"/api/v1/relations/{a}/{b}/").json()
    organization = [o for o in data["organizations"] if o["slug"] == "nato"]
    alliance = [p for p in data["partnerships"] if p["slug"] == _alliance_slug()]
    return bool(organization and alliance) and all(
        _certain_overlap_in(record, year) for record in organization + alliance
    )


def network_api(client, a, b, year):
    """The network names the states that were the members: one of a's lineage."""
    edges = client.get("/api/v1/network/", {"year": year}).json()["edges"]
    ids = Nation.objects.lineages([Nation.objects.get(slug=a).pk])[0]
    own = set(Nation.objects.filter(pk__in=ids).values_list("slug", flat=True))
    return any(
        _alliance_slug() in edge["partnerships"]
        and {edge["source"], edge["target"]} & own
        and b in (edge["source"], edge["target"])
        for edge in edges
    )


def nation_page(client, a, b, year):
    """a's profile lists a NATO membership (its own or a continued state's) covering Y."""
    page = client.get(f"/nations/{a}/").content.decode()
    rows = [row for row in page.split("<tr>") if 'href="/organizations/nato/"' in row]
    return any(_row_covers(row, year) for row in rows)


def _row_covers(row, year):
    years = [int(word[-4:]) for word in row.replace("<", " ").split() if word[-4:].isdigit()]
    start = years[0]
    end = years[1] if len(years) > 1 else 9999
    return start <= year <= end


SURFACES = [
    allied_api,
    alliances_page,
    partnership_list_api,
    partnership_list_page,
    organization_list_api,
    relations_api,
    network_api,
    nation_page,
]


@pytest.mark.django_db
@pytest.mark.parametrize("surface", SURFACES, ids=[s.__name__ for s in SURFACES])
def test_every_page_and_endpoint_reads_succession_the_same_way(client, world, surface):
    # Germany counts with West Germany, in 1970 as in 1995 ...
    assert surface(client, "germany", "united-states", 1970)
    assert surface(client, "germany", "united-states", 1995)
    # ... never the reverse: West Germany does not count with Germany after 1990,
    assert surface(client, "west-germany", "united-states", 1970)
    assert not surface(client, "west-germany", "united-states", 1995)
    # and East Germany, absorbed, was never in NATO.
    assert not surface(client, "east-germany", "united-states", 1970)


@pytest.mark.django_db
def test_organization_and_alliance_agree_on_who_the_members_were(client, world):
    alliance = _alliance_slug()
    for year, member, other in [
        (1970, "west-germany", "germany"),
        (1995, "germany", "west-germany"),
    ]:
        in_organization = _slugs(
            client.get("/api/v1/nations/", {"organization": "nato", "year": year, "page_size": 100})
        )
        in_alliance = _slugs(
            client.get(
                "/api/v1/nations/", {"partnership": alliance, "year": year, "page_size": 100}
            )
        )
        # Rows name the state that was the member: succession does not copy them.
        assert member in in_organization and member in in_alliance
        assert other not in in_organization and other not in in_alliance


@pytest.mark.django_db
def test_the_allied_answer_names_the_state_that_was_the_member(client, world):
    for year, member in [(1970, "west-germany"), (1995, "germany")]:
        data = client.get("/api/v1/allied/", {"a": "germany", "b": "united-states", "year": year})
        nato = next(a for a in data.json()["alliances"] if a["atop_id"] == NATO_ATOP)
        assert nato["members"]["germany"] == [member]
        assert nato["obligations"]["germany"] == ["defense", "nonaggression", "consultation"]
    page = client.get("/nations/germany/").content.decode()
    assert "Continues" in page and "West Germany" in page and "Absorbed" in page


@pytest.mark.django_db
def test_relations_and_network_query_budgets(world, django_assert_max_num_queries):
    germany, usa = Nation.objects.get(slug="germany"), Nation.objects.get(slug="united-states")
    with django_assert_max_num_queries(10):
        data = relations(germany, usa)
    spans = next(p for p in data["partnerships"] if p["slug"] == _alliance_slug())["a"]
    assert [span["through"] for span in spans] == [
        {"slug": "west-germany", "name": "West Germany"},
        None,
    ]
    with django_assert_max_num_queries(3):
        network(year=1970)


# --- the record itself ---------------------------------------------------------------------


@pytest.mark.django_db
def test_lineage_is_transitive_and_one_way(usa):
    a, b, c = (factories.NationFactory(slug=slug) for slug in ("first", "second", "third"))
    factories.SuccessionFactory(predecessor=a, successor=b)
    factories.SuccessionFactory(predecessor=b, successor=c)
    factories.SuccessionFactory(predecessor=usa, successor=a, kind="dissolution")
    assert Nation.objects.lineages([c.pk, b.pk, a.pk]) == [{a.pk, b.pk, c.pk}, {a.pk, b.pk}, {a.pk}]


@pytest.mark.django_db
def test_the_database_guards_successions(usa, japan):
    factories.SuccessionFactory(predecessor=usa, successor=japan)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.SuccessionFactory(predecessor=usa, successor=usa)  # itself
    france = factories.NationFactory(slug="france-2")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.SuccessionFactory(predecessor=usa, successor=france)  # a second continuer
    factories.SuccessionFactory(predecessor=usa, successor=france, kind="separation")
    with pytest.raises(IntegrityError), transaction.atomic():
        Succession.objects.create(predecessor=japan, successor=france, date=D(2000, 1, 1))


@pytest.mark.django_db
def test_a_continuation_in_a_circle_is_a_field_error(usa, japan):
    factories.SuccessionFactory(predecessor=usa, successor=japan)
    loop = Succession(
        predecessor=japan, successor=usa, date=D(2000, 1, 1), kind="continuation",
        source=factories.SourceFactory(),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        loop.full_clean()
    assert "already continues" in str(error.value.message_dict["kind"])


@pytest.mark.django_db
def test_past_the_atop_coverage_the_alliance_is_unknown(client, world):
    source = Source.objects.get(dataset="atop", dataset_version="4.01")
    assert source.covers_until == D(2016, 12, 31)  # set by the import
    params = {"a": "germany", "b": "united-states"}
    for year, answer in [(2016, "yes"), (2017, "unknown")]:
        data = client.get("/api/v1/allied/", {**params, "year": year}).json()
        nato = next(a for a in data["alliances"] if a["atop_id"] == NATO_ATOP)
        assert nato["answer"] == answer

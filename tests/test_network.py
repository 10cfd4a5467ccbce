"""network(year, kind) and the network page: the partnership graph."""

import datetime
import itertools
import math
import re

import pytest
from django.urls import reverse

from partnerships.analysis import AnalysisError, network
from partnerships.network_chart import network_svg
from tests import factories

pytestmark = pytest.mark.django_db

D = datetime.date
FOUNDED = D(1950, 1, 1)


def partnership(slug, kind, members, start=FOUNDED, end=None):
    record = factories.PartnershipFactory(
        name=slug.title(), slug=slug, kind=kind, start_date=start, end_date=end
    )
    for member in members:
        nation, joined, left = member if isinstance(member, tuple) else (member, start, None)
        factories.PartnershipMemberFactory(
            partnership=record, nation=nation, joined=joined, left=left
        )
    return record


@pytest.fixture
def web(usa, japan, france, india, south_korea):
    partnership("us-japan", "bilateral", [usa, japan], start=D(1960, 6, 23))
    partnership("us-korea", "bilateral", [usa, south_korea], start=D(1953, 10, 1))
    partnership(
        "pact",
        "multilateral",
        [usa, japan, (france, D(1950, 1, 1), D(1966, 3, 1))],
        start=D(1950, 1, 1),
    )
    partnership("old", "bilateral", [france, india], start=D(1900, 1, 1), end=D(1910, 1, 1))


def edge(result, a, b):
    source, target = sorted([a, b])
    return next(
        (e for e in result["edges"] if (e["source"], e["target"]) == (source, target)), None
    )


def test_all_time_network_weights_shared_partnerships(web):
    result = network()

    assert edge(result, "united-states", "japan")["weight"] == 2
    assert sorted(edge(result, "united-states", "japan")["partnerships"]) == ["pact", "us-japan"]
    assert edge(result, "france", "india")["weight"] == 1
    assert result["edges"][0]["weight"] == 2  # heaviest first
    nodes = {node["slug"]: node for node in result["nodes"]}
    assert nodes["united-states"]["degree"] == 3  # japan, south korea, france
    assert nodes["united-states"]["weight"] == 4
    assert nodes["united-states"]["region"] == "americas"
    assert result["nodes"][0]["slug"] == "united-states"
    assert result["partnerships"] == 4


def test_year_uses_each_members_own_span(web):
    result = network(year=1970)

    assert edge(result, "united-states", "france") is None  # France left the pact in 1966
    assert edge(result, "united-states", "japan")["weight"] == 2
    assert edge(result, "france", "india") is None
    assert "india" not in {node["slug"] for node in result["nodes"]}
    assert edge(network(year=1955), "united-states", "japan")["partnerships"] == ["pact"]


def test_kind_filter(web):
    result = network(kind="bilateral")

    assert edge(result, "united-states", "japan")["partnerships"] == ["us-japan"]
    assert edge(result, "united-states", "france") is None
    assert result["kind"] == "bilateral"


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"year": "abc"}, "year"),
        ({"year": "99999"}, "year"),
        ({"year": "-5"}, "year"),
        ({"kind": "alliance"}, "kind"),
        ({"kind": "'; DROP TABLE x"}, "kind"),
    ],
)
def test_bad_arguments_name_the_field(arguments, field):
    with pytest.raises(AnalysisError) as error:
        network(**arguments)
    assert error.value.field == field


def test_large_alliance_pairs_and_query_budget(django_assert_max_num_queries):
    nations = [factories.NationFactory() for _ in range(59)]
    partnership("big", "multilateral", nations)

    with django_assert_max_num_queries(3):
        result = network()
    assert len(result["edges"]) == 59 * 58 // 2
    assert {node["degree"] for node in result["nodes"]} == {58}


def test_network_is_cached_until_a_write(web, usa, india, django_assert_num_queries):
    network(year=2000)
    with django_assert_num_queries(0):
        network(year=2000)

    partnership("new", "bilateral", [usa, india], start=D(1999, 1, 1))

    assert edge(network(year=2000), "united-states", "india")["weight"] == 1


# --- the page --------------------------------------------------------------------------


def test_network_page_has_chart_legend_and_tables(client, web):
    response = client.get(reverse("partnerships:network"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="chart-svg network-svg"' in html
    assert "Americas" in html and "Asia" in html  # the legend
    assert "Strongest links" in html and "Nations in the network" in html
    assert "United States – Japan" in html or "Japan – United States" in html
    assert reverse("partnerships:relations", args=["japan", "united-states"]) in html


def test_network_page_filters_by_year_and_kind(client, web):
    response = client.get(reverse("partnerships:network"), {"year": "1970", "kind": "bilateral"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "in 1970" in html and "India" not in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "nineteen"}, "Enter a whole year"),
        ({"year": "99999"}, "less than or equal to 2100"),
        ({"kind": "alliance"}, "Unknown kind of partnership"),
    ],
)
def test_network_page_bad_values_get_a_message(client, web, params, message):
    response = client.get(reverse("partnerships:network"), params)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_network_page_with_nothing_to_draw(client, web):
    response = client.get(reverse("partnerships:network"), {"year": "1000"})

    assert response.status_code == 200
    assert "No two nations shared a partnership" in response.content.decode()


def test_network_page_query_budget(client, django_assert_max_num_queries):
    for _ in range(3):
        nations = [factories.NationFactory() for _ in range(12)]
        partnership(f"p{_}", "multilateral", nations)

    with django_assert_max_num_queries(3):
        response = client.get(reverse("partnerships:network"))
    assert response.status_code == 200


def test_network_chart_draws_only_the_strongest_links(client):
    from partnerships.views.network import MAX_EDGES

    nations = [factories.NationFactory() for _ in range(30)]  # 435 links
    partnership("big", "multilateral", nations)

    html = client.get(reverse("partnerships:network")).content.decode()
    assert html.count("<path d=") == MAX_EDGES
    assert f"the {MAX_EDGES} strongest of 435 links" in html


def test_a_year_links_only_members_at_the_same_time(usa, japan, france):
    partnership(
        "handover",
        "multilateral",
        [(usa, D(1950, 1, 1), D(1960, 3, 1)), (japan, D(1960, 6, 1), None), france],
    )
    result = network(year=1960)
    # Each was a member in 1960, but the US left in March and Japan joined in June.
    assert edge(result, "united-states", "japan") is None
    assert edge(result, "united-states", "france")["weight"] == 1
    assert edge(result, "japan", "france")["weight"] == 1
    assert edge(network(), "united-states", "japan") is not None  # any time: both ever


# --- edge lists and graph files (/api/v1/network/?format=csv|graphml|gexf) -----------------


def _download(client, **params):
    response = client.get("/api/v1/network/", params)
    assert response.status_code == 200, response.content
    return response


def test_network_edge_list_csv_names_instruments_and_sources(client, web):
    import csv
    import io

    from partnerships.models import Partnership

    Partnership.objects.get(slug="pact").sources.add(factories.SourceFactory(slug="pact-text"))
    response = _download(client, year=1960, format="csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == ["source", "target", "weight", "instruments", "sources"]
    found = {(r["source"], r["target"]): r for r in rows}
    assert found[("japan", "united-states")] == {
        "source": "japan", "target": "united-states", "weight": "2",
        "instruments": "pact;us-japan", "sources": "pact-text",
    }  # fmt: skip
    assert found[("france", "united-states")]["instruments"] == "pact"
    assert len(rows) == len(network(year=1960)["edges"])


def test_network_graphml_opens_with_networkx(client, web):
    networkx = pytest.importorskip("networkx")
    import io

    response = _download(client, year=1960, format="graphml")
    assert response["Content-Type"].startswith("application/graphml+xml")
    graph = networkx.read_graphml(io.BytesIO(response.content))
    assert set(graph.nodes) == {"united-states", "japan", "france", "south-korea"}
    us = graph.nodes["united-states"]
    assert (us["name"], us["region"], us["cow"], us["iso3"]) == (
        "United States",
        "americas",
        2,
        "USA",
    )
    link = graph.edges["japan", "united-states"]
    assert (link["weight"], link["instruments"]) == (2, "pact;us-japan")
    assert graph.number_of_edges() == len(network(year=1960)["edges"])


def test_network_gexf_opens_with_networkx(client, web):
    networkx = pytest.importorskip("networkx")
    import io

    response = _download(client, format="gexf", kind="bilateral")
    graph = networkx.read_gexf(io.BytesIO(response.content))
    assert set(graph.nodes) == {"united-states", "japan", "south-korea", "france", "india"}
    assert graph.nodes["japan"]["iso3"] == "JPN" and graph.nodes["japan"]["cow"] == 740
    assert graph.edges["japan", "united-states"]["instruments"] == "us-japan"


def test_network_files_keep_a_fixed_query_budget_and_json_errors(
    client, web, django_assert_max_num_queries
):
    for file_format in ("csv", "graphml", "gexf"):
        with django_assert_max_num_queries(4):
            _download(client, year=1960, format=file_format)
    response = client.get("/api/v1/network/", {"year": "abc", "format": "graphml"})
    assert response.status_code == 400 and "year" in response.json()
    described = client.options("/api/v1/network/?format=csv&kind=bilateral&year=1000")
    assert described.status_code == 200 and described.json()["name"]


def test_network_chart_labels_every_linked_node_and_no_other(web, india):
    # In 1970 France has left the pact and the France-India treaty is long over:
    # India is a node of the any-time network but has no link in this one.
    data = network(year=1970)
    data["nodes"].append({**data["nodes"][0], "slug": "india", "name": "India", "weight": 0})
    svg = network_svg(data)
    ring = svg.split('class="network-nodes"')[1].split("</g>")[0]  # not the legend
    labels = re.findall(r"<text[^>]*>([^<]+)</text>", ring)
    assert sorted(labels) == ["Japan", "South Korea", "United States"]
    assert ring.count("<circle") == 4


def test_network_chart_labels_sit_outside_the_ring_and_do_not_collide():
    # 190 nations, one ring: each label is outside its node and its neighbours' labels
    # (a font's height apart along the ring) do not touch.
    nodes = [
        {
            "slug": f"n{i:03}",
            "name": f"Nation number {i:03}",
            "region": "",
            "url": "/",
            "degree": 1,
            "weight": 1,
        }
        for i in range(190)
    ]
    edges = [{"source": f"n{i:03}", "target": f"n{i + 1:03}", "weight": 1} for i in range(189)]
    svg = network_svg({"nodes": nodes, "edges": edges})
    texts = re.findall(r'<text x="([\d.]+)" y="([\d.]+)"[^>]*font-size="([\d.]+)"', svg)
    circles = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"', svg)
    assert len(texts) == 190
    points = [(float(x), float(y)) for x, y, _ in texts]
    font = float(texts[0][2])
    for (tx, ty), (cx, cy, r) in zip(points, circles, strict=False):
        assert math.dist((tx, ty), (float(cx), float(cy))) > float(r)
    gaps = [math.dist(a, b) for a, b in itertools.pairwise(points)]
    assert min(gaps) >= font
    assert font >= 6

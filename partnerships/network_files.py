"""The partnership network (`analysis.network`) as files for other tools: an edge list
CSV, GraphML (networkx, yEd, igraph) and GEXF 1.2 (Gephi).

Pure functions from the network's dictionary (plus each partnership's source slugs) to
text; nodes carry the nation's name, region, COW code and ISO3, edges their weight, the
partnerships they share (`instruments`) and those partnerships' sources.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from xml.sax.saxutils import escape, quoteattr

EDGE_COLUMNS = ["source", "target", "weight", "instruments", "sources"]
NODE_ATTRIBUTES = [  # (key, type in GraphML/GEXF)
    ("name", "string"), ("region", "string"), ("cow", "int"), ("iso3", "string"),
    ("degree", "int"), ("weight", "int"),
]  # fmt: skip
EDGE_ATTRIBUTES = [("instruments", "string"), ("sources", "string")]


def partnership_sources(network: dict) -> dict[str, list[str]]:
    """Source slugs per partnership slug of the network's edges: one query."""
    from .models import Partnership

    slugs = {slug for edge in network["edges"] for slug in edge["partnerships"]}
    cited = defaultdict(set)
    through = Partnership.sources.through.objects.filter(partnership__slug__in=slugs)
    for partnership, source in through.values_list("partnership__slug", "source__slug"):
        cited[partnership].add(source)
    return {slug: sorted(found) for slug, found in cited.items()}


def _edge_sources(edge, sources) -> list[str]:
    return sorted({slug for p in edge["partnerships"] for slug in sources.get(p, ())})


def edge_csv(network: dict, sources: dict) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EDGE_COLUMNS)
    for edge in network["edges"]:
        writer.writerow(
            [
                edge["source"],
                edge["target"],
                edge["weight"],
                ";".join(edge["partnerships"]),
                ";".join(_edge_sources(edge, sources)),
            ]
        )
    return buffer.getvalue()


def _value(value) -> str:
    return "" if value is None else str(value)


def graphml(network: dict, sources: dict) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ]
    for key, kind in NODE_ATTRIBUTES:
        lines.append(f'  <key id="{key}" for="node" attr.name="{key}" attr.type="{kind}"/>')
    lines.append('  <key id="e_weight" for="edge" attr.name="weight" attr.type="int"/>')
    for key, kind in EDGE_ATTRIBUTES:
        lines.append(f'  <key id="e_{key}" for="edge" attr.name="{key}" attr.type="{kind}"/>')
    lines.append('  <graph id="partnerships" edgedefault="undirected">')
    for node in network["nodes"]:
        lines.append(f"    <node id={quoteattr(node['slug'])}>")
        for key, _ in NODE_ATTRIBUTES:
            if node.get(key) is not None:  # a missing value is left out, not written empty
                lines.append(f'      <data key="{key}">{_text(node[key])}</data>')
        lines.append("    </node>")
    for edge in network["edges"]:
        lines.append(
            f"    <edge source={quoteattr(edge['source'])} target={quoteattr(edge['target'])}>"
        )
        lines.append(f'      <data key="e_weight">{edge["weight"]}</data>')
        lines.append(
            f'      <data key="e_instruments">{_text(";".join(edge["partnerships"]))}</data>'
        )
        lines.append(
            f'      <data key="e_sources">{_text(";".join(_edge_sources(edge, sources)))}</data>'
        )
        lines.append("    </edge>")
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines)


def gexf(network: dict, sources: dict) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">',
        '  <graph mode="static" defaultedgetype="undirected">',
        '    <attributes class="node">',
    ]
    for index, (key, kind) in enumerate(NODE_ATTRIBUTES):
        gexf_kind = "integer" if kind == "int" else kind
        lines.append(f'      <attribute id="{index}" title="{key}" type="{gexf_kind}"/>')
    lines += ["    </attributes>", '    <attributes class="edge">']
    for index, (key, kind) in enumerate(EDGE_ATTRIBUTES):
        lines.append(f'      <attribute id="{index}" title="{key}" type="{kind}"/>')
    lines += ["    </attributes>", "    <nodes>"]
    for node in network["nodes"]:
        lines.append(f"      <node id={quoteattr(node['slug'])} label={quoteattr(node['name'])}>")
        lines.append("        <attvalues>")
        for index, (key, _) in enumerate(NODE_ATTRIBUTES):
            if node.get(key) is not None:
                lines.append(
                    f'          <attvalue for="{index}" value={quoteattr(_value(node[key]))}/>'
                )
        lines += ["        </attvalues>", "      </node>"]
    lines += ["    </nodes>", "    <edges>"]
    for number, edge in enumerate(network["edges"]):
        values = [";".join(edge["partnerships"]), ";".join(_edge_sources(edge, sources))]
        lines.append(
            f'      <edge id="{number}" source={quoteattr(edge["source"])} '
            f'target={quoteattr(edge["target"])} weight="{edge["weight"]}">'
        )
        lines.append("        <attvalues>")
        for index, value in enumerate(values):
            lines.append(f'          <attvalue for="{index}" value={quoteattr(value)}/>')
        lines += ["        </attvalues>", "      </edge>"]
    lines += ["    </edges>", "  </graph>", "</gexf>", ""]
    return "\n".join(lines)


def _text(value) -> str:
    return escape(_value(value))

"""The partnership network as server-rendered SVG, with a deterministic layout.

Nations sit on a circle, grouped by region (a gap between regions) and ordered by name
within one, so the same data always draws the same picture and a nation is easy to
find again. Links are curves through the middle, wider and darker with more shared
partnerships; only the heaviest `max_edges` are drawn when the network is dense. Node
size follows the number of shared partnerships; every linked node is labelled outside
the ring along its angle, in the largest font at which labels do not collide. Pure
function of `analysis.network()`'s dictionary; the page puts the same data in tables.
"""

import math
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .charts import FONT, PALETTE, TEXT
from .models import Region

REGION_ORDER = [*Region.values, ""]
REGION_LABELS = {**dict(Region.choices), "": "No region"}
REGION_COLOURS = {region: PALETTE[i % len(PALETTE)] for i, region in enumerate(REGION_ORDER)}
EDGE_COLOUR = "#3d4f63"


def _attr(value) -> str:
    return escape(str(value), quote=True)


def drawn_edges(data: dict, max_edges: int) -> list[dict]:
    """The edges the chart draws: the heaviest first (`data["edges"]` is in that order)."""
    return data["edges"][:max_edges]


LABEL_CHARS = 20


def _short(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"


def _linked(data: dict) -> set[str]:
    """Slugs of the nodes with at least one link (drawn or not): these get a label."""
    return {slug for edge in data["edges"] for slug in (edge["source"], edge["target"])}


def _label_font(longest: int, slots: float, size: int) -> tuple[float, float]:
    """The largest label font, and the ring radius it leaves, at which neighbouring
    labels (one per slot, laid out along their angle) do not overlap each other and
    the longest label still fits between the ring and the edge of the picture.

    Small networks get big labels, still readable when the chart shrinks to a phone's
    width; the whole world gets the smallest that does not collide.
    """
    for font in range(16, 5, -1):
        radius = size / 2 - (longest * 0.6 * font + 16)
        if radius >= size * 0.2 and 2 * math.pi * radius / slots >= font * 1.15:
            return float(font), radius
    return 6.0, size / 2 - (longest * 0.6 * 6 + 16)


def network_svg(
    data: dict,
    *,
    max_edges: int = 400,
    size: int = 760,
    title: str = "Partnership network",
) -> SafeString:
    """SVG markup for the network; an empty string when there are no links."""
    nodes = data["nodes"]
    if not nodes:
        return mark_safe("")
    edges = drawn_edges(data, max_edges)
    ordered = sorted(
        nodes,
        key=lambda n: (REGION_ORDER.index(n["region"] or ""), n["name"].casefold()),
    )
    regions = list(dict.fromkeys(node["region"] or "" for node in ordered))
    gap = 1.5  # empty slots between regions
    slots = len(ordered) + gap * len(regions)
    linked = _linked(data)
    longest = max((len(_short(n["name"])) for n in nodes if n["slug"] in linked), default=0)
    font, radius = _label_font(longest, slots, size)
    centre = size / 2

    positions, angles = {}, {}
    slot, previous = 0.0, None
    for node in ordered:
        region = node["region"] or ""
        if region != previous:
            slot += gap if previous is not None else gap / 2
            previous = region
        angle = 2 * math.pi * slot / slots - math.pi / 2
        angles[node["slug"]] = angle
        positions[node["slug"]] = (
            centre + radius * math.cos(angle),
            centre + radius * math.sin(angle),
        )
        slot += 1

    # Widths spread over the weights actually drawn, so a dense network of similar
    # weights stays a light mesh and the strongest links still stand out.
    heaviest = max((edge["weight"] for edge in edges), default=1)
    lightest = min((edge["weight"] for edge in edges), default=1)
    biggest = max(node["weight"] for node in nodes) or 1
    spacing = 2 * math.pi * radius / slots
    largest_r = max(2.0, min(10.0, spacing * 0.6))
    names = {node["slug"]: node["name"] for node in nodes}

    description = (
        f"{title}: {len(nodes)} nations, {len(data['edges'])} links"
        + (f", the {len(edges)} strongest drawn" if len(edges) < len(data["edges"]) else "")
        + ". Tables below list every link and nation."
    )
    legend_height = 28
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size + legend_height}" '
        f'width="{size}" height="{size + legend_height}" role="img" '
        f'aria-label="{_attr(description)}" class="chart-svg network-svg" '
        f'font-family="{_attr(FONT)}" font-size="11">',
        f"<title>{escape(title)}</title>",
        '<g class="network-edges" fill="none">',
    ]
    for edge in reversed(edges):  # heaviest drawn last, on top
        x1, y1 = positions[edge["source"]]
        x2, y2 = positions[edge["target"]]
        # Pull the curve towards the centre: chords bundle instead of crossing in a mesh.
        cx = centre + ((x1 + x2) / 2 - centre) * 0.3
        cy = centre + ((y1 + y2) / 2 - centre) * 0.3
        share = (edge["weight"] - lightest + 1) / (heaviest - lightest + 1)
        tooltip = (
            f"{names[edge['source']]} – {names[edge['target']]}: "
            f"{edge['weight']} shared partnership{'s' if edge['weight'] != 1 else ''}"
        )
        out.append(
            f'<path d="M{x1:.1f} {y1:.1f} Q{cx:.1f} {cy:.1f} {x2:.1f} {y2:.1f}" '
            f'stroke="{EDGE_COLOUR}" stroke-opacity="{0.1 + 0.6 * share:.2f}" '
            f'stroke-width="{0.5 + 4 * share:.2f}" data-source="{_attr(edge["source"])}" '
            f'data-target="{_attr(edge["target"])}"><title>{escape(tooltip)}</title></path>'
        )
    out.append('</g><g class="network-nodes">')
    for node in ordered:
        slug = node["slug"]
        x, y = positions[slug]
        r = 1.5 + (largest_r - 1.5) * math.sqrt(node["weight"] / biggest)
        tooltip = (
            f"{node['name']}: {node['degree']} partner{'s' if node['degree'] != 1 else ''}, "
            f"{node['weight']} shared partnership link{'s' if node['weight'] != 1 else ''}"
        )
        parts = [
            f"<title>{escape(tooltip)}</title>",
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" '
            f'fill="{REGION_COLOURS[node["region"] or ""]}" stroke="#fff" stroke-width="1"/>',
        ]
        if slug in linked:
            angle = angles[slug]
            lx = centre + (radius + r + 6) * math.cos(angle)
            ly = centre + (radius + r + 6) * math.sin(angle)
            rotation = math.degrees(angle)
            anchor = "start"
            if math.cos(angle) < 0:  # left half: flip so text is never upside down
                rotation += 180
                anchor = "end"
            parts.append(
                f'<text x="{lx:.1f}" y="{ly:.1f}" dy="0.35em" text-anchor="{anchor}" '
                f'transform="rotate({rotation:.1f} {lx:.1f} {ly:.1f})" font-size="{font:g}" '
                f'fill="{TEXT}">{escape(_short(node["name"]))}</text>'
            )
        out.append(
            f'<a href="{_attr(node["url"])}" tabindex="-1" class="network-node" '
            f'data-slug="{_attr(slug)}">{"".join(parts)}</a>'
        )
    out.append("</g>")
    lx, ly = 12, size + 14
    for region in regions:
        label = REGION_LABELS[region]
        out.append(
            f'<circle cx="{lx + 5}" cy="{ly - 4}" r="5" fill="{REGION_COLOURS[region]}"/>'
            f'<text x="{lx + 14}" y="{ly}" fill="{TEXT}">{escape(label)}</text>'
        )
        lx += 30 + 7 * len(label)
    out.append("</svg>")
    return mark_safe("".join(out))

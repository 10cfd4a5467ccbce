"""The exercises on a world map: a pure function from plain rows to escaped SVG, and the
table that says the same.

The basemap is Natural Earth's 1:110m land, vendored in `static/maps/` (public domain;
`scripts/land_svg.py` draws it) and placed as an image under the points, so nothing
loads from outside the site. Both use the same equirectangular box (x = longitude + 180,
y = 90 - latitude, 360 x 180). Exercises within a cell of `CELL` degrees are one point,
sized by their count; a point of one exercise links to it, a point of several to its row
in the table, which links to each. Links in the chart are kept out of the tab order, as
in `charts.py`: the table carries them for everyone.
"""

from __future__ import annotations

import math
from collections import defaultdict
from html import escape
from typing import NamedTuple

from django.utils.safestring import SafeString, mark_safe

CELL = 4  # degrees: points closer than this are drawn as one
LINKS_PER_PLACE = 12
POINT = "#D55E00"  # Okabe-Ito vermilion, as charts.PALETTE[1]
CURRENT = "#0072B2"


class MapPoint(NamedTuple):
    slug: str
    name: str
    url: str
    latitude: float
    longitude: float
    location: str = ""


class Place(NamedTuple):
    """Exercises drawn as one point."""

    number: int
    latitude: float
    longitude: float
    points: list[MapPoint]

    @property
    def count(self) -> int:
        return len(self.points)

    @property
    def names(self) -> str:
        seen = []
        for point in self.points:
            if point.location and point.location not in seen:
                seen.append(point.location)
        shown = ", ".join(seen[:3])
        return shown + (f" and {len(seen) - 3} more" if len(seen) > 3 else "")

    @property
    def listed(self) -> list[MapPoint]:
        return self.points[:LINKS_PER_PLACE]

    @property
    def more(self) -> int:
        return max(0, self.count - LINKS_PER_PLACE)


def _valid(point: MapPoint) -> bool:
    return -90 <= point.latitude <= 90 and -180 <= point.longitude <= 180


def places(points) -> list[Place]:
    """Points grouped by cell, largest first then west to east; numbered from 1."""
    cells = defaultdict(list)
    for point in points:
        if _valid(point):
            key = (math.floor(point.longitude / CELL), math.floor(point.latitude / CELL))
            cells[key].append(point)
    groups = sorted(
        cells.values(),
        key=lambda group: (-len(group), min(p.longitude for p in group), group[0].slug),
    )
    return [
        Place(
            number,
            sum(p.latitude for p in group) / len(group),
            sum(p.longitude for p in group) / len(group),
            sorted(group, key=lambda p: (p.name, p.slug)),
        )
        for number, group in enumerate(groups, 1)
    ]


def _radius(count: int) -> float:
    return min(12.0, 3.0 + 1.5 * math.sqrt(count - 1))


def map_svg(found: list[Place], *, land_url: str, label: str, current: str = "") -> SafeString:
    """The world with a point per place; `current` (a slug) is drawn in another colour."""
    title = escape(label)
    parts = [
        '<svg class="exercise-map" viewBox="0 0 360 180" role="img" '
        'aria-labelledby="exercise-map-title" preserveAspectRatio="xMidYMid meet">',
        f'<title id="exercise-map-title">{title}</title>',
        '<rect width="360" height="180" fill="#eef3f8"/>',
        f'<image href="{escape(land_url, quote=True)}" x="0" y="0" width="360" height="180"/>',
    ]
    # Small points last, so a large one never hides them.
    for place in sorted(found, key=lambda place: -place.count):
        x, y = place.longitude + 180, 90 - place.latitude
        radius = _radius(place.count)
        one = place.points[0] if place.count == 1 else None
        # A place of several, or the page's own exercise: its row in the table.
        own = one is not None and one.slug == current
        href = one.url if one and not own else f"#map-place-{place.number}"
        tip = one.name if one else f"{place.count} exercises near {place.names or 'here'}"
        colour = CURRENT if current and any(p.slug == current for p in place.points) else POINT
        parts.append(
            f'<a href="{escape(href, quote=True)}" tabindex="-1">'
            f"<title>{escape(tip)}</title>"
            f'<circle cx="{x:.2f}" cy="{y:.2f}" r="{radius:.2f}" fill="{colour}" '
            f'fill-opacity="0.8" stroke="#ffffff" stroke-width="0.4"/>'
        )
        if place.count > 1:
            parts.append(
                f'<text x="{x:.2f}" y="{y + 1.4:.2f}" text-anchor="middle" font-size="4" '
                f'fill="#ffffff" font-family="system-ui, sans-serif">{place.count}</text>'
            )
        parts.append("</a>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every value above is escaped

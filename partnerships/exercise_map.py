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

CELL = 8  # degrees: points in one cell are drawn as one (at most 23 x 45 points)
LINKS_PER_PLACE = 5
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
    """Exercises drawn as one point: how many, where on average, and the first of them."""

    number: int
    latitude: float
    longitude: float
    count: int
    listed: list[MapPoint]  # at most LINKS_PER_PLACE, by name

    @property
    def points(self) -> list[MapPoint]:
        return self.listed

    @property
    def names(self) -> str:
        seen = []
        for point in self.listed:
            if point.location and point.location not in seen:
                seen.append(point.location)
        shown = ", ".join(seen[:3])
        return shown + (f" and {len(seen) - 3} more" if len(seen) > 3 else "")

    @property
    def more(self) -> int:
        return max(0, self.count - len(self.listed))


def cell_of(latitude: float, longitude: float) -> tuple[int, int]:
    return math.floor(longitude / CELL), math.floor(latitude / CELL)


def _valid(point: MapPoint) -> bool:
    return -90 <= point.latitude <= 90 and -180 <= point.longitude <= 180


def from_cells(cells, listed) -> list[Place]:
    """Places from per-cell totals {(x, y): (count, mean latitude, mean longitude)} and the
    first exercises of each cell {(x, y): [MapPoint]}: largest first, then west to east."""
    ordered = sorted(cells.items(), key=lambda item: (-item[1][0], item[1][2], item[0]))
    return [
        Place(
            number,
            latitude,
            longitude,
            count,
            sorted(listed.get(key, []), key=lambda p: (p.name, p.slug))[:LINKS_PER_PLACE],
        )
        for number, (key, (count, latitude, longitude)) in enumerate(ordered, 1)
    ]


def places(points) -> list[Place]:
    """The same places from exercise rows in Python (the pages count them in SQL)."""
    grouped = defaultdict(list)
    for point in points:
        if _valid(point):
            grouped[cell_of(point.latitude, point.longitude)].append(point)
    cells = {
        key: (
            len(group),
            sum(p.latitude for p in group) / len(group),
            sum(p.longitude for p in group) / len(group),
        )
        for key, group in grouped.items()
    }
    return from_cells(cells, grouped)


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
        one = place.listed[0] if place.count == 1 and place.listed else None
        # A place of several, or the page's own exercise: its row in the table.
        own = one is not None and one.slug == current
        href = one.url if one and not own else f"#map-place-{place.number}"
        tip = one.name if one else f"{place.count} exercises near {place.names or 'here'}"
        colour = CURRENT if current and any(p.slug == current for p in place.listed) else POINT
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


def table_rows(found: list[Place], current: str = "") -> SafeString:
    """The map's table body: a row per place, linking its first exercises (made here, not
    in a template loop: a world of places is a thousand rows)."""
    rows = []
    for place in found:
        links = ", ".join(
            f"<strong>{escape(p.name)}</strong> (this exercise)"
            if p.slug == current
            else f'<a href="{escape(p.url, quote=True)}">{escape(p.name)}</a>'
            for p in place.listed
        )
        more = f" and {place.more} more" if place.more else ""
        rows.append(
            f'<tr id="map-place-{place.number}"><th scope="row">{escape(place.names or "—")}</th>'
            f'<td class="nowrap">{place.latitude:.1f}, {place.longitude:.1f}</td>'
            f'<td class="num">{place.count}</td><td>{links}{more}</td></tr>'
        )
    return mark_safe("".join(rows))  # every value above is escaped

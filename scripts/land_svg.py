"""Draw static/maps/land-110m.svg from static/maps/land-110m.topo.json (Natural Earth's
1:110m land, as TopoJSON from the npm package world-atlas 2.0.2; see
static/maps/NATURAL_EARTH.md). Run again only if the data file changes:

    .venv/bin/python scripts/land_svg.py

Equirectangular: x = longitude + 180, y = 90 - latitude, in a 360 x 180 box, to one
decimal (about 10 km: finer than 1:110m). `partnerships/exercise_map.py` puts points in the
same box.
"""

import json
from itertools import pairwise
from pathlib import Path

MAPS = Path(__file__).resolve().parent.parent / "static" / "maps"


def decode_arcs(topology):
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # delta-encoded, quantized
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)
    return arcs


def ring(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry):
    if geometry["type"] == "Polygon":
        yield geometry["arcs"]
    elif geometry["type"] == "MultiPolygon":
        yield from geometry["arcs"]
    elif geometry["type"] == "GeometryCollection":
        for child in geometry["geometries"]:
            yield from polygons(child)


def path_data(topology) -> str:
    arcs = decode_arcs(topology)
    parts = []
    for polygon in polygons(topology["objects"]["land"]):
        for indexes in polygon:
            for shifted in unwrapped(ring(arcs, indexes)):
                points = [(round(lon + 180, 1), round(90 - lat, 1)) for lon, lat in shifted]
                kept = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
                if len(kept) < 3:
                    continue
                head, *rest = kept
                lines = "".join(f"L{x:g} {y:g}" for x, y in rest)
                parts.append(f"M{head[0]:g} {head[1]:g}{lines}Z")
    return "".join(parts)


def unwrapped(points):
    """A ring crossing the antimeridian (Chukotka, Fiji) jumps from 180 to -180 degrees and
    would be drawn as a line across the world: make its longitudes continuous and draw it
    a world to each side too, so the box (which clips) shows every part."""
    if all(abs(b[0] - a[0]) <= 180 for a, b in pairwise(points)):
        return [points]
    continuous = [points[0]]
    for lon, lat in points[1:]:
        previous = continuous[-1][0]
        while lon - previous > 180:
            lon -= 360
        while previous - lon > 180:
            lon += 360
        continuous.append((lon, lat))
    return [[(lon + shift, lat) for lon, lat in continuous] for shift in (0, 360, -360)]


def main():
    topology = json.loads((MAPS / "land-110m.topo.json").read_text())
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 180" width="360" height="180">'
        "<title>Land (Natural Earth 1:110m, public domain)</title>"
        f'<path fill="#d9dee4" stroke="#b4bcc6" stroke-width="0.2" d="{path_data(topology)}"/>'
        "</svg>\n"
    )
    (MAPS / "land-110m.svg").write_text(svg)
    print(f"wrote {MAPS / 'land-110m.svg'}: {len(svg)} bytes")


if __name__ == "__main__":
    main()

"""The SVG charts: accessible, escaped, and drawn from plain data."""

import datetime
import re
from xml.etree import ElementTree

from partnerships.charts import count_steps, step_chart_svg, timeline_svg

D = datetime.date
SVG = "{http://www.w3.org/2000/svg}"


def test_timeline_is_accessible_escaped_well_formed_svg():
    svg = timeline_svg(
        [
            ("NATO <alliance>", D(1949, 4, 4), None, "/organizations/nato/?a=1&b=2", "alliance"),
            ("SEATO", D(1954, 9, 8), D(1977, 6, 30), "", "treaty"),
        ],
        title="Partnerships & more",
        today=D(2024, 1, 1),
    )
    root = ElementTree.fromstring(str(svg))  # raises on broken markup or bad escaping
    assert root.get("role") == "img"
    assert root.get("aria-label")
    assert root.find(f"{SVG}title").text == "Partnerships & more"
    assert "NATO &lt;alliance&gt;" in svg
    assert 'href="/organizations/nato/?a=1&amp;b=2" tabindex="-1"' in svg
    assert "1949-04-04 – present" in svg
    assert "alliance" in svg and "treaty" in svg  # legend


def test_timeline_without_rows_is_empty():
    assert timeline_svg([]) == ""


def test_count_steps_counts_open_spans():
    spans = [(D(1949, 8, 24), None), (D(1949, 8, 24), None), (D(1952, 2, 18), D(1966, 7, 1))]
    assert count_steps(spans) == [(D(1949, 8, 24), 2), (D(1952, 2, 18), 3), (D(1966, 7, 2), 2)]


def test_step_chart_labels_big_rises():
    steps = count_steps([(D(1949, 8, 24), None)] * 12 + [(D(2004, 3, 29), None)] * 7)
    svg = step_chart_svg(steps, title="NATO members", today=D(2024, 1, 1))
    ElementTree.fromstring(str(svg))
    assert "+7 2004" in svg and "+12 1949" in svg
    assert 'role="img"' in svg


def test_timeline_rows_of_one_name_read_apart_by_their_years():
    name = "Quadrilateral Security Dialogue"
    svg = timeline_svg(
        [(name, D(2007, 5, 1), D(2008, 2, 1)), (name, D(2017, 11, 12), None)],
        label_width=320,
        today=D(2025, 1, 1),
    )
    labels = [
        text.text
        for text in ElementTree.fromstring(str(svg)).iter(f"{SVG}text")
        if text.text and text.text.startswith("Quad")
    ]
    assert labels == [f"{name} 2007–08", f"{name} 2017–"]


def test_a_long_label_keeps_its_years_when_cut():
    svg = timeline_svg(
        [("Treaty of Friendship, Cooperation and Mutual Assistance", D(1955, 5, 14), None)],
        label_width=160,
        today=D(2025, 1, 1),
    )
    assert re.search(r">Treaty of Fr[a-z]*… 1955–</text>", svg)


def _segments(d):
    """The step path's segments as ((x1, y1), (x2, y2))."""
    tokens = d.replace("M", " M ").replace("H", " H ").replace("V", " V ").split()
    x = y = 0.0
    segments = []
    index = 0
    while index < len(tokens):
        command = tokens[index]
        if command == "M":
            x, y = float(tokens[index + 1]), float(tokens[index + 2])
            index += 3
        elif command == "H":
            segments.append(((x, y), (float(tokens[index + 1]), y)))
            x = float(tokens[index + 1])
            index += 2
        else:
            segments.append(((x, y), (x, float(tokens[index + 1]))))
            y = float(tokens[index + 1])
            index += 2
    return segments


def test_rise_labels_are_not_crossed_by_the_step_line():
    joined = {1949: 12, 1952: 2, 1955: 1, 1982: 1, 1999: 3, 2004: 7, 2009: 2, 2017: 1}
    joined |= {2020: 1, 2023: 1, 2024: 1}
    steps = count_steps(
        (D(year, 4, 4), None) for year, count in joined.items() for _ in range(count)
    )
    root = ElementTree.fromstring(str(step_chart_svg(steps, today=D(2025, 6, 1))))
    segments = _segments(root.find(f"{SVG}path").get("d"))
    labels = [t for t in root.iter(f"{SVG}text") if (t.text or "").startswith("+")]
    assert {t.text for t in labels} >= {"+12 1949", "+7 2004", "+3 1999"}
    for label in labels:
        width = 6.5 * len(label.text)
        x, y = float(label.get("x")), float(label.get("y"))
        left = x - width if label.get("text-anchor") == "end" else x
        box = (left, y - 11, left + width, y + 2)  # text at 11 px over its baseline
        for (x1, y1), (x2, y2) in segments:
            crosses = (
                min(x1, x2) <= box[2]
                and max(x1, x2) >= box[0]
                and min(y1, y2) <= box[3]
                and max(y1, y2) >= box[1]
            )
            assert not crosses, f"{label.text} is crossed by {((x1, y1), (x2, y2))}"

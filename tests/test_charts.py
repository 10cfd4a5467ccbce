"""The SVG charts: accessible, escaped, and drawn from plain data."""

import datetime
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

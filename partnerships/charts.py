"""Server-side SVG charts: pure functions from plain data to escaped SVG markup.

No database, no request: callers pass rows they already selected. Every chart has a
<title> and `role="img"` with an aria-label; pages show a table with the same data next
to it, so the chart never carries information only a sighted mouse user can read.
Links inside a chart are a convenience for pointer users and are kept out of the tab
order (`tabindex="-1"`); the table alternative carries the same links for everyone.
"""

import datetime
from collections.abc import Iterable, Sequence
from html import escape
from typing import NamedTuple

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

# Okabe-Ito: distinguishable with the common colour-vision deficiencies, all at least
# 3:1 against white (WCAG's contrast for graphical objects).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8A6D00", "#56489E", "#A8322D")
TEXT = "#1f2328"
MUTED = "#57606a"
GRID = "#d0d7de"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


class TimelineRow(NamedTuple):
    label: str
    start: datetime.date
    end: datetime.date | None = None  # None: still running
    href: str = ""
    category: str = ""


def _attr(value) -> str:
    return escape(str(value), quote=True)


def _year_fraction(value: datetime.date) -> float:
    start = datetime.date(value.year, 1, 1)
    days = (datetime.date(value.year + 1, 1, 1) - start).days
    return value.year + (value - start).days / days


def _tick_step(span_years: float, max_ticks: int = 10) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500):
        if span_years / step <= max_ticks:
            return step
    return 1000


def _year_ticks(first: float, last: float, max_ticks: int = 10) -> list[int]:
    step = _tick_step(last - first, max_ticks)
    year = int(first) - int(first) % step
    if year < first:
        year += step
    ticks = []
    while year <= last:
        ticks.append(year)
        year += step
    return ticks


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _count(rows, label) -> int:
    return sum(1 for row in rows if row.label == label)


def _years(row: TimelineRow) -> str:
    """ "2007–08", "2017–", "1995" for a row's span."""
    start = row.start.year
    if row.end is None:
        return f"{start}–"
    if row.end.year == start:
        return str(start)
    end = str(row.end.year)
    return f"{start}–{end[2:] if end[:2] == str(start)[:2] else end}"


def _row_label(row: TimelineRow, limit: int, repeated: bool) -> str:
    """The row's label within `limit` characters; cut or repeated, it ends with the years
    so that two rows never read alike ("Quadrilateral Securi… 2007–08")."""
    if len(row.label) <= limit and not repeated:
        return row.label
    years = _years(row)
    room = limit - len(years) - 1
    return f"{_truncate(row.label, max(room, 8))} {years}"


def _svg_open(width: int, height: int, title: str, label: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{_attr(label)}" '
        f'class="chart-svg" font-family="{_attr(FONT)}" font-size="12">',
        f"<title>{escape(title)}</title>",
    ]


def _fmt_span(start: datetime.date, end: datetime.date | None) -> str:
    return f"{start.isoformat()} – {end.isoformat() if end else 'present'}"


def timeline_svg(
    rows: Iterable[Sequence],
    *,
    title: str = "Timeline",
    description: str = "",
    today: datetime.date | None = None,
    width: int = 760,
    label_width: int = 200,
    row_height: int = 22,
) -> SafeString:
    """A horizontal timeline (one bar per row) as SVG markup, safe to put in a template.

    `rows`: sequences of (label, start date, end date or None, href, category); href and
    category may be omitted or empty. An open end runs to `today` and ends in an arrow.
    Rows are drawn in the order given; each distinct category gets a colour and a legend
    entry. Every bar has a <title> with its label and dates for pointer users. Returns an
    empty string for no rows, so `{% if chart %}` can hide the figure.

        timeline_svg([("NATO", date(1949, 4, 4), None, "/organizations/nato/", "alliance")])
    """
    rows = [TimelineRow(*row) for row in rows if row and row[1] is not None]
    if not rows:
        return mark_safe("")
    today = today or timezone.localdate()
    first = min(_year_fraction(row.start) for row in rows)
    last = max(_year_fraction(row.end or today) for row in rows)
    first = float(int(first))
    last = float(int(last) + 1)
    categories = list(dict.fromkeys(row.category for row in rows if row.category))
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(categories)}

    top, right, bottom = 28, 16, 8
    legend_height = 22 if len(categories) > 1 else 0
    plot_left, plot_right = label_width, width - right
    height = top + row_height * len(rows) + bottom + legend_height

    def x(value: float) -> float:
        return plot_left + (value - first) / (last - first) * (plot_right - plot_left)

    label = description or f"{title}: {len(rows)} spans from {int(first)} to {int(last) - 1}."
    out = _svg_open(width, height, title, label)
    plot_bottom = top + row_height * len(rows)
    for year in _year_ticks(first, last):
        tx = x(year)
        out.append(
            f'<line x1="{tx:.1f}" y1="{top - 4}" x2="{tx:.1f}" y2="{plot_bottom}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{tx:.1f}" y="{top - 10}" text-anchor="middle" fill="{MUTED}">{year}</text>'
        )
    repeated = {label for label in (row.label for row in rows) if _count(rows, label) > 1}
    for index, row in enumerate(rows):
        y = top + index * row_height
        colour = colours.get(row.category, PALETTE[0])
        x1 = x(_year_fraction(row.start))
        x2 = x(_year_fraction(row.end or today))
        bar_width = max(x2 - x1, 3.0)
        tooltip = f"{row.label}: {_fmt_span(row.start, row.end)}"
        if row.category:
            tooltip += f" ({row.category})"
        parts = [
            f"<title>{escape(tooltip)}</title>",
            f'<text x="{plot_left - 8}" y="{y + row_height / 2 + 4:.1f}" text-anchor="end" '
            f'fill="{TEXT}">{escape(_row_label(row, label_width // 7, row.label in repeated))}'
            "</text>",
            f'<rect x="{x1:.1f}" y="{y + 4}" width="{bar_width:.1f}" '
            f'height="{row_height - 8}" rx="2" fill="{colour}"/>',
        ]
        if row.end is None:
            tip = x1 + bar_width
            mid = y + row_height / 2
            parts.append(
                f'<path d="M{tip:.1f} {y + 3} L{tip + 7:.1f} {mid:.1f} L{tip:.1f} '
                f'{y + row_height - 3}Z" fill="{colour}"/>'
            )
        group = "".join(parts)
        if row.href:
            group = f'<a href="{_attr(row.href)}" tabindex="-1">{group}</a>'
        out.append(f'<g class="chart-row">{group}</g>')
    if legend_height:
        lx, ly = plot_left, plot_bottom + bottom + 12
        for name in categories:
            out.append(
                f'<rect x="{lx}" y="{ly - 9}" width="10" height="10" fill="{colours[name]}"/>'
                f'<text x="{lx + 14}" y="{ly}" fill="{TEXT}">{escape(name)}</text>'
            )
            lx += 24 + 7 * len(name)
    out.append("</svg>")
    return mark_safe("".join(out))


def count_steps(
    spans: Iterable[tuple[datetime.date, datetime.date | None]],
) -> list[tuple[datetime.date, int]]:
    """How many spans are open over time: [(date, count from that date on), ...].

    A span counts from its start and stops counting the day after its end. Dates where
    the count does not change are merged away.
    """
    events: dict[datetime.date, int] = {}
    for start, end in spans:
        events[start] = events.get(start, 0) + 1
        if end is not None:
            after = end + datetime.timedelta(days=1)
            events[after] = events.get(after, 0) - 1
    steps, count = [], 0
    for day in sorted(events):
        if events[day] == 0:
            continue
        count += events[day]
        steps.append((day, count))
    return steps


def step_chart_svg(
    steps: Sequence[tuple[datetime.date, int]],
    *,
    title: str = "Count over time",
    description: str = "",
    today: datetime.date | None = None,
    width: int = 760,
    height: int = 260,
    annotate: int = 8,
) -> SafeString:
    """A step chart of a count over time (e.g. an organization's members), as SVG.

    `steps` comes from `count_steps`. The largest rises (at most `annotate` of them, each
    by two or more) are labelled "+n year", so enlargement waves read at a glance.
    """
    steps = list(steps)
    if not steps:
        return mark_safe("")
    today = today or timezone.localdate()
    first = float(steps[0][0].year)
    last = float(max(today.year, steps[-1][0].year) + 1)
    peak = max(count for _, count in steps)
    top_value = max(peak, 1)
    y_step = _tick_step(top_value, 5)
    top_value = ((top_value + y_step - 1) // y_step) * y_step

    left, right, top, bottom = 44, 16, 24, 28
    plot_right, plot_bottom = width - right, height - bottom

    def x(value: float) -> float:
        return left + (value - first) / (last - first) * (plot_right - left)

    def y(value: int) -> float:
        return plot_bottom - value / top_value * (plot_bottom - top)

    label = description or (
        f"{title}: from {steps[0][1]} in {steps[0][0].year} to {steps[-1][1]} "
        f"in {steps[-1][0].year}, peaking at {peak}."
    )
    out = _svg_open(width, height, title, label)
    for value in range(0, top_value + 1, y_step):
        out.append(
            f'<line x1="{left}" y1="{y(value):.1f}" x2="{plot_right}" y2="{y(value):.1f}" '
            f'stroke="{GRID}"/><text x="{left - 6}" y="{y(value) + 4:.1f}" '
            f'text-anchor="end" fill="{MUTED}">{value}</text>'
        )
    for year in _year_ticks(first, last):
        out.append(
            f'<text x="{x(year):.1f}" y="{plot_bottom + 18}" text-anchor="middle" '
            f'fill="{MUTED}">{year}</text>'
        )
    path = [f"M{x(_year_fraction(steps[0][0])):.1f} {y(0):.1f}"]
    for day, count in steps:
        px = x(_year_fraction(day))
        path.append(f"H{px:.1f} V{y(count):.1f}")
    path.append(f"H{x(_year_fraction(today)):.1f}")
    out.append(f'<path d="{" ".join(path)}" fill="none" stroke="{PALETTE[0]}" stroke-width="2.5"/>')
    rises, previous = [], 0
    for day, count in steps:
        if count - previous >= 2:
            rises.append((count - previous, day, count))
        previous = count
    placed: list[tuple[float, float]] = []
    for delta, day, count in sorted(rises, reverse=True):
        # Under the level just reached, right of the rise: the line runs above it there
        # and the next rises go up from that level, so nothing crosses the label.
        text = f"+{delta} {day.year}"
        lx, ly, anchor = x(_year_fraction(day)) + 4, y(count) + 14, "start"
        if lx + 6.5 * len(text) > plot_right:
            # No room on the right: left of the rise, above the level it left.
            lx, ly, anchor = lx - 8, y(count) - 4, "end"
        # Biggest rises first; a label that would overlap one already drawn is left out.
        if len(placed) >= annotate or any(
            abs(lx - px) < 64 and abs(ly - py) < 14 for px, py in placed
        ):
            continue
        placed.append((lx, ly))
        out.append(
            f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" fill="{TEXT}" '
            f'font-size="11">{text}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))

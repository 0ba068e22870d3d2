"""Charts drawn on the server as SVG: no script, no CDN, nothing the CSP has to allow.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and ``<desc>``; the page shows
the same figures in a table next to it, for screen readers and for anyone who wants the
numbers. Only SVG presentation attributes are used (``fill``, ``stroke``...), never a
``style`` attribute, which the CSP forbids. The SVG is built with ElementTree, which escapes
every name and label.
"""

from __future__ import annotations

import datetime
import math
import xml.etree.ElementTree as ET  # nosec B405  # builds SVG, never parses XML
from dataclasses import dataclass
from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe

# GOV.UK Design System colours.
TEXT = "#0b0c0c"
GRID = "#cecece"
BLUE = "#1d70b8"
ORANGE = "#b84a00"
BLACK = "#0b0c0c"
FONT = "GDS Transport, arial, sans-serif"

WIDTH = 900


@dataclass(frozen=True)
class Style:
    """How one series looks: never colour alone, so also a marker shape and a dash."""

    colour: str
    marker: str = "circle"  # circle, square or triangle
    dash: str = ""  # an SVG stroke-dasharray, "" for a solid line


SERIES_STYLES = [
    Style(BLUE, "circle"),
    Style(ORANGE, "square", "8 4"),
    Style(BLACK, "triangle", "2 4"),
]


def _svg(chart_id: str, title: str, description: str, height: float) -> ET.Element:
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {height:.0f}",
            "width": "100%",
            "role": "img",
            "focusable": "false",
            "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
            "class": "app-chart",
            "id": chart_id,
            "font-family": FONT,
            "fill": TEXT,
        },
    )
    ET.SubElement(svg, "title", {"id": f"{chart_id}-title"}).text = title
    ET.SubElement(svg, "desc", {"id": f"{chart_id}-desc"}).text = description
    return svg


def _render(svg: ET.Element) -> SafeString:
    # ElementTree escaped every text and attribute value; the element names are ours.
    return mark_safe(ET.tostring(svg, encoding="unicode"))  # noqa: S308


def _text(parent: ET.Element, x: float, y: float, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, "text", {"x": f"{x:.1f}", "y": f"{y:.1f}", **attrs})
    element.text = text
    return element


def _line(parent: ET.Element, x1: float, y1: float, x2: float, y2: float, **attrs: str) -> None:
    ET.SubElement(
        parent,
        "line",
        {"x1": f"{x1:.1f}", "y1": f"{y1:.1f}", "x2": f"{x2:.1f}", "y2": f"{y2:.1f}", **attrs},
    )


def _marker(parent: ET.Element, x: float, y: float, style: Style, size: float = 5) -> None:
    if style.marker == "square":
        ET.SubElement(
            parent,
            "rect",
            {
                "x": f"{x - size:.1f}",
                "y": f"{y - size:.1f}",
                "width": f"{2 * size:.1f}",
                "height": f"{2 * size:.1f}",
                "fill": style.colour,
            },
        )
    elif style.marker == "triangle":
        corners = [(x, y - size - 1), (x - size - 1, y + size), (x + size + 1, y + size)]
        points = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in corners)
        ET.SubElement(parent, "polygon", {"points": points, "fill": style.colour})
    else:
        ET.SubElement(
            parent,
            "circle",
            {"cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": f"{size:.1f}", "fill": style.colour},
        )


def _polyline(parent: ET.Element, points: list[tuple[float, float]], style: Style) -> None:
    if len(points) < 2:
        return
    attrs = {
        "points": " ".join(f"{x:.1f},{y:.1f}" for x, y in points),
        "fill": "none",
        "stroke": style.colour,
        "stroke-width": "2.5",
    }
    if style.dash:
        attrs["stroke-dasharray"] = style.dash
    ET.SubElement(parent, "polyline", attrs)


# ---------------------------------------------------------------------------------------------
# Grades over time: one small panel per judgement, on a shared time axis


GRADE_ROWS = [
    (4, "Outstanding"),
    (3, "Good"),
    (2, "Requires improvement or Adequate"),
    (1, "Inadequate"),
]
GRADE_LEFT = 250
GRADE_RIGHT = 30
ROW_GAP = 16
PANEL_TITLE = 32
PANEL_GAP = 18
AXIS_HEIGHT = 34


@dataclass(frozen=True)
class GradePanel:
    """One judgement's grades over time: (date, level 1 Inadequate to 4 Outstanding)."""

    label: str
    points: list[tuple[datetime.date, int]]


def grade_chart(
    panels: list[GradePanel], *, chart_id: str, title: str, description: str
) -> SafeString | None:
    """A panel per judgement, each with its grades joined in date order; None if no grades."""
    days = [day for panel in panels for day, _ in panel.points]
    if not days:
        return None
    first, last = min(days).year, max(days).year + 1
    panel_height = PANEL_TITLE + ROW_GAP * 3 + PANEL_GAP
    height = len(panels) * panel_height + AXIS_HEIGHT + 8
    svg = _svg(chart_id, title, description, height)
    scale = TimeScale(first, last, GRADE_LEFT, WIDTH - GRADE_RIGHT)
    plot_bottom = len(panels) * panel_height
    for year in scale.tick_years():
        x = scale.x(datetime.date(year, 1, 1))
        _line(svg, x, 0, x, plot_bottom - PANEL_GAP, stroke=GRID)
        _text(svg, x, plot_bottom + 8, str(year), **{"text-anchor": "middle", "font-size": "14"})
    style = SERIES_STYLES[0]
    for index, panel in enumerate(panels):
        top = index * panel_height
        _text(svg, 0, top + 16, panel.label, **{"font-size": "15", "font-weight": "bold"})
        row_y = {level: top + PANEL_TITLE + (4 - level) * ROW_GAP for level, _ in GRADE_ROWS}
        for level, label in GRADE_ROWS:
            y = row_y[level]
            _line(svg, GRADE_LEFT, y, WIDTH - GRADE_RIGHT, y, stroke=GRID)
            _text(svg, GRADE_LEFT - 8, y + 4, label, **{"text-anchor": "end", "font-size": "13"})
        points = [(scale.x(day), row_y[level]) for day, level in sorted(panel.points)]
        _polyline(svg, points, style)
        for x, y in points:
            _marker(svg, x, y, style, size=4.5)
    return _render(svg)


@dataclass(frozen=True)
class TimeScale:
    """Dates from 1 January of ``first`` to 1 January of ``last`` across ``left``–``right``."""

    first: int
    last: int
    left: float
    right: float

    def x(self, day: datetime.date) -> float:
        start = datetime.date(self.first, 1, 1)
        span = (datetime.date(self.last, 1, 1) - start).days or 1
        return self.left + (day - start).days / span * (self.right - self.left)

    def tick_years(self) -> list[int]:
        step = max(1, math.ceil((self.last - self.first) / 10))
        return list(range(self.first, self.last + 1, step))


# ---------------------------------------------------------------------------------------------
# Figures by year: a line per series (the authority, its neighbours, England)


LINE_LEFT = 60
LINE_RIGHT = 30
LINE_TOP = 56
LINE_PLOT = 220


@dataclass(frozen=True)
class Series:
    name: str
    values: dict[int, Decimal | None]


def line_chart(
    series: list[Series],
    years: list[int],
    *,
    chart_id: str,
    title: str,
    description: str,
    year_label=str,
) -> SafeString | None:
    """Lines by year, one per series, broken where a year has no figure; None if no figures."""
    values = [v for s in series for v in s.values.values() if v is not None]
    if not values or not years:
        return None
    top = nice_ceiling(max(values))
    height = LINE_TOP + LINE_PLOT + AXIS_HEIGHT + 8
    svg = _svg(chart_id, title, description, height)
    _legend(svg, series)
    step = (WIDTH - LINE_LEFT - LINE_RIGHT) / max(len(years), 1)

    def x(year: int) -> float:
        return LINE_LEFT + step * (years.index(year) + 0.5)

    def y(value: Decimal) -> float:
        return LINE_TOP + LINE_PLOT - float(value) / float(top) * LINE_PLOT

    for tick in ticks(top):
        _line(svg, LINE_LEFT, y(tick), WIDTH - LINE_RIGHT, y(tick), stroke=GRID)
        _text(
            svg,
            LINE_LEFT - 8,
            y(tick) + 4,
            f"{tick:,g}",
            **{"text-anchor": "end", "font-size": "13"},
        )
    for year in years:
        _text(
            svg,
            x(year),
            LINE_TOP + LINE_PLOT + 22,
            year_label(year),
            **{"text-anchor": "middle", "font-size": "13"},
        )
    for index, one in enumerate(series):
        style = SERIES_STYLES[index % len(SERIES_STYLES)]
        for run in _runs([(year, one.values.get(year)) for year in years]):
            _polyline(svg, [(x(year), y(value)) for year, value in run], style)
        for year in years:
            if (value := one.values.get(year)) is not None:
                _marker(svg, x(year), y(value), style)
    return _render(svg)


def _legend(svg: ET.Element, series: list[Series]) -> None:
    x = LINE_LEFT
    for index, one in enumerate(series):
        style = SERIES_STYLES[index % len(SERIES_STYLES)]
        _polyline(svg, [(x, 20), (x + 36, 20)], style)
        _marker(svg, x + 18, 20, style)
        _text(svg, x + 44, 25, one.name, **{"font-size": "14"})
        x += 44 + 7.5 * len(one.name) + 30


def _runs(points: list[tuple[int, Decimal | None]]) -> list[list[tuple[int, Decimal]]]:
    """Consecutive years that have a figure, so that a line never bridges a missing year."""
    runs, current = [], []
    for year, value in points:
        if value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append((year, value))
    if current:
        runs.append(current)
    return runs


def nice_ceiling(value: Decimal | float) -> int:
    """A round number at or above ``value`` for the top of an axis (600 for 564.5)."""
    value = float(value)
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for factor in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= factor * magnitude:
            return int(math.ceil(factor * magnitude))
    return int(10 * magnitude)


def ticks(top: int, most: int = 6) -> list[float]:
    """Round ticks from 0 to ``top`` (no more than ``most`` intervals): 0, 100 ... 600."""
    steps = sorted(f * 10**k for k in range(-1, 9) for f in (1, 2, 2.5, 5))
    step = next(s for s in steps if top / s <= most and float(top / s).is_integer())
    count = round(top / step)
    return [step * i for i in range(count + 1)]

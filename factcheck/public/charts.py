"""
Geometry for the public site's two small pictures. Plain Python, no Django.

The templates draw the SVG from these numbers; colours come from CSS classes
(``rating--red`` and so on), never from style attributes, so the pages need no
``unsafe-inline`` and read the same without CSS: every picture sits next to
the same facts as text.
"""

from __future__ import annotations

import dataclasses
import datetime


@dataclasses.dataclass(frozen=True)
class Bar:
    label: str
    count: int
    css_class: str
    y: float
    width: float
    text_y: float
    value_x: float
    selected: bool = False


@dataclasses.dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_x: int
    bar_x: int
    bar_height: int
    track_width: int
    bars: list[Bar]
    total: int


def verdict_bars(
    rows, *, width=360, label_width=104, value_width=40, bar_height=22, gap=8
) -> BarChart:
    """Horizontal bars, one per ``(label, css_class, count, selected)`` row, the
    longest filling the space between the labels and the counts."""
    rows = list(rows)
    longest = max((count for _, _, count, _ in rows), default=0)
    room = width - label_width - value_width
    bars = []
    for i, (label, css_class, count, selected) in enumerate(rows):
        y = gap + i * (bar_height + gap)
        length = room * count / longest if longest else 0
        bars.append(
            Bar(
                label=label,
                count=count,
                css_class=css_class,
                y=y,
                width=round(length, 1),
                text_y=y + bar_height * 0.7,
                value_x=round(label_width + length + 6, 1),
                selected=selected,
            )
        )
    height = gap + len(rows) * (bar_height + gap)
    return BarChart(
        width=width,
        height=height,
        label_x=label_width - 8,
        bar_x=label_width,
        bar_height=bar_height,
        track_width=room,
        bars=bars,
        total=sum(bar.count for bar in bars),
    )


@dataclasses.dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str


@dataclasses.dataclass(frozen=True)
class Row:
    label: str
    y: float
    text_y: float
    points: list[Point]


@dataclasses.dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclasses.dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    plot_left: int
    plot_right: int
    axis_y: float
    rows: list[Row]
    ticks: list[Tick]


def _instant(when) -> datetime.datetime:
    # A report dated by day only sits at noon UTC of that day.
    if isinstance(when, datetime.datetime):
        return when if when.tzinfo else when.replace(tzinfo=datetime.UTC)
    return datetime.datetime.combine(when, datetime.time(12), tzinfo=datetime.UTC)


def _day_ticks(first: datetime.date, last: datetime.date, most=7) -> list[datetime.date]:
    days = (last - first).days
    step = max(1, -(-days // (most - 1))) if days else 1
    ticks = [first + datetime.timedelta(days=n) for n in range(0, days + 1, step)]
    if ticks[-1] != last:
        ticks.append(last)
    return ticks


def timeline(
    reports, *, width=480, label_width=128, right_margin=40, row_height=32, axis_height=36
) -> Timeline | None:
    """Which outlet reported when: one row per outlet (in order of its first
    report), one point per dated report. ``reports`` holds ``(outlet, when,
    label)`` with ``when`` a date or an aware datetime; undated reports are left
    out (the page lists them as text). ``None`` when nothing is dated."""
    dated = [(outlet, _instant(when), label) for outlet, when, label in reports if when]
    if not dated:
        return None
    dated.sort(key=lambda report: report[1])
    start, end = dated[0][1], dated[-1][1]
    plot_left, plot_right = label_width, width - right_margin
    span = (end - start).total_seconds()

    def x_of(instant):
        if not span:
            return round((plot_left + plot_right) / 2, 1)
        return round(
            plot_left + (plot_right - plot_left) * (instant - start).total_seconds() / span, 1
        )

    outlets = list(dict.fromkeys(outlet for outlet, _, _ in dated))
    rows = []
    for i, outlet in enumerate(outlets):
        y = row_height * i + row_height / 2
        points = [
            Point(x=x_of(instant), y=y, label=label)
            for name, instant, label in dated
            if name == outlet
        ]
        rows.append(Row(label=outlet, y=y, text_y=y + 5, points=points))

    axis_y = row_height * len(outlets) + 4
    if not span:
        ticks = [Tick(x=x_of(start), label=f"{start.day} {start:%b %Y}")]
    elif start.date() == end.date():
        # All within one day: mark the first and last times.
        ticks = [Tick(x=x_of(t), label=f"{t.day} {t:%b %H:%M}") for t in (start, end)]
    else:
        # One tick per day (or per few days), at noon but never outside the span.
        ticks = [
            Tick(x=x_of(min(max(_instant(day), start), end)), label=f"{day.day} {day:%b}")
            for day in _day_ticks(start.date(), end.date())
        ]
    return Timeline(
        width=width,
        height=int(axis_y + axis_height),
        plot_left=plot_left,
        plot_right=plot_right,
        axis_y=axis_y,
        rows=rows,
        ticks=ticks,
    )

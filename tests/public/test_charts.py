import datetime

from factcheck.public import charts

UTC = datetime.UTC


def test_bars_are_proportional_with_the_longest_filling_the_track():
    chart = charts.verdict_bars(
        [
            ("True", "rating--green", 4, False),
            ("False", "rating--red", 2, True),
            ("Unproven", "rating--grey", 0, False),
        ]
    )

    widths = [bar.width for bar in chart.bars]
    assert widths == [chart.track_width, chart.track_width / 2, 0]
    assert [bar.selected for bar in chart.bars] == [False, True, False]
    assert chart.total == 6
    # Rows stack downwards without overlapping, inside the picture.
    tops = [bar.y for bar in chart.bars]
    assert all(b - a >= chart.bar_height for a, b in zip(tops, tops[1:], strict=False))
    assert tops[-1] + chart.bar_height < chart.height
    # The count is written just after its bar.
    assert all(bar.value_x > chart.bar_x + bar.width for bar in chart.bars)


def test_bars_with_no_claims_at_all_are_empty_not_an_error():
    chart = charts.verdict_bars([("True", "rating--green", 0, False)])

    assert chart.bars[0].width == 0
    assert chart.total == 0


def test_timeline_rows_follow_each_outlets_first_report():
    picture = charts.timeline(
        [
            ("Evening Paper", datetime.date(2026, 1, 14), "Jam session"),
            ("Wire", datetime.datetime(2026, 1, 13, 18, 0, tzinfo=UTC), "Duet"),
            ("Wire", datetime.date(2026, 1, 15), "Follow-up"),
            ("Blog", None, "Undated"),
        ]
    )

    assert [row.label for row in picture.rows] == ["Wire", "Evening Paper"]
    wire, paper = picture.rows
    assert len(wire.points) == 2
    assert wire.points[0].x == picture.plot_left
    assert wire.points[1].x == picture.plot_right
    assert picture.plot_left < paper.points[0].x < picture.plot_right
    assert [tick.label for tick in picture.ticks] == ["13 Jan", "14 Jan", "15 Jan"]
    assert picture.height > picture.axis_y > paper.y


def test_timeline_of_reports_at_one_moment_centres_them():
    when = datetime.date(2026, 1, 13)
    picture = charts.timeline([("A", when, "a"), ("B", when, "b")])

    xs = {point.x for row in picture.rows for point in row.points}
    assert xs == {(picture.plot_left + picture.plot_right) / 2}
    assert [tick.label for tick in picture.ticks] == ["13 Jan 2026"]


def test_timeline_within_one_morning_marks_the_times():
    picture = charts.timeline(
        [
            ("A", datetime.datetime(2026, 1, 13, 8, 0, tzinfo=UTC), "a"),
            ("B", datetime.datetime(2026, 1, 13, 10, 30, tzinfo=UTC), "b"),
        ]
    )

    assert [tick.label for tick in picture.ticks] == ["13 Jan 08:00", "13 Jan 10:30"]


def test_timeline_without_dated_reports_is_none():
    assert charts.timeline([("A", None, "a")]) is None
    assert charts.timeline([]) is None


def test_long_spans_get_a_handful_of_ticks():
    picture = charts.timeline(
        [("A", datetime.date(2026, 1, 1), "a"), ("B", datetime.date(2026, 3, 1), "b")]
    )

    assert 2 <= len(picture.ticks) <= 8
    assert picture.ticks[0].label == "1 Jan"
    assert picture.ticks[-1].label == "1 Mar"

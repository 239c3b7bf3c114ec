import datetime

import pytest

from factcheck.exports import Column, buffered, cell, csv_lines


@pytest.mark.parametrize(
    "text",
    [
        "=SUM(A1:A9)",
        "+44 20 7946 0000",
        "-2 percent, the minister said",
        "@channel",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_text_a_spreadsheet_would_run_starts_with_an_apostrophe(text):
    assert cell(text) == "'" + text


def test_other_values_are_written_as_they_are():
    assert cell("The bridge cost $4 million.") == "The bridge cost $4 million."
    assert cell(-3) == -3
    assert cell(2.5) == 2.5
    assert cell(None) == ""
    assert cell(True) == "yes"
    assert cell(datetime.date(2026, 1, 13)) == "2026-01-13"
    when = datetime.datetime(2026, 1, 13, 9, 30, tzinfo=datetime.UTC)
    assert cell(when) == "2026-01-13T09:30:00+00:00"


def test_lines_start_with_a_byte_order_mark_and_quote_what_needs_it():
    columns = [Column("statement", lambda row: row[0]), Column("n", lambda row: row[1])]

    lines = list(csv_lines(columns, [('He said "no", twice', 2), ("=cmd", -1)]))

    assert lines == [
        "\ufeffstatement,n\r\n",
        '"He said ""no"", twice",2\r\n',
        "'=cmd,-1\r\n",
    ]


def test_lines_are_sent_in_pieces_of_about_the_buffer_size():
    lines = [f"row {n:04}\r\n" for n in range(1000)]  # 10 characters each

    pieces = list(buffered(lines, size=2500))

    assert "".join(pieces) == "".join(lines)
    assert [len(piece) for piece in pieces] == [2500] * 4


def test_a_short_export_is_one_piece():
    assert list(buffered(["a\r\n", "b\r\n"], size=2500)) == ["a\r\nb\r\n"]

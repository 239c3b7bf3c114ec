"""
Inputs at the edges of what the models can hold: each is imported or refused
with one line that names the file and the field, nothing half-written stays,
and the batch goes on. Every case here is one a fuzzing run found crashing,
hanging or half-writing the real import path; each runs on both databases.
"""

import json
import logging

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.importers import ImportRefused, parse_document, printable
from articles.models import Article, ArticleRevision, Outlet, Story

pytestmark = pytest.mark.django_db

PARAGRAPH = b"The council approved the budget on Tuesday by seven votes to two. " * 3
GOOD = b"Council passes the city budget for next year\n\n" + PARAGRAPH + b"\n"


def page(head=b"", body=PARAGRAPH):
    return (
        b"<!doctype html><html lang='en'><head><title>Council passes the city budget</title>"
        + head
        + b"</head><body><article><h1>Council passes the city budget</h1><p>"
        + body
        + b"</p></article></body></html>"
    )


def import_one(name, data):
    report = services.articles_import(inputs=[services.ImportInput.from_bytes(name, data)])
    [outcome] = report.outcomes
    return outcome


def stored():
    return (
        Article.objects.count(),
        ArticleRevision.objects.count(),
        Outlet.objects.count(),
        Story.objects.count(),
    )


# Dates at the calendar's edge ----------------------------------------------------------------


@pytest.mark.parametrize(
    "moment", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00", "9999-12-31T00:00:00Z"]
)
def test_a_json_time_no_database_can_hold_is_refused_naming_the_field(moment):
    data = json.dumps({"body": "Text.", "published_at": moment}).encode()

    outcome = import_one("edge.json", data)

    assert outcome.status == services.Status.FAILED
    assert str(outcome) == (
        f'failed     edge.json: article 1: "published_at" {moment} is outside the dates '
        "the archive can store"
    )
    assert stored() == (0, 0, 0, 0)


def test_a_json_date_at_the_calendar_edge_is_refused():
    outcome = import_one("edge.json", b'{"body": "Text.", "published_on": "9999-12-31"}')

    assert outcome.reason == (
        'article 1: "published_on" 9999-12-31 is outside the dates the archive can store'
    )


def test_an_html_meta_time_no_database_can_hold_is_read_as_no_date():
    head = b'<meta property="article:published_time" content="0001-01-01T00:00:00+05:00">'

    outcome = import_one("edge.html", page(head))

    assert outcome.status == services.Status.CREATED
    article = Article.objects.get()
    assert (article.published_on, article.published_at) == (None, None)


def test_an_html_page_falls_back_to_the_next_date_it_states():
    head = (
        b'<meta property="article:published_time" content="9999-12-31T23:59:59-05:00">'
        b'<meta name="pubdate" content="2026-01-13">'
    )

    import_one("edge.html", page(head))

    assert str(Article.objects.get().published_on) == "2026-01-13"


@pytest.mark.parametrize(
    ("line", "day"),
    [
        (b"Published 9999-12-31T23:59:59-05:00", None),
        (b"Published 0001-01-01T00:00:00+05:00", None),
        (b"Published 2026-01-13 10:00 +99:99", "2026-01-13"),
    ],
)
def test_a_text_date_line_no_database_can_hold_imports_without_that_time(line, day):
    data = b"Council passes the city budget for next year\n" + line + b"\n" + PARAGRAPH + b"\n"

    outcome = import_one("edge.txt", data)

    assert outcome.status == services.Status.CREATED
    article = Article.objects.get()
    assert article.published_at is None
    assert (str(article.published_on) if article.published_on else None) == day
    # A line that names no storable date is no date line: it stays in the text.
    assert (line.decode() in article.body) == (day is None)


def test_an_offset_of_a_day_or_more_is_not_an_offset():
    data = b"Council passes the city budget\nPublished 2026-01-13 10:00 +24:00\n" + PARAGRAPH

    [article] = parse_document(data, name="edge.txt", max_bytes=10**6)

    assert (str(article.published_on), article.published_at) == ("2026-01-13", None)


def test_a_stored_edge_time_is_shown_in_any_zone():
    data = json.dumps({"body": "Text.", "published_at": "9999-12-28T23:00:00-05:00"}).encode()

    assert import_one("edge.json", data).status == services.Status.CREATED

    article = Article.objects.get()
    assert timezone.localtime(article.published_at).year == 9999


# JSON the parser would choke on -----------------------------------------------------------------


def test_an_integer_longer_than_python_reads_is_refused():
    outcome = import_one("big.json", b'{"body": "x", "n": ' + b"1" * 5000 + b"}")

    assert outcome.reason == "not valid JSON for an article: a number has more than 4,300 digits"


@pytest.mark.parametrize("opener", [b"[", b'{"a":'])
def test_json_nested_far_too_deeply_is_refused_before_parsing(opener):
    outcome = import_one("deep.json", opener * 100_000)

    assert outcome.reason == "not valid JSON for an article: nested more than 64 levels deep"


def test_deeply_nested_json_ld_in_a_page_is_skipped_and_the_page_imported():
    head = b'<script type="application/ld+json">' + b"[" * 100_000 + b"</script>"

    outcome = import_one("deep.html", page(head))

    assert outcome.status == services.Status.CREATED


def test_brackets_inside_json_strings_do_not_count_as_nesting():
    body = "[" * 500 + " a report about brackets " + "{" * 500
    outcome = import_one("brackets.json", json.dumps({"body": body}).encode())

    assert outcome.status == services.Status.CREATED


@pytest.mark.parametrize("field", ["body", "headline", "byline", "outlet"])
def test_a_lone_surrogate_is_refused_naming_the_field(field):
    data = json.dumps({"body": "Text.", field: "A \udfff B"}).encode()

    outcome = import_one("surrogate.json", data)

    assert outcome.reason == (
        f'article 1: "{field}" contains a lone surrogate (broken UTF-16), which cannot be stored'
    )
    assert stored() == (0, 0, 0, 0)


# URLs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/a\u0000b",
        "https://example.com/a\nb",
        "https://example.com/a\tb",
        "https://example.com/a\u0085b",
        "https://example.com/a b",
    ],
)
def test_a_url_with_control_characters_or_spaces_is_refused(url):
    outcome = import_one("url.json", json.dumps({"body": "Text.", "url": url}).encode())

    assert outcome.reason == 'article 1: "url" contains spaces or control characters'
    assert stored() == (0, 0, 0, 0)


def test_a_page_whose_canonical_url_is_not_a_web_address_imports_without_it():
    head = b'<link rel="canonical" href="javascript:alert(1)">'

    outcome = import_one("canonical.html", page(head))

    assert outcome.status == services.Status.CREATED
    assert Article.objects.get().url == ""


def test_a_nul_past_the_first_kilobytes_is_refused_as_binary():
    data = GOOD + b"more text " * 2000 + b"\x00" + b" and after."

    outcome = import_one("late-nul.txt", data)

    assert outcome.reason.startswith("binary data, not a text, HTML or JSON document")


# Feeds are written whole or not at all ----------------------------------------------------------


def test_a_feed_with_a_story_that_slugifies_to_nothing_stores_none_of_it():
    feed = [
        {"body": "First.", "url": "https://example.com/1", "story": "budget"},
        {"body": "Second.", "url": "https://example.com/2", "story": "-"},
    ]

    outcome = import_one("feed.json", json.dumps(feed).encode())

    assert str(outcome) == (
        'failed     feed.json: article 2: "story" must be a slug '
        "(letters, digits, hyphens, underscores)"
    )
    assert stored() == (0, 0, 0, 0)


def test_a_feed_refused_while_being_stored_rolls_back_the_articles_before(monkeypatch):
    feed = [
        {"body": "First.", "url": "https://example.com/1", "outlet": "Daily Example"},
        {"body": "Second.", "url": "https://example.com/2"},
    ]
    real = services.article_import

    def refuse_the_second(*, parsed, **kwargs):
        if parsed.source.endswith("/2"):
            raise ImportRefused("refused on the way in")
        return real(parsed=parsed, **kwargs)

    monkeypatch.setattr(services, "article_import", refuse_the_second)

    outcome = import_one("feed.json", json.dumps(feed).encode())

    assert outcome.reason == "article 2: refused on the way in"
    assert stored() == (0, 0, 0, 0)


# An unexpected error stays inside its input -----------------------------------------------------


@pytest.fixture
def crash_on(monkeypatch):
    """Make storing the article from the named source raise as a bug would."""
    real = services.article_import

    def arm(source, error):
        def crashing(*, parsed, **kwargs):
            if parsed.source == source:
                real(parsed=parsed, **kwargs)  # written, then rolled back
                raise error
            return real(parsed=parsed, **kwargs)

        monkeypatch.setattr(services, "article_import", crashing)

    return arm


def test_an_unexpected_error_fails_one_input_and_the_batch_goes_on(crash_on, caplog):
    crash_on("bad.txt", OverflowError("date value out of range\nsecond line"))

    with caplog.at_level(logging.ERROR, logger="articles.services"):
        report = services.articles_import(
            inputs=[
                services.ImportInput.from_bytes("bad.txt", GOOD),
                services.ImportInput.from_bytes("good.txt", GOOD),
            ]
        )

    assert [str(outcome).split(" → ")[0] for outcome in report.outcomes] == [
        "failed     internal error importing bad.txt: OverflowError: date value out of range",
        "created    good.txt",
    ]
    assert list(Article.objects.values_list("source", flat=True)) == ["good.txt"]
    assert ArticleRevision.objects.count() == 1
    [record] = caplog.records
    assert record.getMessage() == "Internal error importing bad.txt"
    assert record.exc_info[0] is OverflowError


def test_a_parser_bug_fails_that_input_only(monkeypatch):
    from articles.importers import plaintext

    def broken(text, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(plaintext, "parse_text", broken)

    report = services.articles_import(
        inputs=[
            services.ImportInput.from_bytes("a.txt", GOOD),
            services.ImportInput.from_bytes("b.json", b'{"body": "Fine."}'),
        ]
    )

    assert [outcome.status for outcome in report.outcomes] == ["failed", "created"]
    assert report.outcomes[0].internal


# What the command, the admin form and a job make of it ------------------------------------------


def test_the_command_reports_a_crash_and_imports_the_files_after_it(tmp_path, crash_on, capsys):
    crash_on("1-bad.txt", OverflowError("date value out of range"))
    (tmp_path / "1-bad.txt").write_bytes(GOOD)
    (tmp_path / "2-edge.json").write_bytes(b'{"body": "x", "published_at": "9999-12-31T23:59:59Z"}')
    (tmp_path / "3-good.txt").write_bytes(GOOD)

    with pytest.raises(CommandError, match="2 of 3 inputs failed to import"):
        call_command("import_articles", str(tmp_path), "--skip-checks")

    out, err = capsys.readouterr()
    assert "failed     internal error importing 1-bad.txt: OverflowError: date value" in err
    assert '2-edge.json: article 1: "published_at" 9999-12-31T23:59:59Z is outside' in err
    assert "Traceback" not in out + err
    assert list(Article.objects.values_list("source", flat=True)) == ["3-good.txt"]


def test_a_newline_in_a_file_or_field_name_cannot_forge_an_output_line():
    data = json.dumps({"body": "x", "injected\nfailed     other.txt: forged": "y"}).encode()

    outcome = import_one("feed\nforged.json", data)

    assert "\n" not in str(outcome)
    assert str(outcome).startswith("failed     feed\\nforged.json: article 1: unknown field")
    assert '"injected\\nfailed     other.txt: forged"' in str(outcome)


def test_printable_escapes_controls_separators_and_bidirectional_marks():
    assert printable("a\nb\rc\td\x00e\u2028f\u202eg\udfff") == (
        "a\\nb\\rc\\td\\x00e\\u2028f\\u202eg\\udfff"
    )
    assert printable("Zürich — “quoted”") == "Zürich — “quoted”"
    assert printable("x" * 300, limit=10) == "x" * 9 + "…"


def test_the_admin_form_answers_every_input_and_never_500(client, fact_checker, crash_on):
    crash_on("crash.txt", OverflowError("date value out of range"))
    client.force_login(fact_checker)
    files = [
        SimpleUploadedFile("crash.txt", GOOD, "text/plain"),
        SimpleUploadedFile(
            "edge.json", b'{"body": "x", "published_at": "9999-12-31T23:59:59-05:00"}'
        ),
        SimpleUploadedFile("big.json", b'{"body": "x", "n": ' + b"9" * 5000 + b"}"),
        SimpleUploadedFile("good.txt", GOOD, "text/plain"),
    ]

    response = client.post(
        reverse("admin:articles_article_import"), {"files": files, "format": "auto"}
    )

    assert response.status_code == 200
    content = response.content.decode()
    summary = "1 created, 0 updated with a new revision, 0 metadata updated, 0 unchanged, 3 failed"
    assert summary in content
    assert "Could not import crash.txt: OverflowError: date value out of range" in content
    assert "a number has more than 4,300 digits" in content
    assert list(Article.objects.values_list("source", flat=True)) == ["good.txt"]


def test_an_import_job_goes_on_after_a_crash(fact_checker, crash_on, run_tasks):
    from factcheck.services import jobs

    crash_on("crash.txt", OverflowError("date value out of range"))

    with run_tasks():
        job = jobs.job_start_import(
            acting_user=fact_checker,
            files=[ContentFile(GOOD, name="crash.txt"), ContentFile(GOOD, name="good.txt")],
        )

    job.refresh_from_db()
    assert job.result["counts"]["created"] == 1
    assert job.result["failures"] == [
        {"name": "crash.txt", "reason": "OverflowError: date value out of range"}
    ]
    assert list(Article.objects.values_list("source", flat=True)) == ["good.txt"]

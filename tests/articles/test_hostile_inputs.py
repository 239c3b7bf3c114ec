"""Hostile and malformed input: every file either imports or is refused with a
clear one-line reason, and nothing half-written stays behind. (That parsing
is linear in the input, so never hangs, is checked as a ratio in
``test_import_fuzz``: a wall clock here would fail on a loaded machine.)"""

import codecs
import json

import pytest

from articles import services
from articles.models import Article, ArticleRevision

pytestmark = pytest.mark.django_db

STORY = "The council met on Tuesday and approved the budget by seven votes to two."


def deeply_nested(depth):
    return ("<div>" * depth + "<p>" + STORY + "</p>" + "</div>" * depth).encode()


CORPUS = {
    "truncated.html": b"<html><head><title>Budget</title></head><body><article><p>"
    + STORY.encode()[:40],
    "bom-utf8.txt": codecs.BOM_UTF8 + STORY.encode(),
    "bom-utf16.txt": STORY.encode("utf-16"),
    "latin1.txt": "Le conseil a approuvé le budget à Genève, où l'été est doux.".encode("latin-1"),
    "mixed-encodings.txt": STORY.encode() + " café ".encode("latin-1") + " naïve".encode(),
    "control-chars.txt": ("The council\x07 met\x1b[31m on Tuesday.\x00" * 3).encode(),
    "only-controls.txt": b"\x01\x02\x03\x04\x05\x06\x07\x08",
    "gigantic-line.txt": (STORY + " ") * 20000,
    "nested.html": deeply_nested(5000),
    "script-only.html": b"<html><body><script>alert(1)</script></body></html>",
    "json-object-no-body.json": json.dumps({"headline": "No body"}).encode(),
    "json-number.json": b"42",
    "json-nested-list.json": json.dumps([[{"body": STORY}]]).encode(),
    "json-huge-nesting.json": b"[" * 100000 + b"]" * 100000,
    "json-bad-types.json": json.dumps([{"body": STORY, "published_on": 20260113}]).encode(),
    "whitespace.txt": b" \t\r\n\x0b\x0c   ",
    "binary.txt": bytes(range(256)) * 8,
    "html-as-text.txt": b"<p>" + STORY.encode() + b"</p>",
}


def as_bytes(value):
    return value if isinstance(value, bytes) else value.encode()


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_hostile_input_imports_or_is_refused_cleanly(name, settings):
    settings.IMPORT_MAX_BYTES = 2_000_000
    report = services.articles_import(
        inputs=[services.ImportInput.from_bytes(name, as_bytes(CORPUS[name]))]
    )

    outcomes = report.outcomes
    assert outcomes, "every input gets an outcome"
    for outcome in outcomes:
        if outcome.status == services.Status.FAILED:
            assert outcome.reason
            assert "\n" not in outcome.reason
            assert "Traceback" not in outcome.reason
        else:
            article = outcome.article
            article.refresh_from_db()
            assert article.body.strip()
            assert "\x00" not in article.body and "\x07" not in article.body
            assert article.revisions.count() == 1
    # Nothing half-written: every article has its revision, no orphan revision.
    assert ArticleRevision.objects.count() == Article.objects.count()
    assert Article.objects.count() == sum(o.status == "created" for o in outcomes)


def test_oversized_input_is_refused_before_parsing(settings):
    settings.IMPORT_MAX_BYTES = 1000

    report = services.articles_import(
        inputs=[services.ImportInput.from_bytes("big.txt", b"word " * 1000)]
    )

    assert report.failed[0].reason.startswith("too large")
    assert Article.objects.count() == 0

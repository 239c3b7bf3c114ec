import io
import shutil

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, ArticleRevision, Story

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_articles", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), str(excinfo.value)


def test_seed_folder_imports_into_the_manifest_story(seeds_dir):
    out, _ = run(str(seeds_dir))

    story = Story.objects.get()
    assert story.slug == "japan-korea-summit-drum-duet"
    assert story.event_date.isoformat() == "2026-01-13"
    assert sorted(a.source for a in story.articles.all()) == sorted(
        p.name for p in seeds_dir.glob("*.txt")
    )
    assert "3 created, 0 updated with a new revision" in out
    assert "0 failed" in out


def test_reimporting_the_seeds_changes_nothing(seeds_dir):
    run(str(seeds_dir))

    out, _ = run(str(seeds_dir))

    assert "0 created" in out
    assert "3 unchanged" in out
    assert ArticleRevision.objects.count() == 3


def test_changed_file_is_reimported_as_a_new_revision(tmp_path, seeds_dir):
    for path in seeds_dir.iterdir():
        shutil.copy(path, tmp_path / path.name)
    run(str(tmp_path))
    changed = tmp_path / "003_b0ea80b5eb0e868a.txt"
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("two K‑pop tracks", "three K‑pop tracks"),
        encoding="utf-8",
    )

    out, _ = run(str(tmp_path))

    assert "1 updated with a new revision" in out
    article = Article.objects.get(source=changed.name)
    assert "three K‑pop tracks" in article.body
    assert article.revisions.count() == 2


def test_story_option_creates_the_story_and_overrides_the_manifest(seeds_dir):
    run(str(seeds_dir), "--story", "drum-diplomacy")

    assert Story.objects.get().slug == "drum-diplomacy"
    assert Article.objects.filter(story__slug="drum-diplomacy").count() == 3


def test_outlet_option_sets_every_outlet(seeds_dir):
    run(str(seeds_dir / "000_f95a08d50b60e95d.txt"), "--outlet", "Wire Desk")

    assert Article.objects.get().outlet.name == "Wire Desk"


def test_manifest_files_are_not_imported(seeds_dir):
    run(str(seeds_dir))

    assert not Article.objects.filter(source__startswith="manifest").exists()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b"  \n\n \n", "the file is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        ("broken.json", b'[{"body": "text"', "not valid JSON"),
        ("picture.png", b"just some words", "unknown format"),
    ],
)
def test_bad_input_fails_with_a_one_line_reason_naming_the_file(tmp_path, name, content, reason):
    bad = tmp_path / name
    bad.write_bytes(content)

    _, err, message = run_failing(str(bad))

    assert name in err
    assert reason in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert "1 of 1 inputs failed" in message
    assert Article.objects.count() == 0


def test_too_large_file_is_refused(tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 100
    big = tmp_path / "big.txt"
    big.write_text("word " * 100)

    _, err, _ = run_failing(str(big))

    assert "big.txt: too large (500 bytes; the limit is 100 bytes)" in err


def test_missing_path_is_refused(tmp_path):
    _, err, _ = run_failing(str(tmp_path / "nowhere.txt"))

    assert "nowhere.txt: no such file" in err


def test_unreachable_url_is_refused(settings):
    settings.IMPORT_ALLOW_PRIVATE_URLS = True
    settings.IMPORT_FETCH_TIMEOUT = 2

    # Port 9 (discard) on loopback: nothing listens there.
    _, err, _ = run_failing("http://127.0.0.1:9/story.html")

    assert "http://127.0.0.1:9/story.html" in err
    assert "unreachable" in err


def test_good_files_import_even_when_one_fails(tmp_path, seeds_dir):
    shutil.copy(seeds_dir / "003_b0ea80b5eb0e868a.txt", tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")

    out, err, message = run_failing(str(tmp_path))

    assert "1 created" in out
    assert "1 failed" in out
    assert "empty.txt" in err
    assert Article.objects.count() == 1


def test_progress_bar_counts_the_files(seeds_dir):
    _, err = run(str(seeds_dir), "--progress")

    assert "3/3" in err


def test_empty_folder_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="Nothing to import"):
        call_command("import_articles", str(tmp_path), stdout=io.StringIO())


def test_importer_is_recorded_when_given(seeds_dir, editor):
    run(str(seeds_dir / "000_f95a08d50b60e95d.txt"), "--user", editor.username)

    assert Article.objects.get().imported_by == editor

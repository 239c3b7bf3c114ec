"""Every committed story of the detection corpus follows the format, so a bad
annotation (a phrase that is not in its report, an unknown report or kind)
fails the build rather than skewing the figures."""

import json

import pytest

from benchmarks.detection_eval.corpus import (
    DEFAULT_CORPUS,
    CorpusError,
    load_corpus,
    load_story,
    story_folders,
)

from .corpus_factory import write_story


@pytest.mark.parametrize(
    "folder", story_folders([DEFAULT_CORPUS]) if DEFAULT_CORPUS.is_dir() else [], ids=str
)
def test_committed_story_is_valid(folder):
    story = load_story(folder)

    assert story.discrepancies, "a story needs at least one annotated discrepancy"


def test_invented_story_loads_with_its_annotations(tmp_path):
    write_story(tmp_path)

    (story,) = load_corpus([tmp_path])

    assert story.split == "dev"
    assert [r.outlet for r in story.reports] == ["The North Gazette", "The South Gazette"]
    assert story.discrepancies[0].phrases == {"north": "40 homes", "south": "55 homes"}
    assert story.single_source[0].report == "north"


def _problems(tmp_path, **overrides):
    folder = write_story(tmp_path, **overrides)
    with pytest.raises(CorpusError) as error:
        load_story(folder)
    return str(error.value)


def test_phrase_that_is_not_in_the_report_is_refused(tmp_path):
    message = _problems(
        tmp_path,
        discrepancies=[
            {"id": "d1", "kind": "number", "phrases": {"north": "41 homes", "south": "55 homes"}}
        ],
    )

    assert "'41 homes' is not in report north's text" in message


def test_unknown_report_kind_and_split_are_all_listed(tmp_path):
    message = _problems(
        tmp_path,
        split="training",
        discrepancies=[
            {"id": "d1", "kind": "size", "phrases": {"north": "40 homes", "west": "55 homes"}}
        ],
        single_source=[{"id": "s1", "report": "east", "phrase": "boat"}],
    )

    assert "split 'training'" in message
    assert "kind 'size'" in message
    assert "no report 'west'" in message
    assert "no report 'east'" in message


def test_discrepancy_from_one_report_and_reused_ids_are_refused(tmp_path):
    message = _problems(
        tmp_path,
        discrepancies=[
            {"id": "d1", "kind": "number", "phrases": {"north": "40 homes"}},
            {"id": "a1", "kind": "number", "phrases": {"north": "40 homes", "south": "55 homes"}},
        ],
    )

    assert "at least two reports" in message
    assert "'a1' is used twice" in message


def test_missing_report_file_is_refused(tmp_path):
    folder = write_story(tmp_path)
    data = json.loads((folder / "story.json").read_text())
    data["reports"][1]["file"] = "gone.txt"
    (folder / "story.json").write_text(json.dumps(data))

    with pytest.raises(CorpusError, match="cannot read gone.txt"):
        load_story(folder)


def test_a_report_can_be_a_file_elsewhere_in_the_repository(tmp_path):
    root = tmp_path / "repo"
    stories = root / "benchmarks" / "detection_corpus" / "stories"
    folder = write_story(stories)
    (root / "seeds").mkdir()
    (root / "seeds" / "south.txt").write_text((folder / "south.txt").read_text())
    (folder / "south.txt").unlink()
    data = json.loads((folder / "story.json").read_text())
    data["reports"][1] = {"id": "south", "repo_path": "seeds/south.txt", "outlet": "South"}
    (folder / "story.json").write_text(json.dumps(data))

    story = load_story(folder)

    assert story.reports[1].body.startswith("Water flooded 55 homes")

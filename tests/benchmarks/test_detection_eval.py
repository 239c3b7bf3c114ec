"""The evaluation's matching rules and figures, on invented candidates."""

import json

from articles.analysis.detection.engine import Candidate, PassageRef
from benchmarks.detection_eval.__main__ import main
from benchmarks.detection_eval.corpus import load_story
from benchmarks.detection_eval.matching import covers, score_story, single_matches

from .corpus_factory import write_story

REPORT_OF = {0: "north", 1: "south"}


def candidate(kind, *passages):
    return Candidate(
        kind=kind,
        score=0.5,
        title="t",
        explanation="e",
        passages=[PassageRef(article, "", 0, len(text), text) for article, text in passages],
    )


def test_candidate_matches_when_passages_of_two_reports_hold_the_phrases():
    phrases = {"north": "40 homes", "south": "55 homes"}

    assert covers(
        candidate("number", (0, "It hit 40 homes."), (1, "55 homes.")), phrases, REPORT_OF
    )
    # One report's phrase only, or the phrase in the wrong report's passage.
    assert not covers(candidate("number", (0, "It hit 40 homes.")), phrases, REPORT_OF)
    assert not covers(candidate("number", (0, "55 homes"), (1, "40 homes")), phrases, REPORT_OF)


def test_matching_folds_case_quotes_and_whitespace():
    phrases = {"north": "“We are ready,”  he said", "south": "THE MAYOR"}

    assert covers(
        candidate("quote", (0, '"we are ready," he\nsaid.'), (1, "the mayor")), phrases, REPORT_OF
    )


def test_single_source_matches_only_in_its_report():
    class Single:
        report, phrase = "north", "Brackwell"

    assert single_matches(candidate("single_source", (0, "In Brackwell.")), Single, REPORT_OF)
    assert not single_matches(candidate("single_source", (1, "In Brackwell.")), Single, REPORT_OF)


def test_story_score_counts_recall_precision_and_known_false_positives(tmp_path):
    story = load_story(write_story(tmp_path))
    ranked = [
        candidate("description", (0, "Nine people were rescued"), (1, "nine residents were")),
        candidate("single_source", (0, "the mayor said")),
        *[candidate("date", (0, "Tuesday"), (1, "Tuesday")) for _ in range(4)],
        candidate("number", (0, "40 homes in"), (1, "flooded 55 homes")),
        candidate("single_source", (1, "Crews worked overnight")),
    ]

    score = score_story(story, ranked, REPORT_OF)

    assert score.found == {5: 0, 10: 1, 15: 1}
    assert (score.conflicts_judged, score.conflicts_real, score.conflicts_known_false) == (6, 1, 1)
    assert (score.singles, score.singles_real) == (2, 1)
    assert score.found_by_kind["number"] == 1


def test_command_prints_each_half_and_writes_json(tmp_path, capsys):
    write_story(tmp_path / "a", slug="one", split="dev")
    write_story(tmp_path / "b", slug="two", split="heldout")
    out = tmp_path / "eval.json"

    assert (
        main(["--corpus", str(tmp_path / "a"), "--corpus", str(tmp_path / "b"), "--json", str(out)])
        == 0
    )

    printed = capsys.readouterr().out
    assert "== dev (1 stories)" in printed and "== heldout (1 stories)" in printed
    figures = json.loads(out.read_text())
    assert set(figures["halves"]) == {"dev", "heldout"}
    assert figures["stories"]["one"]["gold_discrepancies"] == 1


def test_command_refuses_a_bad_story_with_its_problem(tmp_path, capsys):
    write_story(tmp_path, split="nope")

    assert main(["--corpus", str(tmp_path)]) == 2
    assert "split 'nope'" in capsys.readouterr().err


def test_quotation_marks_in_a_gold_phrase_do_not_stop_a_match():
    phrases = {"north": "“We are ready,”", "south": "'the mayor's"}

    assert covers(candidate("quote", (0, "We are ready,"), (1, "the mayors")), phrases, REPORT_OF)

"""Detection on the seed story, through the command and the service editors use."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from factcheck import services
from factcheck.models import Discrepancy
from factcheck.services.detection import story_find_discrepancies

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("find_discrepancies", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_lists_candidates_best_first_with_exact_passages(seed_story):
    out, _ = run("--story", seed_story.slug, "--json")

    candidates = json.loads(out)
    assert candidates == sorted(candidates, key=lambda c: -c["score"])
    bodies = {a.pk: a.body for a in Article.objects.all()}
    sources = {a.pk: a.source for a in Article.objects.all()}
    for candidate in candidates:
        assert set(candidate) >= {"kind", "score", "explanation", "passages"}
        for passage in candidate["passages"]:
            assert bodies[passage["article"]][passage["start"] : passage["end"]] == passage["text"]
            assert passage["source"] == sources[passage["article"]]


def test_the_presidents_differently_quoted_words_come_first(seed_story):
    out, _ = run("--story", seed_story.slug, "--json")

    top = json.loads(out)[0]
    assert top["kind"] == "quote"
    texts = " | ".join(p["text"] for p in top["passages"])
    assert "a little clumsy" in texts
    assert "a little awkward" in texts
    assert "It was clumsy, which somehow made it fit even better" in texts
    assert len({p["article"] for p in top["passages"]}) == 3


def test_conflicts_of_fact_rank_above_single_source_details(seed_story):
    out, _ = run("--story", seed_story.slug, "--json")

    kinds = [c["kind"] for c in json.loads(out)]
    first_single = kinds.index("single_source")
    assert "attribution" in kinds[:first_single]
    assert "description" in kinds[:first_single]


def test_save_stores_suggestions_and_a_rerun_adds_nothing(seed_story, editor):
    first = story_find_discrepancies(story=seed_story, save=True, acting_user=editor)
    assert first.saved
    assert all(d.status == Discrepancy.Status.SUGGESTED for d in first.saved)
    assert all(d.origin == Discrepancy.Origin.DETECTED for d in first.saved)

    _, err = run("--story", seed_story.slug, "--save")

    assert "0 new suggestion(s) saved" in err
    assert Discrepancy.objects.count() == len(first.saved)


def test_dismissed_suggestions_are_never_suggested_again(seed_story, editor):
    report = story_find_discrepancies(story=seed_story, save=True, acting_user=editor)
    dismissed = report.saved[0]
    services.discrepancy_dismiss(discrepancy=dismissed, acting_user=editor)
    dismissed.passages.all().delete()  # even without its passages, the fingerprint stays

    again = story_find_discrepancies(story=seed_story, save=True, acting_user=editor)

    assert again.saved == []
    assert Discrepancy.objects.filter(status="dismissed").count() == 1


def test_unknown_story_is_a_clear_error():
    with pytest.raises(CommandError, match="No story with slug 'nope'"):
        run("--story", "nope")


def test_suggestions_name_reports_by_outlet_headline_or_domain_never_file(seed_story):
    out, _ = run("--story", seed_story.slug, "--json")

    candidates = json.loads(out)
    sources = [a.source for a in Article.objects.all()]
    shown = " ".join(c["title"] + " " + c["explanation"] for c in candidates)
    assert candidates
    assert not any(source in shown for source in sources)
    assert ".txt" not in shown

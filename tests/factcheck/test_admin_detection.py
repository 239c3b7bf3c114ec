"""Detection in the admin: running it on a story, the story's quotations page and
the article page's suggested claims and discrepancies.

The seed story is imported through the articles service; discrepancies and
claims are made through the fact-check services, as staff would make them.
"""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from articles.analysis.diff import word_diff
from articles.models import Article
from factcheck import roles, services
from factcheck.models import Claim, Discrepancy
from factcheck.services.detection import report_label, story_find_discrepancies
from tests.factories import ArticleFactory, StoryFactory, UserFactory

pytestmark = pytest.mark.django_db

CLUMSY = "a little clumsy."
AWKWARD = "a little awkward"
FIT_BETTER = "It was clumsy, which somehow made it fit even better,"


# Set-up ---------------------------------------------------------------------------------


def detect_url(story):
    return reverse("admin:factcheck_story_detect", args=[story.pk])


def quotes_url(story):
    return reverse("admin:factcheck_story_quotes", args=[story.pk])


def article_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


def text_of(html):
    """What a reader sees of an HTML fragment: tags dropped, entities decoded."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def section(content, heading):
    """The HTML of the page's <section> whose <h2> is ``heading``."""
    start = content.index(f">{heading}</h2>")
    return content[start : content.index("</section>", start)]


def speaker_named(response, *names):
    matches = [s for s in response.context["speakers"] if s.name in names]
    assert len(matches) == 1, [s.name for s in response.context["speakers"]]
    return matches[0]


def remark_with(speaker, text):
    matches = [
        remark for remark in speaker.remarks if any(r.quote.text == text for r in remark.renderings)
    ]
    assert len(matches) == 1
    return matches[0]


# Running detection ------------------------------------------------------------------------


@pytest.mark.parametrize("role", [roles.FACT_CHECKER, roles.EDITOR])
def test_fact_checkers_and_editors_run_detection_and_land_on_the_new_suggestions(
    client, seed_story, role
):
    client.force_login(UserFactory(role=role))

    response = client.post(detect_url(seed_story), follow=True)

    suggestions = Discrepancy.objects.filter(story=seed_story)
    assert suggestions.exists()
    assert {d.status for d in suggestions} == {Discrepancy.Status.SUGGESTED}
    target, status = response.redirect_chain[0]
    assert status == 302
    parts = urlsplit(target)
    assert parts.path == reverse("admin:factcheck_discrepancy_changelist")
    assert parse_qs(parts.query) == {
        "story__id__exact": [str(seed_story.pk)],
        "status__exact": ["suggested"],
    }
    assert shown_messages(response) == [
        f"{suggestions.count()} new suggestions; 0 already tracked or dismissed."
    ]


def test_running_detection_again_saves_nothing_new(client, seed_story, editor):
    client.force_login(editor)
    client.post(detect_url(seed_story), follow=True)
    count = Discrepancy.objects.count()

    response = client.post(detect_url(seed_story), follow=True)

    assert Discrepancy.objects.count() == count
    assert shown_messages(response) == [f"0 new suggestions; {count} already tracked or dismissed."]


def test_detection_runs_on_post_only(client, seed_story, editor):
    client.force_login(editor)

    response = client.get(detect_url(seed_story))

    assert response.status_code == 405
    assert not Discrepancy.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in_and_nothing_is_saved(client, seed_story):
    response = client.post(detect_url(seed_story))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not Discrepancy.objects.exists()


def test_staff_without_the_discrepancy_permission_are_refused(client, seed_story):
    client.force_login(UserFactory(username="intern"))  # staff, no role

    response = client.post(detect_url(seed_story))

    assert response.status_code == 403
    assert not Discrepancy.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(seed_story, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(detect_url(seed_story))

    assert response.status_code == 403
    assert not Discrepancy.objects.exists()


def test_detection_on_an_unknown_story_is_not_found(client, editor):
    client.force_login(editor)

    response = client.post(reverse("admin:factcheck_story_detect", args=[999]))

    assert response.status_code == 404


# The quotations page ----------------------------------------------------------------------


def test_the_presidents_three_renderings_of_one_remark_are_grouped_under_one_speaker(
    client, seed_story, fact_checker
):
    client.force_login(fact_checker)

    response = client.get(quotes_url(seed_story))

    assert response.status_code == 200
    lee = speaker_named(response, "Lee Jae-myung", "Lee Jae Myung")
    assert {lee.name, *lee.spellings} == {"Lee Jae-myung", "Lee Jae Myung"}
    remark = remark_with(lee, CLUMSY)
    texts = [r.quote.text for r in remark.renderings]
    assert {CLUMSY, AWKWARD, FIT_BETTER} <= set(texts)
    assert remark.report_count == 3
    assert remark.differs
    content = response.content.decode()
    lee_section = content[content.index(f">{lee.name}</h2>") :]
    lee_section = lee_section[: lee_section.index("</section>")]
    assert lee_section.count(">Create claim from this passage</a>") == lee.quote_count


def test_wording_differences_are_highlighted_word_by_word_against_the_first_rendering(
    client, seed_story, fact_checker
):
    client.force_login(fact_checker)

    response = client.get(quotes_url(seed_story))

    remark = remark_with(speaker_named(response, "Lee Jae-myung", "Lee Jae Myung"), CLUMSY)
    first, *others = remark.renderings
    assert first.pieces == []
    for rendering in others:
        assert rendering.pieces == word_diff(first.quote.text, rendering.quote.text)
    content = response.content.decode()
    assert f'<blockquote class="quote-words">{first.quote.text}</blockquote>' in content
    at_first = next(r for r in others if r.quote.text.startswith("It was a little awkward"))
    changed = [piece for op, piece in at_first.pieces if op != "equal"]
    assert (
        '<blockquote class="quote-words">It was '
        f'<del class="diff-delete">{changed[0]}</del><ins class="diff-insert">{changed[1]}</ins>'
        "</blockquote>"
    ) in content
    # Each rendering in its sentence, the quoted words marked.
    assert '<mark class="quote-mark">a little awkward</mark>' in content
    assert '<mark class="quote-mark">a little clumsy.</mark>' in content


def test_each_rendering_names_its_report_date_verb_and_platform(client, seed_story, fact_checker):
    client.force_login(fact_checker)

    response = client.get(quotes_url(seed_story))

    lee = speaker_named(response, "Lee Jae-myung", "Lee Jae Myung")
    on_x = next(
        r
        for remark in lee.remarks
        for r in remark.renderings
        if r.quote.text.startswith("It was a little awkward at first")
    )
    assert (on_x.quote.verb, on_x.quote.platform) == ("wrote", "X")
    # Named as suggestions name it (outlet, headline or domain), never by file.
    assert on_x.report == report_label(on_x.article)
    assert on_x.article.source not in on_x.report
    content = response.content.decode()
    assert f'href="{article_url(on_x.article)}" class="quote-report">' in content
    assert '<span class="quote-platform">on X</span>' in content


def test_song_titles_are_not_listed_as_speech(client, seed_story, fact_checker):
    client.force_login(fact_checker)

    response = client.get(quotes_url(seed_story))

    quoted = [
        rendering.quote.text
        for speaker in response.context["speakers"]
        for remark in speaker.remarks
        for rendering in remark.renderings
    ]
    assert quoted
    assert not any("Dynamite" in text or "Golden" in text for text in quoted)
    blockquotes = re.findall(
        r'<blockquote class="quote-words">(.*?)</blockquote>', str(response.content.decode()), re.S
    )
    assert not any("Dynamite" in text_of(b) for b in blockquotes)


def test_quotations_nobody_is_named_for_are_listed_as_unattributed(client, fact_checker):
    story = StoryFactory()
    ArticleFactory(
        story=story,
        body=(
            "Mayor Elena Ruiz opened the bridge.\n\n"
            "“This bridge connects our city,” Ruiz said.\n\n"
            "Protesters outside chanted “not in our town” for an hour."
        ),
    )
    client.force_login(fact_checker)

    response = client.get(quotes_url(story))

    names = [speaker.name for speaker in response.context["speakers"]]
    assert names == ["Elena Ruiz", None]
    unattributed = response.context["speakers"][-1]
    assert [r.quote.text for r in unattributed.remarks[0].renderings] == ["not in our town"]
    assert ">Unattributed</h2>" in response.content.decode()


def test_create_claim_link_opens_the_add_form_with_the_quotation_and_its_speaker(
    client, seed_story, fact_checker
):
    client.force_login(fact_checker)
    response = client.get(quotes_url(seed_story))
    lee = speaker_named(response, "Lee Jae-myung", "Lee Jae Myung")
    rendering = next(
        r for r in remark_with(lee, FIT_BETTER).renderings if r.quote.text == FIT_BETTER
    )
    assert f'href="{rendering.claim_url.replace("&", "&amp;")}"' in response.content.decode()

    form_page = client.get(rendering.claim_url)

    form = form_page.context["adminform"].form
    assert form["passage"].value() == FIT_BETTER
    assert str(form["article"].value()) == str(rendering.article.pk)
    assert f"{FIT_BETTER}</textarea>" in unescape(form_page.content.decode())
    assert form["kind"].value() == "quote"
    assert form["new_claimant_name"].value() == rendering.quote.speaker


def test_a_repeated_passage_links_with_its_context_and_the_claim_lands_on_that_occurrence(
    client, seed_story, fact_checker
):
    client.force_login(fact_checker)
    response = client.get(quotes_url(seed_story))
    lee = speaker_named(response, "Lee Jae-myung", "Lee Jae Myung")
    rendering = next(
        r
        for remark in lee.remarks
        for r in remark.renderings
        if r.quote.text == AWKWARD  # also inside “It was a little awkward at first, ...”
    )
    query = parse_qs(urlsplit(rendering.claim_url).query)
    assert query["context_before"] and query["context_after"]

    form = client.get(rendering.claim_url).context["adminform"].form
    data = {
        "article": form["article"].value(),
        "passage": form["passage"].value(),
        "context_before": form["context_before"].value(),
        "context_after": form["context_after"].value(),
        "statement": "Lee said he felt a little awkward at first.",
        "new_claimant_name": form["new_claimant_name"].value(),
        "kind": form["kind"].value(),
        "priority": form["priority"].value(),
    }
    saved = client.post(reverse("admin:factcheck_claim_add"), data)

    assert saved.status_code == 302, saved.context["adminform"].form.errors
    claim = Claim.objects.get()
    assert (claim.start, claim.end) == (rendering.quote.start, rendering.quote.end)
    assert (claim.kind, claim.claimant.name) == ("quote", "Lee Jae Myung")


def test_quotations_page_needs_the_right_to_read_articles(client, seed_story):
    assert client.get(quotes_url(seed_story))["Location"].startswith(reverse("admin:login"))
    client.force_login(UserFactory(username="intern"))  # staff, no role

    assert client.get(quotes_url(seed_story)).status_code == 403


def test_staff_who_may_not_draft_claims_see_the_quotations_without_the_links(client, seed_story):
    viewer = UserFactory(username="viewer")
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_story", "view_article"])
    )
    client.force_login(viewer)

    response = client.get(quotes_url(seed_story))

    content = response.content.decode()
    assert CLUMSY in content
    assert "Create claim from this passage" not in content
    assert "Find discrepancies in this story" not in content


def quoted_report(story, number):
    """A report quoting two people, once each, worded a little differently per report."""
    return ArticleFactory(
        story=story,
        body=(
            f"Mayor Elena Ruiz opened the bridge in report {number}.\n\n"
            f"“This bridge connects the {number} halves of our city,” Ruiz said.\n\n"
            f"Director Tom Berg added: “We finished it in {number} years.”"
        ),
    )


@pytest.mark.parametrize("reports", [2, 8])
def test_quotations_page_runs_the_same_queries_for_2_or_8_reports(
    client, fact_checker, django_assert_num_queries, reports
):
    story = StoryFactory()
    for number in range(reports):
        quoted_report(story, number)
    client.force_login(fact_checker)
    url = quotes_url(story)
    client.get(url)  # Fills the per-process content-type cache, as in a running server.

    # 1 session, 2 user, 3 the story (with its article count), 4-5 permissions,
    # 6 the story's reports with their outlets.
    # 7 the header's unread notifications.
    with django_assert_num_queries(7):
        response = client.get(url)

    speakers = response.context["speakers"]
    assert [s.name for s in speakers] == ["Elena Ruiz", "Tom Berg"]
    assert all(len(s.remarks) == 1 for s in speakers)
    assert all(len(s.remarks[0].renderings) == reports for s in speakers)


# The article page -------------------------------------------------------------------------


def seed_article(story, fragment):
    return Article.objects.get(story=story, body__contains=fragment)


def test_article_page_suggests_claims_with_their_reasons_and_working_links(
    client, seed_story, fact_checker
):
    article = seed_article(seed_story, AWKWARD)
    client.force_login(fact_checker)

    response = client.get(article_url(article))

    suggestions = response.context["suggested_claims"]
    assert 0 < len(suggestions) <= 15
    assert suggestions == sorted(suggestions, key=lambda s: -s.sentence.score)
    listed = section(response.content.decode(), "Suggested claims")
    for suggestion in suggestions:
        assert suggestion.sentence.text in text_of(listed)
        for reason in suggestion.sentence.reasons:
            assert f'<span class="reason-badge">{reason}</span>' in listed
    assert listed.count(">Create claim from this passage</a>") == len(suggestions)

    quoted = next(s for s in suggestions if "quote" in s.sentence.reasons)
    form = client.get(quoted.claim_url).context["adminform"].form
    assert form["passage"].value() == quoted.sentence.text
    assert str(form["article"].value()) == str(article.pk)


def test_sentences_already_claimed_are_marked_with_their_claim(client, seed_story, fact_checker):
    article = seed_article(seed_story, AWKWARD)
    client.force_login(fact_checker)
    top = client.get(article_url(article)).context["suggested_claims"][0].sentence
    claim = services.claim_create(
        article=article,
        quote=top.text[:40],
        prefix=article.body[max(0, top.start - 40) : top.start],
        statement="A statement on the top suggestion.",
        acting_user=fact_checker,
    )

    response = client.get(article_url(article))

    first = response.context["suggested_claims"][0]
    assert first.claims == [claim]
    assert all(not s.claims for s in response.context["suggested_claims"][1:])
    listed = section(response.content.decode(), "Suggested claims")
    assert listed.count('<span class="claimed-badge">Already claimed</span>') == 1
    assert (
        f'<a href="{reverse("admin:factcheck_claim_change", args=[claim.pk])}">'
        "A statement on the top suggestion.</a>"
    ) in listed


def test_article_page_lists_the_discrepancies_the_article_takes_part_in(
    client, seed_story, fact_checker, editor
):
    story_find_discrepancies(story=seed_story, save=True, acting_user=editor)
    article = seed_article(seed_story, AWKWARD)
    mine = Discrepancy.objects.filter(passages__article=article)
    others = Discrepancy.objects.exclude(passages__article=article)
    assert mine.exists() and others.exists()
    client.force_login(fact_checker)

    response = client.get(article_url(article))

    assert {d.pk for d in response.context["article_discrepancies"]} == set(
        mine.values_list("pk", flat=True)
    )
    table = section(response.content.decode(), "Discrepancies")
    for discrepancy in mine:
        passage = discrepancy.passages.get(article=article)
        url = reverse("admin:factcheck_discrepancy_change", args=[discrepancy.pk])
        assert f'<a href="{url}">' in table
        assert discrepancy.title in unescape(table)
        assert passage.quote[:60] in unescape(table)
    assert '<span class="status-badge discrepancy-status--suggested">Suggested</span>' in table
    for other in others:
        assert reverse("admin:factcheck_discrepancy_change", args=[other.pk]) not in table


def test_users_who_may_not_see_discrepancies_do_not_get_the_section(client, seed_story):
    viewer = UserFactory(username="viewer")
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_article", "view_claim"])
    )
    client.force_login(viewer)

    response = client.get(article_url(seed_article(seed_story, AWKWARD)))

    assert response.context["article_discrepancies"] is None
    assert ">Discrepancies</h2>" not in response.content.decode()
    assert ">Suggested claims</h2>" in response.content.decode()
    assert "Create claim from this passage" not in response.content.decode()


def article_with_sentences(count, **kwargs):
    body = "\n\n".join(
        f"Sentence number {i} makes claim {i} about 40 percent." for i in range(count)
    )
    return ArticleFactory(body=body, raw_input=body, **kwargs)


@pytest.mark.parametrize("rows", [5, 30])
def test_article_page_runs_the_same_queries_for_5_or_30_claims_and_discrepancies(
    client, fact_checker, django_assert_num_queries, rows
):
    story = StoryFactory()
    article = article_with_sentences(rows, story=story)
    other = article_with_sentences(rows, story=story)
    for i in range(rows):
        services.claim_create(
            article=article,
            quote=f"makes claim {i} about",
            statement=f"Claim {i} is checkable.",
            acting_user=fact_checker,
        )
        services.discrepancy_create(
            story=story,
            title=f"Which figure is right in sentence {i}?",
            kind=Discrepancy.Kind.NUMBER,
            passages=[
                services.PassageSpec(article=article, quote=f"Sentence number {i} makes"),
                services.PassageSpec(article=other, quote=f"Sentence number {i} makes"),
            ],
            acting_user=fact_checker,
        )
    client.force_login(fact_checker)
    url = article_url(article)
    client.get(url)  # Fills the per-process content-type cache, as in a running server.

    # 1 session, 2 user, 3 the article with its outlet, story and revision count,
    # 4-5 permissions, 6 its revisions, 7 its claims with their ratings and claimants,
    # 8 the appearances of other claims in it, 9 whether the public sees the report,
    # 10 its discrepancies with its passage in each, 11 the selected story, for the
    # story field's search box: fact-checkers now correct metadata
    # (articles.services.article_correct), so they get the form.
    # 12 the header's unread notifications.
    with django_assert_num_queries(12):
        response = client.get(url)

    assert len(response.context["article_discrepancies"]) == rows
    assert len(response.context["suggested_claims"]) == min(rows, 15)
    assert all(s.claims for s in response.context["suggested_claims"])

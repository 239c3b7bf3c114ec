"""Discrepancies in the admin: the list, the side-by-side page, the workflow, the story page.

Data is set up through the services, as a person's actions would leave it;
factories make only plain rows (stories, articles, sources, users).
"""

import datetime
import re

import pytest
from django.urls import reverse

from articles import services as article_services
from articles.importers import ParsedArticle
from factcheck import services
from factcheck.models import Discrepancy, DiscrepancyCitation, DiscrepancyPassage, Stance
from factcheck.services import PassageSpec
from tests.factories import ArticleFactory, OutletFactory, SourceFactory, StoryFactory

pytestmark = pytest.mark.django_db

Status = Discrepancy.Status
CHANGELIST = reverse("admin:factcheck_discrepancy_changelist")


def change_url(discrepancy):
    return reverse("admin:factcheck_discrepancy_change", args=[discrepancy.pk])


def step_url(discrepancy, step):
    return reverse(f"admin:factcheck_discrepancy_{step}", args=[discrepancy.pk])


def story_url(story):
    return reverse("admin:articles_story_change", args=[story.pk])


def record_url(story):
    return reverse("admin:factcheck_story_record_discrepancy", args=[story.pk])


def listed(response):
    """The titles a discrepancy changelist shows, in order."""
    return [discrepancy.title for discrepancy in response.context["cl"].result_list]


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


def section(content, start, end=None):
    """The HTML from the first ``start`` up to the next ``end`` (or the end)."""
    content = content[content.index(start) :]
    return content[: content.index(end)] if end else content


@pytest.fixture
def story(db):
    return StoryFactory(title="Bridge opening", slug="bridge-opening")


@pytest.fixture
def reports(story):
    """Three reports in reading order: Kyodo (12 Jan), Yonhap (13 Jan), then undated AP."""
    return [
        ArticleFactory(
            story=story,
            outlet=OutletFactory(name="Kyodo News"),
            headline="Bridge opens to traffic",
            published_on=datetime.date(2026, 1, 12),
            body="The bridge opened on Monday with 300 guests, officials said.",
        ),
        ArticleFactory(
            story=story,
            outlet=OutletFactory(name="Yonhap"),
            headline="New bridge for the city",
            published_on=datetime.date(2026, 1, 13),
            body="The bridge opened on Tuesday with about 300 guests.",
        ),
        ArticleFactory(
            story=story,
            outlet=OutletFactory(name="AP"),
            headline="",
            published_on=None,
            body="Hundreds watched as the bridge opened on Monday. The mayor spoke.",
        ),
    ]


@pytest.fixture
def discrepancy(story, reports, fact_checker):
    return services.discrepancy_create(
        story=story,
        title="On which day did the bridge open?",
        kind=Discrepancy.Kind.DATE,
        passages=[
            PassageSpec(article=reports[1], quote="opened on Tuesday"),
            PassageSpec(article=reports[0], quote="opened on Monday"),
        ],
        acting_user=fact_checker,
    )


@pytest.fixture
def suggestion(story, reports):
    return services.discrepancy_suggest(
        story=story,
        title="How many guests came?",
        kind=Discrepancy.Kind.NUMBER,
        passages=[
            PassageSpec(article=reports[0], quote="300 guests"),
            PassageSpec(article=reports[1], quote="about 300 guests"),
        ],
        score=0.62,
        explanation="300 against about 300.",
    )


def cite(discrepancy, user, **kwargs):
    return services.discrepancy_cite(
        discrepancy=discrepancy,
        source=kwargs.pop("source", None) or SourceFactory(),
        stance=kwargs.pop("stance", Stance.SUPPORTS),
        acting_user=user,
        **kwargs,
    )


def resolved(discrepancy, editor):
    cite(discrepancy, editor, excerpt="Opening ceremony: Monday.")
    return services.discrepancy_resolve(
        discrepancy=discrepancy, resolution="The programme says Monday.", acting_user=editor
    )


def numbered_reports(story, count):
    """Two reports of ``story`` that give ``count`` different prices."""
    first = ArticleFactory(
        story=story, body="\n\n".join(f"Item {i} costs {i} dollars." for i in range(count))
    )
    second = ArticleFactory(
        story=story, body="\n\n".join(f"Item {i} costs {i + 1} dollars." for i in range(count))
    )
    return first, second


def price_discrepancies(story, count, *, acting_user, assignee=None):
    first, second = numbered_reports(story, count)
    return [
        services.discrepancy_create(
            story=story,
            title=f"What does item {i} cost?",
            kind=Discrepancy.Kind.NUMBER,
            passages=[
                PassageSpec(article=first, quote=f"Item {i} costs {i} dollars"),
                PassageSpec(article=second, quote=f"Item {i} costs {i + 1} dollars"),
            ],
            acting_user=acting_user,
        )
        for i in range(count)
    ]


def reimport(article, body, django_capture_on_commit_callbacks):
    """Import a new revision of ``article``; its passages are re-anchored on commit."""
    parsed = ParsedArticle(
        body=body, raw_input=body, format="text", source=article.source, headline=article.headline
    )
    with django_capture_on_commit_callbacks(execute=True):
        article_services.article_import(parsed=parsed)


# The changelist -------------------------------------------------------------------------


def test_changelist_shows_each_discrepancys_story_kind_status_severity_origin_and_passages(
    client, fact_checker, discrepancy, suggestion
):
    services.discrepancy_assign(
        discrepancy=discrepancy, assignee=fact_checker, acting_user=fact_checker
    )
    client.force_login(fact_checker)

    response = client.get(CHANGELIST)

    assert listed(response) == ["On which day did the bridge open?", "How many guests came?"]
    content = response.content.decode()
    staff_row = section(content, "On which day did the bridge open?</a>", "</tr>")
    assert "Bridge opening" in staff_row
    assert '<td class="field-kind">Date or time</td>' in staff_row
    assert '<span class="status-badge status--open">Open</span>' in staff_row
    assert '<td class="field-severity">Moderate</td>' in staff_row
    assert '<td class="field-origin_and_score">Staff</td>' in staff_row
    assert '<td class="field-passage_count">2</td>' in staff_row
    assert fact_checker.get_full_name() in staff_row
    suggested_row = section(content, "How many guests came?</a>", "</tr>")
    assert '<span class="status-badge status--suggested">Suggested</span>' in suggested_row
    assert 'Detected <span class="list-meta">0.62</span>' in suggested_row
    assert '<td class="field-assignee_name">—</td>' in suggested_row


@pytest.fixture
def desk(story, reports, fact_checker, editor, discrepancy, suggestion):
    """Across two stories: an open date discrepancy (assigned to the fact-checker),
    a number suggestion, a dismissed suggestion, a resolved single-source detail
    and an open quote discrepancy in another story (assigned to the editor)."""
    dismissed = services.discrepancy_suggest(
        story=story,
        title="Did the mayor speak?",
        kind=Discrepancy.Kind.DESCRIPTION,
        passages=[
            PassageSpec(article=reports[2], quote="The mayor spoke"),
            PassageSpec(article=reports[0], quote="officials said"),
        ],
        score=0.2,
        explanation="",
    )
    services.discrepancy_dismiss(discrepancy=dismissed, acting_user=editor)
    single = services.discrepancy_create(
        story=story,
        title="Who watched?",
        kind=Discrepancy.Kind.SINGLE_SOURCE,
        severity=Discrepancy.Severity.MINOR,
        passages=[PassageSpec(article=reports[2], quote="Hundreds watched")],
        acting_user=editor,
    )
    resolved(single, editor)
    other_story = StoryFactory(title="Harbour strike")
    other = services.discrepancy_create(
        story=other_story,
        title="What did the union leader say?",
        kind=Discrepancy.Kind.QUOTE,
        severity=Discrepancy.Severity.MAJOR,
        passages=[
            PassageSpec(
                article=ArticleFactory(story=other_story, body="She said “we will strike”."),
                quote="we will strike",
            ),
            PassageSpec(
                article=ArticleFactory(story=other_story, body="She said “we may strike”."),
                quote="we may strike",
            ),
        ],
        acting_user=editor,
    )
    services.discrepancy_assign(discrepancy=discrepancy, assignee=fact_checker, acting_user=editor)
    services.discrepancy_assign(discrepancy=other, assignee=editor, acting_user=editor)
    return {"other_story": other_story}


DATE = "On which day did the bridge open?"
GUESTS = "How many guests came?"
MAYOR = "Did the mayor speak?"
WATCHED = "Who watched?"
UNION = "What did the union leader say?"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {DATE, GUESTS, WATCHED, UNION}),
        ({"status__exact": "dismissed"}, {MAYOR}),
        ({"status__exact": "all"}, {DATE, GUESTS, MAYOR, WATCHED, UNION}),
        ({"status__exact": "unresolved"}, {DATE, GUESTS, UNION}),
        ({"status__exact": "resolved"}, {WATCHED}),
        ({"status__exact": "suggested"}, {GUESTS}),
        ({"kind__exact": "quote"}, {UNION}),
        ({"kind__exact": "single_source"}, {WATCHED}),
        ({"severity__exact": "3"}, {UNION}),
        ({"severity__exact": "1"}, {WATCHED}),
        ({"origin__exact": "detected"}, {GUESTS}),
        ({"origin__exact": "detected", "status__exact": "all"}, {GUESTS, MAYOR}),
        ({"mine": "open"}, {DATE}),
        ({"q": "which day"}, {DATE}),
        ({"q": "about 300"}, {GUESTS}),
        ({"q": "harbour"}, {UNION}),
        ({"q": "Hundreds watched"}, {WATCHED}),
    ],
)
def test_filters_and_search_return_the_right_rows(client, fact_checker, desk, params, expected):
    client.force_login(fact_checker)

    assert set(listed(client.get(CHANGELIST, params))) == expected


def test_filters_by_story_and_assignee(client, editor, story, desk):
    client.force_login(editor)

    def shown(**params):
        return set(listed(client.get(CHANGELIST, params)))

    assert shown(story__id__exact=desk["other_story"].pk) == {UNION}
    assert shown(story__id__exact=story.pk) == {DATE, GUESTS, WATCHED}
    assert shown(story=desk["other_story"].title[2:].lower()) == {UNION}
    assert shown(assignee__id__exact=editor.pk) == {UNION}
    # "Assigned to me" is the signed-in user's, whoever that is.
    assert shown(mine="all") == {UNION}
    filters = client.get(CHANGELIST).content.decode()
    assert "All but dismissed" in filters and "All, dismissed too" in filters


def test_counts_panel_lists_open_work_by_story_linked_to_the_filtered_list(
    client, fact_checker, story, desk
):
    client.force_login(fact_checker)

    content = client.get(CHANGELIST).content.decode()

    panel = section(content, 'id="open-by-story"', "</section>")
    rows = re.findall(r"<tr>\s*<th scope=\"row\".*?</tr>", panel, re.S)
    # Most open work first: the bridge story has an open one and a suggestion.
    assert "Bridge opening" in rows[0] and "Harbour strike" in rows[1]
    bridge = rows[0]
    assert (
        f'<a href="{CHANGELIST}?story__id__exact={story.pk}&amp;status__exact=unresolved">'
        "Bridge opening</a>"
    ) in bridge
    assert '<td class="open-by-story-total">2</td>' in bridge
    assert (
        f'<a href="{CHANGELIST}?story__id__exact={story.pk}&amp;status__exact=suggested"'
        ' aria-label="1 suggested">1</a>'
    ) in bridge
    assert 'aria-label="1 open">1</a>' in bridge
    assert '<span class="open-by-story-none">0</span>' in bridge


def test_changelist_links_to_my_discrepancies(client, fact_checker):
    client.force_login(fact_checker)

    content = client.get(CHANGELIST).content.decode()

    assert f'<a href="{CHANGELIST}?mine=open">My discrepancies</a>' in content


@pytest.mark.parametrize("rows", [4, 24])
def test_changelist_runs_the_same_queries_for_few_or_many_discrepancies(
    client, fact_checker, editor, django_assert_num_queries, rows
):
    for story_number in range(2):
        price_discrepancies(
            StoryFactory(), rows // 2, acting_user=fact_checker if story_number else editor
        )
    for discrepancy in Discrepancy.objects.all()[::3]:
        services.discrepancy_assign(
            discrepancy=discrepancy, assignee=editor, acting_user=fact_checker
        )
    client.force_login(fact_checker)

    # 1 session, 2 user, 3-4 the user's own and group permissions,
    # 5 open counts by story (the panel), 6 filter choices: assignees (stories are typed),
    # 7 filtered count, 8 unfiltered count (the "N total" link),
    # 9 the page of discrepancies with story and assignee joined and passage counts.
    # 10 the header's unread notifications.
    with django_assert_num_queries(10):
        response = client.get(CHANGELIST)

    assert len(listed(response)) == rows
    assert response.content.decode().count('<td class="field-passage_count">2</td>') == rows


# The change page ------------------------------------------------------------------------


def test_change_page_shows_the_passages_side_by_side_in_reading_order(
    client, fact_checker, discrepancy
):
    client.force_login(fact_checker)

    content = client.get(change_url(discrepancy)).content.decode()

    columns = re.findall(r'<article class="passage-column.*?</article>', content, re.S)
    assert len(columns) == 2
    kyodo, yonhap = columns
    # Kyodo's report is the older one: the reference, whatever order they were quoted in.
    assert "passage-column--reference" in kyodo
    assert '<p class="report-outlet">Kyodo News</p>' in kyodo
    assert '<time datetime="2026-01-12">' in kyodo
    assert ">Bridge opens to traffic</a>" in kyodo
    assert '<p class="report-outlet">Yonhap</p>' in yonhap
    assert '<time datetime="2026-01-13">' in yonhap


def test_differing_words_are_highlighted_against_the_first_report(
    client, fact_checker, discrepancy
):
    client.force_login(fact_checker)

    content = client.get(change_url(discrepancy)).content.decode()

    kyodo, yonhap = re.findall(r'<article class="passage-column.*?</article>', content, re.S)
    assert (
        '<blockquote class="passage-quote"><span class="passage-around">The bridge </span>'
        '<span class="passage-words">opened on <mark class="diff-mark">Monday</mark></span>'
        '<span class="passage-around"> with 300 guests, officials said.</span></blockquote>'
    ) in kyodo
    assert (
        '<span class="passage-words">opened on <mark class="diff-mark">Tuesday</mark></span>'
    ) in yonhap
    assert (
        '<li><del class="diff-delete">Monday</del> → <ins class="diff-insert">Tuesday</ins></li>'
    ) in yonhap
    # The reference has no list of changes: the others are compared with it.
    assert "diff-changes" not in kyodo


def test_a_passage_with_more_text_around_it_shows_where_it_was_cut(client, editor, story):
    body = (
        "A long introduction that goes on for quite a while before it finally says that "
        "the bridge opened on Monday, and then it goes on and on for a long time after that."
    )
    long = ArticleFactory(story=story, body=body, published_on=datetime.date(2026, 1, 1))
    short = ArticleFactory(story=story, body="It opened on Tuesday.")
    discrepancy = services.discrepancy_create(
        story=story,
        title="Day?",
        kind="date",
        passages=[
            PassageSpec(article=long, quote="opened on Monday"),
            PassageSpec(article=short, quote="opened on Tuesday"),
        ],
        acting_user=editor,
    )
    client.force_login(editor)

    content = client.get(change_url(discrepancy)).content.decode()

    # The stored context (40 characters) is cut back to whole words.
    assert (
        '<blockquote class="passage-quote">… <span class="passage-around">before it finally '
        'says that the bridge </span><span class="passage-words">opened on <mark class="diff-mark">'
        'Monday</mark></span><span class="passage-around">, and then it goes on and on for a '
        "long</span> …</blockquote>"
    ) in content


def test_passage_text_is_escaped(client, editor, story):
    first = ArticleFactory(story=story, body="Officials said <b>Monday</b> & left.")
    second = ArticleFactory(story=story, body="Officials said <i>Tuesday</i> & left.")
    discrepancy = services.discrepancy_create(
        story=story,
        title="<script>alert(1)</script>",
        kind="date",
        passages=[
            PassageSpec(article=first, quote="said <b>Monday</b> &"),
            PassageSpec(article=second, quote="said <i>Tuesday</i> &"),
        ],
        acting_user=editor,
    )
    client.force_login(editor)

    content = client.get(change_url(discrepancy)).content.decode()

    assert "<script>alert(1)" not in content and "<b>Monday" not in content
    assert '<mark class="diff-mark">&lt;i&gt;Tuesday&lt;/i&gt;</mark> &amp;' in content


def test_orphaned_passages_are_flagged_for_review(
    client, fact_checker, discrepancy, reports, django_capture_on_commit_callbacks
):
    reimport(reports[1], "The bridge is open. Guests came.", django_capture_on_commit_callbacks)
    client.force_login(fact_checker)

    content = client.get(change_url(discrepancy)).content.decode()

    yonhap = re.findall(r'<article class="passage-column.*?</article>', content, re.S)[1]
    assert "passage-column--orphaned" in yonhap
    assert '<span class="anchor-badge anchor--orphaned">Needs review</span>' in yonhap
    # Its last known words are still compared.
    assert '<mark class="diff-mark">Tuesday</mark>' in yonhap


def test_fingerprint_and_page_survive_re_anchoring_to_a_new_revision(
    client, fact_checker, discrepancy, reports, django_capture_on_commit_callbacks
):
    fingerprint = discrepancy.fingerprint
    reimport(
        reports[0],
        "Update: times corrected.\n\nThe bridge opened on Monday with 300 guests, officials said.",
        django_capture_on_commit_callbacks,
    )

    discrepancy.refresh_from_db()
    passage = discrepancy.passages.get(article=reports[0])
    reports[0].refresh_from_db()
    assert reports[0].body[passage.start : passage.end] == "opened on Monday"
    assert passage.anchored_revision == 2
    assert discrepancy.fingerprint == fingerprint
    client.force_login(fact_checker)
    content = client.get(change_url(discrepancy)).content.decode()
    # The context now starts at the new paragraph, without an ellipsis.
    assert (
        '<blockquote class="passage-quote"><span class="passage-around">The bridge </span>'
        '<span class="passage-words">opened on <mark class="diff-mark">Monday</mark>'
    ) in content
    assert "Needs review" not in content


def test_detected_suggestions_show_their_score_and_explanation(client, editor, suggestion):
    client.force_login(editor)

    content = client.get(change_url(suggestion)).content.decode()

    workflow = section(content, 'class="module discrepancy-workflow"', "</section>")
    assert "Suggested by detection, score 0.62" in workflow
    assert "Why detection suggested it" in workflow and "300 against about 300." in workflow


def test_staff_entries_show_no_detection_explanation(client, editor, discrepancy):
    client.force_login(editor)

    content = client.get(change_url(discrepancy)).content.decode()

    assert "Entered by staff, recorded by checker" in content
    assert "Why detection suggested it" not in content


def test_the_resolution_shows_its_text_and_cited_sources(client, editor, discrepancy):
    source = SourceFactory(title="City programme", publisher="City Hall", url="https://x.test/p")
    cite(discrepancy, editor, source=source, excerpt="Opening: Monday 3 March.", note="Mine.")
    services.discrepancy_resolve(
        discrepancy=discrepancy, resolution="The programme says Monday.", acting_user=editor
    )
    client.force_login(editor)

    content = client.get(change_url(discrepancy)).content.decode()

    resolution = section(content, 'class="module discrepancy-resolution"', "</section>")
    assert '<p class="resolution-text">The programme says Monday.</p>' in resolution
    assert "Resolved on" in resolution and "by editor" in resolution
    assert '<span class="stance-badge stance--supports">Supports</span>' in resolution
    assert '<a href="https://x.test/p" rel="noopener noreferrer">City programme</a>' in resolution
    assert "(City Hall)" in resolution
    assert '<blockquote class="source-excerpt">Opening: Monday 3 March.</blockquote>' in resolution
    assert "Internal note: Mine." in resolution


def test_a_source_address_that_is_not_http_is_not_linked(client, editor, discrepancy):
    cite(discrepancy, editor, source=SourceFactory(title="Hostile", url="javascript:alert(1)"))
    client.force_login(editor)

    content = client.get(change_url(discrepancy)).content.decode()

    assert "javascript:alert(1)" not in content
    assert '<span class="stance-badge stance--supports">Supports</span>\n      Hostile' in content


@pytest.mark.parametrize("rows", [2, 8])
def test_change_page_runs_the_same_queries_for_few_or_many_passages_and_sources(
    client, editor, story, django_assert_num_queries, rows
):
    reports = [
        ArticleFactory(story=story, body=f"Report {i} says the bridge cost {i} million.")
        for i in range(rows + 1)
    ]
    discrepancy = services.discrepancy_create(
        story=story,
        title="What did the bridge cost?",
        kind="number",
        passages=[
            PassageSpec(article=article, quote=f"cost {i} million")
            for i, article in enumerate(reports[:rows])
        ],
        acting_user=editor,
    )
    for _ in range(rows):
        cite(discrepancy, editor, excerpt="Accounts.")
    services.discrepancy_assign(discrepancy=discrepancy, assignee=editor, acting_user=editor)
    client.force_login(editor)
    # A first visit fills the per-process content-type cache, as in a running server.
    client.get(change_url(discrepancy))

    # 1 session, 2 user,
    # 3 the discrepancy with its story, assignee, author, resolver, merge target,
    #   reviewer and the story's report count,
    # 4 its passages with their reports and outlets, 5 its cited sources,
    # 6-7 the user's own and group permissions,
    # 8 the editors offered as its reviewer ("Ask for review"),
    # 9 the reports offered for a new passage, 10 the selected assignee (autocomplete).
    # 11 the header's unread notifications.
    with django_assert_num_queries(11):
        response = client.get(change_url(discrepancy))

    content = response.content.decode()
    assert content.count('<article class="passage-column') == rows
    assert content.count('<span class="stance-badge') == rows


# Assessing a passage ------------------------------------------------------------------------


def assess_url(discrepancy, passage):
    return reverse("admin:factcheck_discrepancy_assess", args=[discrepancy.pk, passage.pk])


def test_a_passage_is_assessed_from_its_column(client, fact_checker, discrepancy, reports):
    passage = discrepancy.passages.get(article=reports[1])
    client.force_login(fact_checker)

    response = client.post(
        assess_url(discrepancy, passage),
        {
            f"passage-{passage.pk}-assessment": "inaccurate",
            f"passage-{passage.pk}-note": "The city says Monday.",
        },
        follow=True,
    )

    passage.refresh_from_db()
    assert (passage.assessment, passage.note) == ("inaccurate", "The city says Monday.")
    assert shown_messages(response) == ["Yonhap's passage is now assessed “Inaccurate”."]
    assert response.redirect_chain[-1][0] == f"{change_url(discrepancy)}#passage-{passage.pk}"
    yonhap = section(response.content.decode(), f'id="passage-{passage.pk}"', "</article>")
    assert '<span class="assessment-badge assessment--inaccurate">Inaccurate</span>' in yonhap
    assert passage.history.latest("history_date").history_user == fact_checker


def test_an_unknown_assessment_is_refused(client, fact_checker, discrepancy):
    passage = discrepancy.passages.first()
    client.force_login(fact_checker)

    response = client.post(
        assess_url(discrepancy, passage),
        {f"passage-{passage.pk}-assessment": "wonderful"},
        follow=True,
    )

    assert "Choose one of the assessments offered" in shown_messages(response)[0]
    passage.refresh_from_db()
    assert passage.assessment == ""


def test_assessing_only_accepts_post_and_passages_of_this_discrepancy(
    client, fact_checker, discrepancy, suggestion
):
    client.force_login(fact_checker)
    other = suggestion.passages.first()

    assert client.get(assess_url(discrepancy, discrepancy.passages.first())).status_code == 405
    assert client.post(assess_url(discrepancy, other), {}).status_code == 404


# The change form: editing, citing, adding a passage -------------------------------------------


def posted_back(response):
    """What a browser would post for the admin change form in ``response``, unchanged."""
    data = {}

    def add(bound):
        value = bound.value()
        if value is not None:
            data[bound.html_name] = value

    for bound in response.context["adminform"].form:
        add(bound)
    for inline in response.context["inline_admin_formsets"]:
        for bound in inline.formset.management_form:
            add(bound)
        for form in inline.formset.forms:
            for bound in form:
                add(bound)
    return data


def test_saving_the_form_edits_the_discrepancy_through_the_service(
    client, fact_checker, discrepancy
):
    client.force_login(fact_checker)
    data = posted_back(client.get(change_url(discrepancy)))
    data.update(
        {
            "title": "Did the bridge open on Monday or Tuesday?",
            "severity": "3",
            "resolution": "Draft: the city programme says Monday.",
            "notes": "Call the city.",
            "_continue": "Save",
        }
    )

    response = client.post(change_url(discrepancy), data, follow=True)

    assert "was changed successfully" in shown_messages(response)[0]
    discrepancy.refresh_from_db()
    assert discrepancy.title == "Did the bridge open on Monday or Tuesday?"
    assert discrepancy.severity == Discrepancy.Severity.MAJOR
    assert discrepancy.notes == "Call the city."
    assert discrepancy.status == Status.OPEN
    latest = discrepancy.history.latest("history_date")
    assert (latest.history_change_reason, latest.history_user) == ("edited", fact_checker)


def test_citing_a_source_on_the_form_goes_through_the_service(client, fact_checker, discrepancy):
    source = SourceFactory(title="City programme")
    client.force_login(fact_checker)
    data = posted_back(client.get(change_url(discrepancy)))
    data.update(
        {
            "citations-0-source": source.pk,
            "citations-0-stance": Stance.CONTRADICTS,
            "citations-0-excerpt": "Opening: Monday.",
            "_continue": "Save",
        }
    )

    response = client.post(change_url(discrepancy), data, follow=True)

    citation = DiscrepancyCitation.objects.get()
    assert (citation.discrepancy, citation.source, citation.excerpt) == (
        discrepancy,
        source,
        "Opening: Monday.",
    )
    assert "City programme" in section(
        response.content.decode(), 'class="module discrepancy-resolution"', "</section>"
    )
    assert discrepancy.history.latest("history_date").history_change_reason == "source cited"


def test_a_passage_from_another_report_is_added_and_anchored(
    client, fact_checker, discrepancy, reports
):
    client.force_login(fact_checker)
    page = client.get(change_url(discrepancy))
    offered = list(
        page.context["inline_admin_formsets"][1].formset.forms[0].fields["article"].articles
    )
    # Only the story's report without a passage here.
    assert offered == [str(reports[2].pk)]
    data = posted_back(page)
    data.update(
        {
            "passages-0-article": reports[2].pk,
            "passages-0-quote": "opened on Monday",
            "_continue": "Save",
        }
    )

    response = client.post(change_url(discrepancy), data, follow=True)

    passage = discrepancy.passages.get(article=reports[2])
    assert reports[2].body[passage.start : passage.end] == "opened on Monday"
    assert response.content.decode().count('<article class="passage-column') == 3
    # Every report now takes part: nothing left to add.
    assert "Add a passage from another report" not in response.content.decode()


def test_a_passage_not_in_the_report_is_an_error_on_its_row(
    client, fact_checker, discrepancy, reports
):
    client.force_login(fact_checker)
    data = posted_back(client.get(change_url(discrepancy)))
    data.update(
        {
            "passages-0-article": reports[2].pk,
            "passages-0-quote": "opened on Sunday",
            "notes": "Not saved either.",
            "_save": "Save",
        }
    )

    response = client.post(change_url(discrepancy), data)

    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="id_passages-0-quote_error"' in content
    assert "This passage is not in the article" in content
    assert discrepancy.passages.count() == 2
    discrepancy.refresh_from_db()
    assert discrepancy.notes == ""


def test_a_stale_form_is_refused_saying_who_changed_it_and_nothing_is_overwritten(
    client, fact_checker, editor, discrepancy
):
    client.force_login(fact_checker)
    stale = posted_back(client.get(change_url(discrepancy)))
    # Meanwhile an editor rewrites the question.
    services.discrepancy_update(
        discrepancy=Discrepancy.objects.get(pk=discrepancy.pk),
        expected_version=discrepancy.version,
        acting_user=editor,
        title="Which day?",
    )
    stale.update(
        {
            "notes": "My notes.",
            "citations-0-source": SourceFactory().pk,
            "citations-0-stance": Stance.SUPPORTS,
            "_save": "Save",
        }
    )

    response = client.post(change_url(discrepancy), stale)

    assert response.status_code == 200
    errors = [str(error) for error in response.context["adminform"].form.non_field_errors()]
    assert errors[0] == (
        "“Which day?” was changed by someone else after you opened it. "
        "Nothing was saved: reload the page and try again."
    )
    assert errors[1].startswith("Last changed by editor on ") and errors[1].endswith("(edited).")
    # The page shows the discrepancy as it is now.
    assert response.context["original"].title == "Which day?"
    discrepancy.refresh_from_db()
    assert (discrepancy.title, discrepancy.notes) == ("Which day?", "")
    assert not DiscrepancyCitation.objects.exists()


def test_a_save_landing_after_the_forms_check_is_refused_and_rolled_back(
    client, fact_checker, editor, discrepancy, monkeypatch
):
    from factcheck.forms import DiscrepancyChangeForm

    client.force_login(fact_checker)
    stale = posted_back(client.get(change_url(discrepancy)))
    services.discrepancy_assign(discrepancy=discrepancy, assignee=editor, acting_user=editor)
    checks = []
    real_clean = DiscrepancyChangeForm.clean

    def clean_that_misses_the_first_time(form):
        checks.append(form.cleaned_data["version"])
        if len(checks) == 1:
            form.instance.version = form.cleaned_data["version"]
        return real_clean(form)

    monkeypatch.setattr(DiscrepancyChangeForm, "clean", clean_that_misses_the_first_time)
    stale.update(
        {
            "notes": "Mine.",
            "citations-0-source": SourceFactory().pk,
            "citations-0-stance": Stance.SUPPORTS,
            "_save": "Save",
        }
    )

    response = client.post(change_url(discrepancy), stale)

    assert len(checks) == 2
    assert "was changed by someone else" in str(
        response.context["adminform"].form.non_field_errors()
    )
    discrepancy.refresh_from_db()
    assert (discrepancy.notes, discrepancy.assignee) == ("", editor)
    assert not DiscrepancyCitation.objects.exists()


# Workflow buttons ----------------------------------------------------------------------


def offered_buttons(response):
    return set(response.context["workflow_urls"])


def test_buttons_offered_follow_the_status_and_the_role(
    client, fact_checker, editor, discrepancy, suggestion
):
    client.force_login(fact_checker)
    assert offered_buttons(client.get(change_url(discrepancy))) == {
        "investigate",
        "request_review",
        "assign_to_me",
    }
    assert offered_buttons(client.get(change_url(suggestion))) == {"assign_to_me"}

    client.force_login(editor)
    assert offered_buttons(client.get(change_url(discrepancy))) == {
        "investigate",
        "resolve",
        "not_conflict",
        "request_review",
        "assign_to_me",
    }
    assert offered_buttons(client.get(change_url(suggestion))) == {
        "confirm",
        "dismiss",
        "assign_to_me",
    }
    resolved(discrepancy, editor)
    response = client.get(change_url(discrepancy))
    assert offered_buttons(response) == {"reopen"}
    content = response.content.decode()
    assert ">Reopen</button>" in content and ">Resolve</button>" not in content


def test_confirm_and_dismiss_a_suggestion(client, editor, suggestion, story, reports):
    client.force_login(editor)

    response = client.post(step_url(suggestion, "confirm"), {"version": suggestion.version})

    assert response["Location"] == change_url(suggestion)
    suggestion.refresh_from_db()
    assert suggestion.status == Status.OPEN
    other = services.discrepancy_suggest(
        story=story,
        title="Where?",
        kind="description",
        passages=[
            PassageSpec(article=reports[0], quote="officials said"),
            PassageSpec(article=reports[2], quote="The mayor spoke"),
        ],
        score=0.1,
        explanation="",
    )
    response = client.post(
        step_url(other, "dismiss"),
        {"version": other.version, "note": "Not a conflict."},
        follow=True,
    )
    other.refresh_from_db()
    assert (other.status, other.notes) == (Status.DISMISSED, "Not a conflict.")
    # After the confirmation's message, shown on the page it was sent to.
    assert shown_messages(response)[-1] == (
        "“Where?” was dismissed; detection will not suggest it again."
    )


def test_investigate_then_resolve_with_the_posted_resolution(
    client, fact_checker, editor, discrepancy
):
    client.force_login(fact_checker)
    client.post(step_url(discrepancy, "investigate"), {"version": discrepancy.version})
    discrepancy.refresh_from_db()
    assert discrepancy.status == Status.INVESTIGATING
    cite(discrepancy, fact_checker)
    client.force_login(editor)

    response = client.post(
        step_url(discrepancy, "resolve"),
        {"version": discrepancy.version, "resolution": " The city says Monday. "},
        follow=True,
    )

    assert shown_messages(response)[-1] == "“On which day did the bridge open?” was resolved."
    discrepancy.refresh_from_db()
    assert (discrepancy.status, discrepancy.resolution, discrepancy.resolved_by) == (
        Status.RESOLVED,
        "The city says Monday.",
        editor,
    )


def test_resolving_without_a_source_is_refused_with_the_reason(client, editor, discrepancy):
    client.force_login(editor)

    page = client.get(change_url(discrepancy)).content.decode()
    assert "Cannot resolve yet: cite a source below." in page
    assert 'disabled aria-describedby="resolve-blockers">Resolve</button>' in page

    response = client.post(
        step_url(discrepancy, "resolve"),
        {"version": discrepancy.version, "resolution": "Monday."},
        follow=True,
    )

    assert shown_messages(response) == ["Resolve: it cites no source."]
    discrepancy.refresh_from_db()
    assert (discrepancy.status, discrepancy.resolution) == (Status.OPEN, "")


def test_not_a_conflict_and_reopen(client, editor, discrepancy):
    client.force_login(editor)

    refused = client.post(step_url(discrepancy, "not_conflict"), {"resolution": " "}, follow=True)
    assert shown_messages(refused) == [
        "Not a conflict: Explain why the reports do not really conflict."
    ]
    client.post(step_url(discrepancy, "not_conflict"), {"resolution": "Both are local dates."})
    discrepancy.refresh_from_db()
    assert discrepancy.status == Status.NOT_CONFLICT

    client.post(step_url(discrepancy, "reopen"), {"version": discrepancy.version})

    discrepancy.refresh_from_db()
    assert (discrepancy.status, discrepancy.resolved_at) == (Status.OPEN, None)


def test_assign_to_me(client, fact_checker, discrepancy):
    client.force_login(fact_checker)

    response = client.post(step_url(discrepancy, "assign_to_me"), follow=True)

    discrepancy.refresh_from_db()
    assert discrepancy.assignee == fact_checker
    assert shown_messages(response) == [
        "“On which day did the bridge open?” is now assigned to you."
    ]


def test_a_button_on_a_stale_page_is_refused(client, fact_checker, editor, discrepancy):
    client.force_login(editor)
    opened_version = discrepancy.version
    services.discrepancy_assign(discrepancy=discrepancy, assignee=fact_checker, acting_user=editor)

    response = client.post(
        step_url(discrepancy, "investigate"), {"version": opened_version}, follow=True
    )

    assert shown_messages(response)[0].startswith(
        "Start investigating: “On which day did the bridge open?” was changed by someone else"
    )
    discrepancy.refresh_from_db()
    assert discrepancy.status == Status.OPEN


def test_workflow_steps_only_accept_post(client, editor, discrepancy):
    client.force_login(editor)

    assert client.get(step_url(discrepancy, "investigate")).status_code == 405
    discrepancy.refresh_from_db()
    assert discrepancy.status == Status.OPEN


# Bulk actions ---------------------------------------------------------------------------


def run_action(client, action, discrepancies, **extra):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [d.pk for d in discrepancies], **extra},
        follow=True,
    )


def test_bulk_assign_asks_for_the_assignee_on_an_intermediate_page(
    client, fact_checker, editor, discrepancy, suggestion
):
    client.force_login(fact_checker)

    page = client.post(
        CHANGELIST,
        {"action": "assign_discrepancies", "_selected_action": [discrepancy.pk, suggestion.pk]},
    )
    assert page.status_code == 200
    content = page.content.decode()
    assert "Assign 2 discrepancies:" in content and "How many guests came?" in content

    response = run_action(
        client, "assign_discrepancies", [discrepancy, suggestion], apply="yes", assignee=editor.pk
    )

    assert shown_messages(response) == [
        f"Assigned 2 discrepancies to {editor.get_full_name()} (editor)."
    ]
    assert set(Discrepancy.objects.values_list("assignee", flat=True)) == {editor.pk}


def test_bulk_set_status_moves_each_through_its_service_and_reports_skips(
    client, editor, discrepancy, suggestion
):
    client.force_login(editor)

    page = client.post(
        CHANGELIST, {"action": "set_status", "_selected_action": [discrepancy.pk, suggestion.pk]}
    )
    assert "Set the status of 2 discrepancies:" in page.content.decode()
    assert [value for value, _ in page.context["form"]["status"].field.choices] == [
        "open",
        "investigating",
        "resolved",
        "not_conflict",
        "dismissed",
    ]

    response = run_action(
        client, "set_status", [discrepancy, suggestion], apply="yes", status="investigating"
    )

    assert shown_messages(response) == [
        "Set 1 discrepancy to investigating.",
        'Skipped 1: <ul class="skipped-list">'
        "<li>“How many guests came?”: it is suggested.</li></ul>",
    ]
    assert dict(Discrepancy.objects.values_list("title", "status")) == {
        "On which day did the bridge open?": "investigating",
        "How many guests came?": "suggested",
    }


def test_bulk_resolve_says_what_each_one_lacks(client, editor, discrepancy):
    client.force_login(editor)

    response = run_action(client, "set_status", [discrepancy], apply="yes", status="resolved")

    assert shown_messages(response) == [
        'Skipped 1: <ul class="skipped-list"><li>“On which day did the bridge open?”: '
        "it has no resolution text; it cites no source.</li></ul>"
    ]


def test_bulk_confirm_and_dismiss_suggestions_skip_the_rest(
    client, editor, discrepancy, suggestion
):
    client.force_login(editor)

    response = run_action(client, "confirm_suggestions", [discrepancy, suggestion])

    assert shown_messages(response) == [
        "Confirmed 1 discrepancy: now open.",
        'Skipped 1: <ul class="skipped-list">'
        "<li>“On which day did the bridge open?”: it is open.</li></ul>",
    ]
    suggestion.refresh_from_db()
    assert suggestion.status == Status.OPEN

    response = run_action(client, "dismiss_suggestions", [discrepancy])

    assert shown_messages(response) == [
        'Skipped 1: <ul class="skipped-list">'
        "<li>“On which day did the bridge open?”: it is open.</li></ul>"
    ]


def test_merge_into_picks_a_discrepancy_of_the_same_story(
    client, editor, discrepancy, suggestion, desk, reports
):
    client.force_login(editor)

    page = client.post(
        CHANGELIST, {"action": "merge_suggestions", "_selected_action": [suggestion.pk]}
    )
    targets = {target.title for target in page.context["form"]["into"].field.queryset}
    # The story's other discrepancies, dismissed ones and the other story's aside.
    assert targets == {DATE, WATCHED}

    response = run_action(
        client, "merge_suggestions", [suggestion], apply="yes", into=discrepancy.pk
    )

    assert shown_messages(response) == [
        "Merged 1 discrepancy into “On which day did the bridge open?”."
    ]
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.merged_into) == (Status.DISMISSED, discrepancy)
    # Both reports of the suggestion were already there: nothing moved.
    assert discrepancy.passages.count() == 2
    content = client.get(change_url(suggestion)).content.decode()
    assert f'into <a href="{change_url(discrepancy)}">{DATE}</a>' in content


def test_fact_checkers_are_offered_assign_and_set_status_only(client, fact_checker, discrepancy):
    client.force_login(fact_checker)

    actions = client.get(CHANGELIST).context["action_form"].fields["action"].choices

    assert {name for name, _ in actions} == {
        "",
        "assign_discrepancies",
        "set_status",
        "export_selected",
    }


# The story page --------------------------------------------------------------------------


def test_story_page_shows_who_said_what(client, fact_checker, editor, story, reports, desk):
    client.force_login(fact_checker)

    content = client.get(story_url(story)).content.decode()

    matrix = section(content, '<table class="discrepancy-matrix">', "</table>")
    headers = re.findall(r'<span class="report-outlet">(.*?)</span>', matrix)
    assert headers == ["Kyodo News", "Yonhap", "AP"]
    rows = re.findall(r"<tr>\s*<th scope=\"row\".*?</tr>", matrix, re.S)
    titles = [re.search(r'<a href="[^"]*">(.*?)</a>', row).group(1) for row in rows]
    # Not the dismissed suggestion, nor the other story's.
    assert sorted(titles) == sorted([DATE, GUESTS, WATCHED])
    date_row = rows[titles.index(DATE)]
    discrepancy = Discrepancy.objects.get(title=DATE)
    kyodo, yonhap, ap = re.findall(r'<td class="matrix-cell">(.*?)</td>', date_row)
    passage = discrepancy.passages.get(article=reports[0])
    link = f"{change_url(discrepancy)}#passage-{passage.pk}"
    assert kyodo == f'<a href="{link}">“opened on Monday”</a>'
    assert "“opened on Tuesday”" in yonhap
    assert ap == '<span class="matrix-empty" aria-label="Not in this report">—</span>'
    assert '<span class="status-badge status--open">Open</span> Date or time' in date_row
    watched_row = rows[titles.index(WATCHED)]
    assert '<span class="status-badge status--resolved">Resolved</span>' in watched_row


def test_story_page_keeps_the_reports_side_by_side(client, fact_checker, story, reports):
    client.force_login(fact_checker)

    content = client.get(story_url(story)).content.decode()

    side_by_side = section(content, "Reports side by side", "</section>")
    assert side_by_side.count('<article class="side-by-side-report">') == 3
    assert "No discrepancies recorded for this story yet." in content


def test_story_page_links_to_recording_detection_and_quotes(client, fact_checker, story, reports):
    client.force_login(fact_checker)

    content = client.get(story_url(story)).content.decode()

    tools = section(content, '<div class="story-discrepancy-tools">', "</div>")
    assert f'<a href="{record_url(story)}" class="button">Record a discrepancy</a>' in tools
    detect = reverse("admin:factcheck_story_detect", args=[story.pk])
    assert f'<form method="post" action="{detect}" class="story-detect">' in tools
    assert 'name="csrfmiddlewaretoken"' in tools
    assert '<button type="submit" class="button">Find discrepancies</button>' in tools
    quotes = reverse("admin:factcheck_story_quotes", args=[story.pk])
    assert f'<a href="{quotes}">Quotes by speaker</a>' in tools
    # The detection button posts a form of its own, after the story's form has closed.
    story_form = content.index('id="story_form"')
    assert story_form < content.index("</form>", story_form) < content.index(detect)


@pytest.mark.parametrize("rows", [3, 12])
def test_story_page_runs_the_same_queries_for_few_or_many_discrepancies(
    client, fact_checker, story, django_assert_num_queries, rows
):
    price_discrepancies(story, rows, acting_user=fact_checker)
    client.force_login(fact_checker)
    client.get(story_url(story))  # Fills the per-process content-type cache.

    # 1 session, 2 user, 3 the story with its article count, 4-5 permissions,
    # 6 its tags (as text: a fact-checker may only look at a story), 7 its
    # reports side by side, 8 its discrepancies, 9 their passages,
    # 10 the header's unread notifications.
    with django_assert_num_queries(10):
        response = client.get(story_url(story))

    matrix = section(response.content.decode(), '<table class="discrepancy-matrix">', "</table>")
    assert matrix.count('<th scope="row" class="matrix-discrepancy">') == rows


# Recording a discrepancy from the story ------------------------------------------------------


def record_data(reports, **passages):
    """The record form's fields: ``passage_0="…"`` quotes ``reports[0]``, and so on."""
    data = {"title": "On which day?", "kind": "date", "severity": "2", "notes": ""}
    for article in reports:
        data.update({f"passage_{article.pk}": "", f"before_{article.pk}": ""})
        data[f"after_{article.pk}"] = ""
    for name, value in passages.items():
        field, index = name.rsplit("_", 1)
        data[f"{field}_{reports[int(index)].pk}"] = value
    return data


def test_recording_a_discrepancy_quotes_each_chosen_report(client, fact_checker, story, reports):
    client.force_login(fact_checker)

    page = client.get(record_url(story)).content.decode()
    assert page.count('<article class="record-column"') == 3
    assert "The bridge opened on Tuesday with about 300 guests." in page

    response = client.post(
        record_url(story),
        # Spacing may differ from the report's: the stored quote is the report's own text.
        record_data(reports, passage_0="opened on Monday", passage_2="opened  on\nMonday."),
        follow=True,
    )

    discrepancy = Discrepancy.objects.get()
    assert response.redirect_chain[-1][0] == change_url(discrepancy)
    assert shown_messages(response) == ["“On which day?” was recorded between 2 reports."]
    assert (discrepancy.kind, discrepancy.status, discrepancy.created_by) == (
        "date",
        Status.OPEN,
        fact_checker,
    )
    quotes = dict(discrepancy.passages.values_list("article", "quote"))
    assert quotes == {reports[0].pk: "opened on Monday", reports[2].pk: "opened on Monday."}


@pytest.mark.parametrize(
    ("passages", "field", "error"),
    [
        (
            {"passage_0": "opened on Sunday", "passage_1": "opened on Tuesday"},
            0,
            "This passage is not in the article&#x27;s text.",
        ),
        (
            {"passage_0": "opened on Monday", "passage_2": "the"},
            2,
            "This passage occurs 2 times in the article.",
        ),
    ],
)
def test_a_passage_that_cannot_be_anchored_is_an_error_on_its_reports_field(
    client, fact_checker, story, reports, passages, field, error
):
    client.force_login(fact_checker)

    response = client.post(record_url(story), record_data(reports, **passages))

    assert response.status_code == 200
    content = response.content.decode()
    error_id = f"id_passage_{reports[field].pk}_error"
    assert f'<ul class="errorlist" id="{error_id}"><li>{error}' in content
    assert not Discrepancy.objects.exists()


def test_context_tells_a_repeated_passage_apart(client, fact_checker, story, reports):
    client.force_login(fact_checker)

    client.post(
        record_url(story),
        record_data(
            reports, passage_0="opened on Monday", passage_2="the", after_2="bridge opened"
        ),
    )

    passage = Discrepancy.objects.get().passages.get(article=reports[2])
    assert passage.start == reports[2].body.index("the bridge")


def test_too_few_passages_are_refused_but_a_single_source_detail_needs_one(
    client, fact_checker, story, reports
):
    client.force_login(fact_checker)

    response = client.post(record_url(story), record_data(reports, passage_0="opened on Monday"))

    assert "Quote the passages of at least two reports" in response.content.decode()
    assert not Discrepancy.objects.exists()

    data = record_data(reports, passage_2="Hundreds watched")
    data.update(kind="single_source", title="Who watched?")
    client.post(record_url(story), data)

    assert Discrepancy.objects.get().passages.get().quote == "Hundreds watched"


def test_recording_one_already_tracked_says_so(client, editor, story, reports, discrepancy):
    client.force_login(editor)

    response = client.post(
        record_url(story),
        record_data(reports, passage_0="opened on Monday", passage_1="opened on Tuesday"),
    )

    assert "Already tracked as “On which day did the bridge open?” (open)." in (
        response.content.decode()
    )
    assert Discrepancy.objects.count() == 1


def test_record_form_is_prefilled_from_the_query_string(client, fact_checker, story, reports):
    client.force_login(fact_checker)

    response = client.get(
        record_url(story), {"title": "Which day?", f"passage_{reports[1].pk}": "on Tuesday"}
    )

    content = response.content.decode()
    assert 'value="Which day?"' in content
    assert "on Tuesday</textarea>" in content


@pytest.mark.parametrize("rows", [3, 9])
def test_record_page_runs_the_same_queries_for_few_or_many_reports(
    client, fact_checker, story, django_assert_num_queries, rows
):
    for i in range(rows):
        ArticleFactory(story=story, body=f"Report {i} says the bridge opened on day {i}.")
    client.force_login(fact_checker)

    # 1 session, 2 user, 3-4 permissions, 5 the story with its article count,
    # 6 its reports with their outlets.
    # 7 the header's unread notifications.
    with django_assert_num_queries(7):
        response = client.get(record_url(story))

    assert response.content.decode().count('<article class="record-column"') == rows


def test_add_picks_the_story_to_record_from(client, fact_checker, story, reports):
    StoryFactory(title="A story with no reports")
    client.force_login(fact_checker)

    content = client.get(reverse("admin:factcheck_discrepancy_add")).content.decode()

    assert f'<a href="{record_url(story)}">Bridge opening</a>' in content
    assert "3 reports" in content
    assert "A story with no reports" not in content


# The dashboard --------------------------------------------------------------------------


def test_dashboard_lists_open_discrepancies_by_story(
    client, fact_checker, story, desk, django_assert_num_queries
):
    client.force_login(fact_checker)

    # 1 session, 2 user, 3-4 permissions, 5 claim counts by status, 6 claims sent
    # back to me (none: no notes to prefetch), 7 my open claims, 8 recently
    # published, 9 orphaned passages, 10 the other orphaned passages (no claim's
    # own is, so the list says whether every passage is in place), 11 open
    # discrepancies by story, 12 overdue claims, 13 overdue discrepancies,
    # 14-16 published claims, appearances and discrepancy passages whose report
    # changed, 17 the sidebar's recent actions.
    # 18 the header's unread notifications.
    with django_assert_num_queries(18):
        response = client.get(reverse("admin:index"))

    content = response.content.decode()
    panel = section(content, 'id="desk-discrepancies"', "</section>")
    assert "Open discrepancies by story" in panel
    assert panel.index("Bridge opening") < panel.index("Harbour strike")
    assert f'href="{CHANGELIST}?status__exact=unresolved">All open discrepancies</a>' in panel
    # The claims dashboard is still there.
    assert "Claims by status" in content


def test_dashboard_has_nothing_open_once_everything_is_resolved(
    client, editor, discrepancy, suggestion
):
    resolved(discrepancy, editor)
    services.discrepancy_dismiss(discrepancy=suggestion, acting_user=editor)
    client.force_login(editor)

    panel = section(
        client.get(reverse("admin:index")).content.decode(), 'id="desk-discrepancies"', "</section>"
    )

    assert "No open discrepancies." in panel
    assert "Bridge opening" not in panel


def test_passages_of_a_merged_suggestion_move_to_reports_the_target_lacks(
    client, editor, discrepancy, story, reports
):
    suggestion = services.discrepancy_suggest(
        story=story,
        title="Day",
        kind="date",
        passages=[
            PassageSpec(article=reports[0], quote="on Monday with"),
            PassageSpec(article=reports[2], quote="opened on Monday"),
        ],
        score=0.5,
        explanation="",
    )
    client.force_login(editor)

    run_action(client, "merge_suggestions", [suggestion], apply="yes", into=discrepancy.pk)

    assert set(discrepancy.passages.values_list("article_id", flat=True)) == {r.pk for r in reports}
    assert DiscrepancyPassage.objects.filter(discrepancy=suggestion).count() == 1

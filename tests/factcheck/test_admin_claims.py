"""The fact-checking workflow in the admin: lists, forms, workflow buttons, dashboard.

Data is set up through the services, as a person's actions would leave it;
factories make only plain rows (articles, sources, users).
"""

import datetime

import pytest
from django.urls import reverse

from articles import services as article_services
from articles.importers import ParsedArticle
from factcheck import roles, services
from factcheck.models import Citation, Claim, Claimant, Rating, Stance
from factcheck.services.claims import claimant_add_alias
from tests.factories import ArticleFactory, OutletFactory, SourceFactory, StoryFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:factcheck_claim_changelist")
ADD = reverse("admin:factcheck_claim_add")


def change_url(claim):
    return reverse("admin:factcheck_claim_change", args=[claim.pk])


def step_url(claim, step):
    return reverse(f"admin:factcheck_claim_{step}", args=[claim.pk])


def listed(response):
    """The statements a claims changelist shows, in order."""
    return [claim.statement for claim in response.context["cl"].result_list]


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


def posted_back(response):
    """What a browser would post for the admin change form in ``response``, unchanged."""
    data = {}

    def add(bound):
        value = bound.value()
        if isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif value is not None:
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


def article_with_sentences(count, **kwargs):
    body = "\n\n".join(f"Sentence number {i} makes claim {i}." for i in range(count))
    return ArticleFactory(body=body, raw_input=body, **kwargs)


def claims_on(article, count, *, acting_user, **kwargs):
    return [
        services.claim_create(
            article=article,
            quote=f"makes claim {i}.",
            statement=f"Claim {i} is checkable.",
            acting_user=acting_user,
            **kwargs,
        )
        for i in range(count)
    ]


def give_verdict(claim, rating, user, ruling="Records show otherwise."):
    return services.claim_update(
        claim=claim, expected_version=claim.version, acting_user=user, rating=rating, ruling=ruling
    )


def make_ready(claim, rating, user):
    """Verdict, ruling and a cited source, then submitted: what an editor can publish."""
    claim = give_verdict(claim, rating, user)
    services.citation_add(
        claim=claim, source=SourceFactory(), stance=Stance.CONTRADICTS, acting_user=user
    )
    return services.claim_submit(claim=claim, acting_user=user)


@pytest.fixture
def ratings(db):
    services.ratings_install_default()
    return {rating.slug: rating for rating in Rating.objects.all()}


# The changelist -----------------------------------------------------------------------


def test_changelist_shows_each_claims_status_verdict_article_claimant_assignee_and_passage(
    client, fact_checker, editor, ratings
):
    kyodo = OutletFactory(name="Kyodo News")
    summit = StoryFactory(title="Japan-Korea summit")
    article = ArticleFactory(
        headline="Leaders play drums",
        outlet=kyodo,
        story=summit,
        body="Lee said it was a little awkward. Takaichi laughed.",
    )
    lee = services.claimant_find_or_create(name="Lee Jae-myung", acting_user=fact_checker)
    awkward = services.claim_create(
        article=article,
        quote="it was a little awkward",
        statement="Lee found the duet awkward.",
        claimant=lee,
        assignee=fact_checker,
        priority=Claim.Priority.URGENT,
        acting_user=fact_checker,
    )
    give_verdict(awkward, ratings["misquoted"], fact_checker)
    services.claim_create(
        article=article,
        quote="Takaichi laughed",
        statement="Takaichi laughed.",
        acting_user=editor,
    )
    client.force_login(fact_checker)

    response = client.get(CHANGELIST)

    assert listed(response) == ["Takaichi laughed.", "Lee found the duet awkward."]
    content = response.content.decode()
    row = content[content.index("Lee found the duet awkward.") :]
    row = row[: row.index("</tr>")]
    assert '<span class="status-badge status--draft">Draft</span>' in row
    assert '<span class="rating-badge rating--purple">Misquoted</span>' in row
    assert "Leaders play drums" in row and "Kyodo News" in row
    assert "Japan-Korea summit" in row
    assert "Lee Jae-myung" in row
    assert fact_checker.get_full_name() in row
    assert "Urgent" in row
    assert "Anchored" in row
    other = content[content.index("Takaichi laughed.</a>") :]
    assert "No verdict" in other[: other.index("</tr>")]


@pytest.fixture
def desk(fact_checker, editor, ratings, django_capture_on_commit_callbacks):
    """Three claims across two outlets, two stories, two claimants and two assignees;
    one has a verdict, one is in review, one's passage is orphaned."""
    first = ArticleFactory(
        headline="Drum duet in Nara",
        body="The leaders played drums for ten minutes. Crowds cheered in Nara.",
    )
    second = ArticleFactory(
        headline="Summit ends",
        body="The summit ended on Wednesday. The leaders played drums for ten minutes.",
    )
    lee = services.claimant_find_or_create(name="Lee Jae-myung", acting_user=fact_checker)
    kim = services.claimant_find_or_create(name="Kim Nam-jun", acting_user=fact_checker)
    claimant_add_alias(claimant=kim, name="Spokesman Kim", acting_user=fact_checker)
    claims = {
        "drums": services.claim_create(
            article=first,
            quote="played drums for ten minutes",
            statement="They drummed for ten minutes.",
            claimant=lee,
            assignee=fact_checker,
            acting_user=fact_checker,
        ),
        "crowds": services.claim_create(
            article=first,
            quote="Crowds cheered",
            statement="Crowds cheered.",
            claimant=kim,
            assignee=editor,
            acting_user=fact_checker,
        ),
        "ended": services.claim_create(
            article=second,
            quote="ended on Wednesday",
            statement="The summit ended on Wednesday.",
            claimant=lee,
            acting_user=editor,
        ),
    }
    give_verdict(claims["drums"], ratings["false"], fact_checker)
    services.claim_submit(claim=claims["crowds"], acting_user=fact_checker)
    # A new revision of the second report drops the Wednesday: that passage is orphaned.
    reimport(
        second,
        "The summit ended. The leaders played drums for ten minutes.",
        django_capture_on_commit_callbacks,
    )
    return {"claims": claims, "articles": (first, second), "lee": lee}


def reimport(article, body, django_capture_on_commit_callbacks):
    """Import a new revision of ``article``; its passages are re-anchored on commit."""
    parsed = ParsedArticle(
        body=body, raw_input=body, format="text", source=article.source, headline=article.headline
    )
    with django_capture_on_commit_callbacks(execute=True):
        article_services.article_import(parsed=parsed)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status__exact": "in_review"}, {"Crowds cheered."}),
        ({"rating__id__exact": "false"}, {"They drummed for ten minutes."}),
        ({"passage": "orphaned"}, {"The summit ended on Wednesday."}),
        ({"passage": "anchored"}, {"They drummed for ten minutes.", "Crowds cheered."}),
        ({"mine": "open"}, {"They drummed for ten minutes."}),
        ({"q": "cheered"}, {"Crowds cheered."}),
        ({"q": "ten minutes"}, {"They drummed for ten minutes."}),
        ({"q": "Kim Nam"}, {"Crowds cheered."}),
        ({"q": "spokesman"}, {"Crowds cheered."}),
        ({"q": "Summit ends"}, {"The summit ended on Wednesday."}),
    ],
)
def test_claim_filters_and_search_return_the_right_rows(
    client, fact_checker, desk, ratings, params, expected
):
    if params.get("rating__id__exact"):
        params = {"rating__id__exact": ratings[params["rating__id__exact"]].pk}
    client.force_login(fact_checker)

    assert set(listed(client.get(CHANGELIST, params))) == expected


def test_claim_filters_by_outlet_story_claimant_and_assignee(client, editor, fact_checker, desk):
    first, second = desk["articles"]
    client.force_login(editor)

    def shown(**params):
        return set(listed(client.get(CHANGELIST, params)))

    assert shown(article__outlet__id__exact=first.outlet_id) == {
        "They drummed for ten minutes.",
        "Crowds cheered.",
    }
    # Stories and claimants are typed, not picked: an archive has thousands.
    assert shown(story=second.story.title.upper()) == {"The summit ended on Wednesday."}
    assert shown(claimant="jae-myung") == {
        "They drummed for ten minutes.",
        "The summit ended on Wednesday.",
    }
    assert shown(claimant="jae-myung", article__outlet__id__exact=first.outlet_id) == {
        "They drummed for ten minutes."
    }
    assert shown(assignee__id__exact=editor.pk) == {"Crowds cheered."}
    # "Assigned to me" is the signed-in user's, whoever that is.
    assert shown(mine="all") == {"Crowds cheered."}


# Query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [5, 30])
def test_claims_changelist_runs_the_same_queries_for_5_or_30_claims(
    client, fact_checker, editor, ratings, django_assert_num_queries, rows
):
    for i in range(rows):
        claimant = services.claimant_find_or_create(name=f"Person {i}", acting_user=fact_checker)
        [claim] = claims_on(
            article_with_sentences(1),
            1,
            acting_user=fact_checker,
            claimant=claimant,
            assignee=editor if i % 2 else fact_checker,
        )
        if i % 3 == 0:
            give_verdict(claim, ratings["false"], fact_checker)
    client.force_login(fact_checker)

    # 1 session, 2 user, 3-4 the user's own and group permissions,
    # 5-8 filter choices: ratings, outlets, assignees, tags (stories and claimants are typed),
    # 9 the count (no second one of the whole table for an "N total" link),
    # 10 the page of claims with article, outlet, story, claimant, rating and assignee joined
    # (one page of results: the admin lists them as they are, without reading keys first).
    # 11 the header's unread notifications.
    with django_assert_num_queries(11):
        response = client.get(CHANGELIST)

    assert len(listed(response)) == rows
    assert response.content.decode().count('class="rating-badge rating--red"') == len(
        range(0, rows, 3)
    )


@pytest.mark.parametrize("rows", [5, 30])
def test_sources_changelist_lists_sources_with_citation_counts_in_constant_queries(
    client, fact_checker, claim, django_assert_num_queries, rows
):
    sources = SourceFactory.create_batch(rows)
    for source in sources[:2]:
        services.citation_add(
            claim=claim, source=source, stance=Stance.SUPPORTS, acting_user=fact_checker
        )
    client.force_login(fact_checker)

    # 1 session, 2 user, 3-4 permissions, 5 filtered count, 6 unfiltered count,
    # 7 the page of sources with their citation counts.
    # 8 the header's unread notifications.
    with django_assert_num_queries(8):
        response = client.get(reverse("admin:factcheck_source_changelist"))

    assert {source.title for source in response.context["cl"].result_list} == {
        source.title for source in sources
    }
    content = response.content.decode()
    assert content.count('class="field-citation_count">1<') == 2
    assert "Official statement or post" in content


@pytest.mark.parametrize("rows", [5, 30])
def test_claimants_changelist_shows_other_spellings_in_constant_queries(
    client, fact_checker, django_assert_num_queries, rows
):
    claimants = [
        services.claimant_find_or_create(name=f"Person {i}", acting_user=fact_checker)
        for i in range(rows)
    ]
    claimant_add_alias(claimant=claimants[0], name="The first person", acting_user=fact_checker)
    client.force_login(fact_checker)

    # 1 session, 2 user, 3-4 permissions, 5 filtered count, 6 unfiltered count,
    # 7 the page of claimants with claim counts, 8 their aliases (prefetched).
    # 9 the header's unread notifications.
    with django_assert_num_queries(9):
        response = client.get(reverse("admin:factcheck_claimant_changelist"))

    assert len(response.context["cl"].result_list) == rows
    assert "The first person" in response.content.decode()


def test_ratings_changelist_lists_the_scale_in_order_in_constant_queries(
    client, fact_checker, ratings, django_assert_num_queries
):
    client.force_login(fact_checker)

    # 1 session, 2 user, 3-4 permissions, 5 filtered count, 6 unfiltered count,
    # 7 the ratings.
    # 8 the header's unread notifications.
    with django_assert_num_queries(8):
        response = client.get(reverse("admin:factcheck_rating_changelist"))

    assert [rating.label for rating in response.context["cl"].result_list] == [
        "True",
        "Mostly true",
        "Half true",
        "Mostly false",
        "False",
        "Misquoted",
        "Unproven",
    ]
    content = response.content.decode()
    assert '<span class="rating-badge rating--red">Red</span>' in content
    assert "The statement is not accurate." in content


@pytest.mark.parametrize("rows", [5, 30])
def test_claim_change_page_runs_the_same_queries_for_5_or_30_citations_and_appearances(
    client, fact_checker, editor, ratings, django_assert_num_queries, rows
):
    [claim] = claims_on(article_with_sentences(1), 1, acting_user=fact_checker, assignee=editor)
    claim = give_verdict(claim, ratings["false"], fact_checker)
    for i in range(rows):
        services.citation_add(
            claim=claim, source=SourceFactory(), stance=Stance.CONTEXT, acting_user=fact_checker
        )
        services.appearance_add(
            claim=claim,
            article=ArticleFactory(body=f"Report {i} says it makes claim 0. Nothing else."),
            quote="makes claim 0",
            acting_user=fact_checker,
        )
    claim = services.claim_submit(claim=claim, acting_user=fact_checker)
    services.claim_send_back(claim=claim, note="Find a second source.", acting_user=editor)
    client.force_login(editor)
    # A first visit fills the per-process content-type cache, as in a running server.
    client.get(change_url(claim))

    # 1 session, 2 user,
    # 3 the claim with its article, outlet, story, claimant, rating, assignee,
    # author and reviewer, 4-5 the user's own and group permissions,
    # 6 its appearances with their articles and outlets, 7 its cited sources,
    # 8 the ratings offered, 9 the selected assignee (autocomplete), 10 the
    # editors offered as its reviewer (the submit step's form), 11 its update
    # notes, 12 its review comments with their authors, 13 its tags, 14 the
    # tags offered, 15 the reader tips it was made from (a link to each),
    # 16 the header's unread notifications, "Checked before": 17 the similar
    # claims, 18 the similar external fact-checks, 19 the linked claims.
    with django_assert_num_queries(19):
        response = client.get(change_url(claim))

    content = response.content.decode()
    assert content.count('class="field-stance"') >= rows
    assert "Find a second source." in content
    assert "<mark>makes claim 0.</mark>" in content


@pytest.mark.parametrize("rows", [5, 30])
def test_article_page_highlights_each_claim_passage_in_constant_queries(
    client, fact_checker, ratings, django_assert_num_queries, rows
):
    article = article_with_sentences(rows, headline="Thirty claims")
    claims = claims_on(article, rows, acting_user=fact_checker)
    give_verdict(claims[0], ratings["false"], fact_checker)
    elsewhere = services.claim_create(
        article=ArticleFactory(body="Elsewhere it makes claim 1. Here too."),
        quote="Here too",
        statement="It is said elsewhere.",
        acting_user=fact_checker,
    )
    services.appearance_add(
        claim=elsewhere,
        article=article,
        quote="Sentence number 1",
        suffix=" makes claim 1.",
        acting_user=fact_checker,
    )
    client.force_login(fact_checker)
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.get(url)  # Fills the per-process content-type cache, as in a running server.

    # 1 session, 2 user, 3 the article with its outlet, story and revision count,
    # 4-5 permissions, 6 its revisions,
    # 7 its claims with their ratings and claimants, 8 the appearances of other claims in it,
    # 9 whether the public sees the report (cited by published work, or marked
    # public by an editor), 10 the discrepancies it takes part in, each with its
    # passage in this article, 11 the selected story, for the story field's
    # search box: fact-checkers now correct metadata
    # (articles.services.article_correct), so they get the form. The watching
    # section reads nothing more for a report imported from a file.
    # 12 the header's unread notifications.
    with django_assert_num_queries(12):
        response = client.get(url)

    content = response.content.decode()
    assert content.count('<mark class="claim-mark') == rows + 1
    first_url = change_url(claims[0])
    assert (
        f'<mark class="claim-mark rating--red"><a href="{first_url}" title="Claim 0 is checkable.">'
        "makes claim 0.</a></mark>"
    ) in content
    assert f'href="{change_url(elsewhere)}" title="It is said elsewhere.">Sentence number 1<' in (
        content
    )
    claims_table = content[content.index("Claims on this article") :]
    for claim in claims:
        assert claim.statement in claims_table
    assert '<span class="rating-badge rating--red">False</span>' in claims_table


def test_article_page_lists_orphaned_passages_for_review_without_highlighting_them(
    client, fact_checker, django_capture_on_commit_callbacks
):
    article = ArticleFactory(body="The summit ended on Wednesday. The leaders played drums.")
    ended = services.claim_create(
        article=article,
        quote="ended on Wednesday",
        statement="The summit ended on Wednesday.",
        acting_user=fact_checker,
    )
    services.claim_create(
        article=article,
        quote="played drums",
        statement="They played drums.",
        acting_user=fact_checker,
    )
    reimport(
        article, "The summit ended. The leaders played drums.", django_capture_on_commit_callbacks
    )
    client.force_login(fact_checker)

    content = client.get(reverse("admin:articles_article_change", args=[article.pk])).content
    content = content.decode()

    assert content.count('<mark class="claim-mark') == 1
    review = content[content.index("Passages that need review") :]
    assert "“ended on Wednesday”" in review
    assert f'href="{change_url(ended)}">The summit ended on Wednesday.</a>' in review


def test_article_text_is_escaped_inside_and_outside_the_marks(client, fact_checker):
    article = ArticleFactory(body="Officials said <script>alert(1)</script> & left.")
    services.claim_create(
        article=article,
        quote="<script>alert(1)</script>",
        statement="A <b>bold</b> claim.",
        acting_user=fact_checker,
    )
    client.force_login(fact_checker)

    content = client.get(reverse("admin:articles_article_change", args=[article.pk])).content

    assert b"<script>alert(1)" not in content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;</a></mark> &amp; left." in content
    assert b'title="A &lt;b&gt;bold&lt;/b&gt; claim."' in content


# The add form -------------------------------------------------------------------------


def add_form_data(article, **overrides):
    data = {
        "article": article.pk,
        "passage": "",
        "context_before": "",
        "context_after": "",
        "statement": "",
        "claimant": "",
        "new_claimant_name": "",
        "kind": Claim.Kind.QUOTE,
        "claimed_on": "",
        "priority": Claim.Priority.NORMAL,
        "assignee": "",
        "notes": "",
        "_save": "Save",
    }
    return {**data, **overrides}


def test_claim_added_with_a_pasted_passage_in_straight_quotes_is_anchored_to_the_curly_text(
    client, fact_checker, article
):
    client.force_login(fact_checker)

    response = client.post(
        ADD,
        add_form_data(
            article,
            passage='"We finished it in 2019,"',
            statement="The bridge was finished in 2019.",
            new_claimant_name="Lee Jae Myung",
            claimed_on="2026-01-13",
            assignee=fact_checker.pk,
        ),
        follow=True,
    )

    claim = Claim.objects.get()
    assert claim.quote == "“We finished it in 2019,”"
    assert article.body[claim.start : claim.end] == claim.quote
    assert claim.created_by == fact_checker
    assert claim.assignee == fact_checker
    assert claim.claimed_on == datetime.date(2026, 1, 13)
    assert claim.claimant.name == "Lee Jae Myung"
    assert claim.history.get().history_user == fact_checker
    assert response.redirect_chain[-1][0] == CHANGELIST
    assert any("was added successfully" in message for message in shown_messages(response))


def test_new_claimant_name_finds_a_known_claimant_in_another_spelling(
    client, fact_checker, article
):
    lee = services.claimant_find_or_create(name="Lee Jae-myung", acting_user=fact_checker)
    client.force_login(fact_checker)

    client.post(
        ADD,
        add_form_data(
            article,
            passage="the bridge cost",
            statement="The bridge cost money.",
            new_claimant_name="Lee Jae Myung",
        ),
    )

    assert Claim.objects.get().claimant == lee
    assert Claimant.objects.count() == 1


@pytest.mark.parametrize(
    ("passage", "error"),
    [
        ("the tunnel cost $4 million", "This passage is not in the article&#x27;s text."),
        ("the mayor", "This passage occurs 2 times in the article."),
    ],
)
def test_absent_or_ambiguous_passage_is_an_error_on_the_passage_field(
    client, fact_checker, article, passage, error
):
    client.force_login(fact_checker)

    response = client.post(ADD, add_form_data(article, passage=passage, statement="Something."))

    assert response.status_code == 200
    assert f'<ul class="errorlist" id="id_passage_error"><li>{error}' in response.content.decode()
    assert Claim.objects.count() == 0


def test_context_after_tells_a_repeated_passage_apart(client, fact_checker, article):
    client.force_login(fact_checker)

    client.post(
        ADD,
        add_form_data(
            article, passage="the mayor", context_after="told reporters", statement="He spoke."
        ),
    )

    assert Claim.objects.get().start == article.body.rindex("the mayor")


def test_add_form_is_prefilled_from_article_and_quote_parameters(client, fact_checker, article):
    client.force_login(fact_checker)

    response = client.get(ADD, {"article": article.pk, "quote": "the bridge cost $4 million"})

    form = response.context["adminform"].form
    assert form["passage"].value() == "the bridge cost $4 million"
    assert str(form["article"].value()) == str(article.pk)
    assert "the bridge cost $4 million</textarea>" in response.content.decode()


# The change form ------------------------------------------------------------------------


def test_saving_the_change_form_edits_the_claim_and_cites_a_new_source(
    client, fact_checker, claim, ratings
):
    source = SourceFactory(title="City accounts 2019")
    client.force_login(fact_checker)
    data = posted_back(client.get(change_url(claim)))
    data.update(
        {
            "rating": ratings["false"].pk,
            "ruling": "The accounts show $6.2 million.",
            "citations-2-0-source": source.pk,
            "citations-2-0-stance": Stance.CONTRADICTS,
            "citations-2-0-excerpt": "Total cost: $6.2 million.",
            "_save": "Save",
        }
    )

    response = client.post(change_url(claim), data, follow=True)

    assert response.redirect_chain[-1][0] == CHANGELIST
    claim.refresh_from_db()
    assert claim.rating == ratings["false"]
    assert claim.ruling == "The accounts show $6.2 million."
    citation = Citation.objects.get()
    assert (citation.claim, citation.source, citation.excerpt) == (
        claim,
        source,
        "Total cost: $6.2 million.",
    )
    assert [h.history_change_reason for h in claim.history.order_by("history_date")] == [
        "created",
        "edited",
        "source cited",
    ]
    assert {h.history_user for h in claim.history.all()} == {fact_checker}


def test_changing_the_passage_requotes_the_claim(client, fact_checker, claim, article):
    client.force_login(fact_checker)
    data = posted_back(client.get(change_url(claim)))
    data.update({"passage": "cost $4 million", "_continue": "Save"})

    client.post(change_url(claim), data)

    claim.refresh_from_db()
    assert claim.quote == "cost $4 million"
    assert article.body[claim.start : claim.end] == "cost $4 million"


def test_a_new_passage_not_in_the_article_is_an_error_and_nothing_is_saved(
    client, fact_checker, claim
):
    client.force_login(fact_checker)
    data = posted_back(client.get(change_url(claim)))
    data.update({"passage": "the tunnel", "notes": "Checked.", "_save": "Save"})

    response = client.post(change_url(claim), data)

    assert "This passage is not in the article" in str(
        response.context["adminform"].form.errors["passage"]
    )
    claim.refresh_from_db()
    assert (claim.quote, claim.notes) == ("the bridge cost $4 million", "")


def test_change_page_shows_the_passage_in_its_article_text(client, fact_checker, claim):
    client.force_login(fact_checker)

    content = client.get(change_url(claim)).content.decode()

    assert (
        '<blockquote class="passage-context">The mayor said <mark>the bridge cost $4 million'
        "</mark>. …</blockquote>"
    ) in content


def test_a_stale_form_is_refused_saying_what_changed_and_nothing_is_overwritten(
    client, fact_checker, editor, claim
):
    source = SourceFactory()
    client.force_login(fact_checker)
    stale = posted_back(client.get(change_url(claim)))
    # Meanwhile an editor rewrites the statement.
    services.claim_update(
        claim=Claim.objects.get(pk=claim.pk),
        expected_version=claim.version,
        acting_user=editor,
        statement="The bridge cost four million dollars.",
    )
    stale.update(
        {
            "notes": "My research notes.",
            "citations-2-0-source": source.pk,
            "citations-2-0-stance": Stance.SUPPORTS,
            "_save": "Save",
        }
    )

    response = client.post(change_url(claim), stale)

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert "This claim was changed by editor" in errors[0]
    assert "Nothing was saved" in errors[0]
    assert (
        "Statement: “The bridge cost $4 million.” → “The bridge cost four million dollars.”"
        in errors
    )
    content = response.content.decode()
    assert "Nothing was saved" in content
    assert "“The bridge cost $4 million.” → “The bridge cost four million dollars.”" in content
    claim.refresh_from_db()
    assert claim.statement == "The bridge cost four million dollars."
    assert claim.notes == ""
    assert not Citation.objects.exists()


def test_a_form_opened_before_a_bulk_action_is_stale_too(client, fact_checker, editor, claim):
    client.force_login(fact_checker)
    stale = posted_back(client.get(change_url(claim)))
    services.claim_assign(claim=claim, assignee=editor, acting_user=editor)
    stale.update({"notes": "Mine now.", "_save": "Save"})

    response = client.post(change_url(claim), stale)

    assert any(
        "Assignee: “—” → “editor”" in error
        for error in response.context["adminform"].form.non_field_errors()
    )
    claim.refresh_from_db()
    assert claim.notes == ""


def test_published_verdict_ruling_and_statement_are_read_only(client, editor, ready_claim, rating):
    services.claim_publish(claim=ready_claim, acting_user=editor)
    client.force_login(editor)

    response = client.get(change_url(ready_claim))

    form = response.context["adminform"].form
    assert {"rating", "ruling", "statement"}.isdisjoint(form.fields)
    assert "notes" in form.fields
    assert "Correct…" in response.content.decode()


def test_fact_checker_only_views_a_published_claim(client, fact_checker, editor, ready_claim):
    services.claim_publish(claim=ready_claim, acting_user=editor)
    client.force_login(fact_checker)

    response = client.get(change_url(ready_claim))

    assert response.context["has_change_permission"] is False
    assert set(response.context["workflow_urls"]) == {"assign_to_me"}
    assert "City accounts show the bridge cost $6.2 million." in response.content.decode()


# Workflow buttons -----------------------------------------------------------------------


def buttons(response):
    return set(response.context["workflow_urls"])


def test_fact_checker_submits_a_draft_with_the_button(client, fact_checker, claim):
    client.force_login(fact_checker)
    assert buttons(client.get(change_url(claim))) == {"submit", "assign_to_me"}

    response = client.post(step_url(claim, "submit"), {"version": claim.version}, follow=True)

    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW
    assert shown_messages(response) == ["“The bridge cost $4 million.” was submitted for review."]
    assert response.redirect_chain[-1][0] == change_url(claim)


def test_publish_button_is_disabled_with_the_reasons_until_the_claim_is_ready(
    client, fact_checker, editor, claim
):
    claim = services.claim_submit(claim=claim, acting_user=fact_checker)
    client.force_login(editor)

    response = client.get(change_url(claim))

    assert buttons(response) == {
        "publish",
        "send_back",
        "archive",
        "assign_to_me",
        "schedule",
        "set_reviewer",
    }
    content = response.content.decode()
    assert 'disabled aria-describedby="publish-blockers">Publish</button>' in content
    assert (
        "Cannot publish yet: it has no verdict; it has no ruling text; it cites no source."
        in content
    )


def test_editor_publishes_a_ready_claim_with_the_button(client, editor, ready_claim):
    client.force_login(editor)
    content = client.get(change_url(ready_claim)).content.decode()
    assert 'class="button default">Publish</button>' in content

    response = client.post(
        step_url(ready_claim, "publish"), {"version": ready_claim.version}, follow=True
    )

    ready_claim.refresh_from_db()
    assert ready_claim.status == Claim.Status.PUBLISHED
    assert shown_messages(response) == ["“The bridge cost $4 million.” was published."]
    assert buttons(response) == {"correct", "unpublish", "assign_to_me"}


def test_publishing_an_unready_claim_is_refused_with_a_message_not_an_error_page(
    client, fact_checker, editor, claim
):
    claim = services.claim_submit(claim=claim, acting_user=fact_checker)
    client.force_login(editor)

    response = client.post(step_url(claim, "publish"), follow=True)

    assert response.status_code == 200
    assert shown_messages(response) == [
        "Publish: it has no verdict; it has no ruling text; it cites no source."
    ]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW


def test_the_author_is_told_another_editor_must_publish(client, article, ratings):
    author = UserFactory(username="author", role=roles.EDITOR)
    claim = services.claim_create(
        article=article, quote="in 2019", statement="Finished in 2019.", acting_user=author
    )
    claim = make_ready(claim, ratings["true"], author)
    client.force_login(author)

    content = client.get(change_url(claim)).content.decode()
    assert "you wrote it: another editor must publish it" in content

    response = client.post(step_url(claim, "publish"), follow=True)

    assert shown_messages(response) == [
        "Publish: You wrote this claim: another editor must publish it."
    ]


def test_sending_back_needs_a_note_and_keeps_it_as_a_review_comment(client, editor, ready_claim):
    client.force_login(editor)

    refused = client.post(step_url(ready_claim, "send_back"), {"note": " "}, follow=True)
    assert shown_messages(refused) == [
        "Send back to draft: Say what needs to change before sending the claim back."
    ]

    response = client.post(
        step_url(ready_claim, "send_back"), {"note": "Find the council minutes."}, follow=True
    )

    ready_claim.refresh_from_db()
    assert ready_claim.status == Claim.Status.DRAFT
    assert "Find the council minutes." in response.content.decode()
    assert ready_claim.review_comments.get().author == editor


def test_unpublishing_needs_a_public_note(client, editor, ready_claim):
    services.claim_publish(claim=ready_claim, acting_user=editor)
    client.force_login(editor)

    refused = client.post(step_url(ready_claim, "unpublish"), {"note": ""}, follow=True)
    assert "Write the public note" in shown_messages(refused)[0]

    client.post(step_url(ready_claim, "unpublish"), {"note": "Published in error."})

    ready_claim.refresh_from_db()
    assert ready_claim.status == Claim.Status.DRAFT
    assert ready_claim.unpublish_note == "Published in error."


def test_correcting_a_published_claim_changes_the_verdict_with_a_public_note(
    client, editor, ready_claim, ratings
):
    services.claim_publish(claim=ready_claim, acting_user=editor)
    client.force_login(editor)

    response = client.post(
        step_url(ready_claim, "correct"),
        {
            "correction-rating": ratings["mostly-false"].pk,
            "correction-ruling": ready_claim.ruling,
            "correction-note": "The contract shows $4.8 million.",
        },
        follow=True,
    )

    ready_claim.refresh_from_db()
    assert ready_claim.rating == ratings["mostly-false"]
    update = ready_claim.updates.get()
    assert (update.old_rating, update.new_rating) == (ratings["false"], ratings["mostly-false"])
    content = response.content.decode()
    assert "The contract shows $4.8 million." in content
    assert '<span class="rating-badge rating--orange">Mostly false</span>' in content


def test_a_correction_without_a_note_is_refused(client, editor, ready_claim, ratings):
    services.claim_publish(claim=ready_claim, acting_user=editor)
    client.force_login(editor)

    response = client.post(
        step_url(ready_claim, "correct"),
        {"correction-rating": ratings["true"].pk, "correction-note": ""},
        follow=True,
    )

    assert shown_messages(response) == ["Correct: Public correction note: This field is required."]
    ready_claim.refresh_from_db()
    assert ready_claim.rating == ratings["false"]


def test_archive_and_assign_to_me_buttons(client, editor, claim):
    client.force_login(editor)

    client.post(step_url(claim, "assign_to_me"))
    claim.refresh_from_db()
    assert claim.assignee == editor

    client.post(step_url(claim, "archive"))
    claim.refresh_from_db()
    assert claim.status == Claim.Status.ARCHIVED


def test_a_button_on_a_stale_page_is_refused(client, fact_checker, editor, claim):
    client.force_login(fact_checker)
    opened_version = claim.version
    services.claim_assign(claim=claim, assignee=editor, acting_user=editor)

    response = client.post(step_url(claim, "submit"), {"version": opened_version}, follow=True)

    assert "This claim was changed by editor" in shown_messages(response)[0]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT


def test_workflow_steps_only_accept_post(client, editor, claim):
    client.force_login(editor)

    assert client.get(step_url(claim, "archive")).status_code == 405
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT


# Bulk actions ---------------------------------------------------------------------------


def run_action(client, action, claims, **extra):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [claim.pk for claim in claims], **extra},
        follow=True,
    )


def test_bulk_publish_reports_what_it_published_and_why_it_skipped_the_rest(
    client, fact_checker, editor, ratings
):
    article = article_with_sentences(3)
    ready, unrated, draft = claims_on(article, 3, acting_user=fact_checker)
    make_ready(ready, ratings["false"], fact_checker)
    services.claim_submit(claim=unrated, acting_user=fact_checker)
    client.force_login(editor)

    response = run_action(client, "publish_claims", [ready, unrated, draft])

    assert shown_messages(response) == [
        "Published 1 claim.",
        'Skipped 2: <ul class="skipped-list">'
        "<li>“Claim 1 is checkable.”: it has no verdict; it has no ruling text; "
        "it cites no source.</li>"
        "<li>“Claim 2 is checkable.”: the claim is draft.</li></ul>",
    ]
    assert "Skipped 2:" in response.content.decode()
    assert dict(Claim.objects.values_list("statement", "status")) == {
        "Claim 0 is checkable.": "published",
        "Claim 1 is checkable.": "in_review",
        "Claim 2 is checkable.": "draft",
    }


def test_bulk_submit_and_archive_skip_claims_in_the_wrong_state(client, fact_checker, editor):
    first, second = claims_on(article_with_sentences(2), 2, acting_user=fact_checker)
    services.claim_archive(claim=second, acting_user=editor)
    client.force_login(fact_checker)

    response = run_action(client, "submit_claims", [first, second])

    assert shown_messages(response)[0] == "Submitted 1 claim for review."
    assert "“Claim 1 is checkable.”: the claim is archived." in shown_messages(response)[1]

    client.force_login(editor)
    response = run_action(client, "archive_claims", [first, second])

    assert shown_messages(response)[0] == "Archived 1 claim."
    assert "“Claim 1 is checkable.”: the claim is archived." in shown_messages(response)[1]


def test_bulk_assign_asks_for_the_assignee_on_an_intermediate_page(client, fact_checker, editor):
    claims = claims_on(article_with_sentences(2), 2, acting_user=fact_checker)
    UserFactory(username="gone", is_active=False)
    client.force_login(editor)

    page = client.post(
        CHANGELIST,
        {"action": "assign_claims", "_selected_action": [claim.pk for claim in claims]},
    )
    assert page.status_code == 200
    content = page.content.decode()
    assert "Assign 2 claims:" in content and "Claim 0 is checkable." in content
    offered = {
        choice.instance.username
        for choice, _ in page.context["form"]["assignee"].field.choices
        if choice
    }
    assert offered == {"checker", "editor"}

    response = run_action(client, "assign_claims", claims, apply="yes", assignee=fact_checker.pk)

    assert shown_messages(response) == [
        f"Assigned 2 claims to {fact_checker.get_full_name()} (checker)."
    ]
    assert set(Claim.objects.values_list("assignee", flat=True)) == {fact_checker.pk}


def test_fact_checkers_are_not_offered_publish_or_archive(client, fact_checker, claim):
    client.force_login(fact_checker)

    actions = client.get(CHANGELIST).context["action_form"].fields["action"].choices

    assert {name for name, _ in actions} == {
        "",
        "assign_claims",
        "submit_claims",
        "export_selected",
    }


# The dashboard --------------------------------------------------------------------------


def test_dashboard_counts_claims_by_status_and_lists_my_work_and_what_needs_review(
    client,
    fact_checker,
    editor,
    ratings,
    desk,
    django_assert_num_queries,
):
    published = services.claim_create(
        article=desk["articles"][0],
        quote="The leaders",
        statement="The leaders were there.",
        acting_user=fact_checker,
    )
    services.claim_publish(
        claim=make_ready(published, ratings["true"], fact_checker), acting_user=editor
    )
    client.force_login(fact_checker)

    # 1 session, 2 user, 3-4 permissions, 5 counts by status, 6 claims sent back
    # to me (none: no notes to prefetch), 7 my open work, 8 recently published,
    # 9 orphaned passages, 10 open discrepancies by story, 11 overdue claims,
    # 12 overdue discrepancies, 13-15 published claims, appearances and
    # discrepancy passages whose report changed after publication, 16 the
    # sidebar's recent actions. (Other orphaned passages are counted only when
    # no claim's own is orphaned.)
    # 17 the header's unread notifications.
    with django_assert_num_queries(17):
        response = client.get(reverse("admin:index"))

    content = response.content.decode()
    counts = content[content.index("Claims by status") : content.index("My open work")]
    for label, count, status in [
        ("Draft", 2, "draft"),
        ("In review", 1, "in_review"),
        ("Published", 1, "published"),
        ("Archived", 0, "archived"),
    ]:
        assert (
            f'<a href="{CHANGELIST}?status__exact={status}"><span class="status-count">{count}'
            f'</span> <span class="status-label">{label}</span></a>'
        ) in counts
    mine = content[content.index('id="desk-mine"') : content.index('id="desk-published"')]
    assert "They drummed for ten minutes." in mine and "Crowds cheered." not in mine
    assert f'href="{CHANGELIST}?mine=open">All my claims</a>' in mine
    published_list = content[
        content.index('id="desk-published"') : content.index('id="desk-orphaned"')
    ]
    assert "The leaders were there." in published_list
    orphaned = content[content.index('id="desk-orphaned"') :]
    assert "The summit ended on Wednesday." in orphaned
    assert f'href="{CHANGELIST}?passage=orphaned"' in orphaned
    # The app list is still there.
    assert 'class="app-factcheck module' in content


def test_changelist_links_to_my_claims(client, fact_checker):
    client.force_login(fact_checker)

    content = client.get(CHANGELIST).content.decode()

    assert f'<a href="{CHANGELIST}?mine=open">My claims</a>' in content


def test_the_refused_page_shows_the_claim_as_it_is_now_beside_the_posted_values(
    client, fact_checker, editor, claim, ratings
):
    client.force_login(fact_checker)
    stale = posted_back(client.get(change_url(claim)))
    give_verdict(Claim.objects.get(pk=claim.pk), ratings["true"], editor)
    stale.update({"rating": ratings["false"].pk, "_save": "Save"})

    response = client.post(change_url(claim), stale)

    assert response.context["original"].rating == ratings["true"]
    workflow = response.content.decode().split('class="module claim-workflow"')[1]
    assert '<span class="rating-badge rating--green">True</span>' in workflow.split("</dl>")[0]
    assert response.context["adminform"].form["rating"].value() == str(ratings["false"].pk)


# Inline rows and the assignee picker ---------------------------------------------------------


def test_an_appearance_not_in_the_other_report_is_an_error_on_its_row(client, fact_checker, claim):
    other = ArticleFactory(body="Officials put the cost of the bridge at $4 million.")
    client.force_login(fact_checker)
    data = posted_back(client.get(change_url(claim)))
    row = {"article": other.pk, "quote": "the tunnel cost", "prefix": "", "suffix": ""}
    data.update({f"appearances-2-0-{name}": value for name, value in row.items()})
    data["_save"] = "Save"

    response = client.post(change_url(claim), data)

    [formset] = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "appearances-2"
    ]
    assert "This passage is not in the article" in formset.forms[0].errors["quote"][0]
    assert 'id="id_appearances-2-0-quote_error"' in response.content.decode()

    data["appearances-2-0-quote"] = "cost of the bridge at $4 million"
    client.post(change_url(claim), data)

    appearance = claim.appearances.get()
    assert other.body[appearance.start : appearance.end] == "cost of the bridge at $4 million"


def test_a_citation_removed_on_the_form_is_deleted_and_its_history_names_who(
    client, fact_checker, claim
):
    citation = services.citation_add(
        claim=claim, source=SourceFactory(), stance=Stance.SUPPORTS, acting_user=fact_checker
    )
    client.force_login(fact_checker)
    data = posted_back(client.get(change_url(claim)))
    data.update({"citations-0-DELETE": "on", "_save": "Save"})

    client.post(change_url(claim), data)

    assert not Citation.objects.exists()
    assert Citation.history.get(id=citation.pk, history_type="-").history_user == fact_checker


def test_assignee_autocomplete_offers_active_staff_only(client, fact_checker, editor):
    UserFactory(username="gone-editor", is_active=False)
    UserFactory(username="reader-editor", is_staff=False)
    client.force_login(fact_checker)

    response = client.get(
        reverse("admin:factcheck_claim_assignee_autocomplete"), {"term": "editor"}
    )

    assert [result["text"] for result in response.json()["results"]] == [
        f"{editor.get_full_name()} (editor)"
    ]


def test_a_save_that_lands_after_the_forms_check_is_still_refused_and_rolled_back(
    client, fact_checker, editor, claim, monkeypatch
):
    """The service's conditional update is the backstop when clean() could not see
    the other save; the transaction rolls back, inline rows included."""
    from factcheck.forms import ClaimChangeForm

    client.force_login(fact_checker)
    stale = posted_back(client.get(change_url(claim)))
    services.claim_assign(claim=claim, assignee=editor, acting_user=editor)
    checks = []
    real_clean = ClaimChangeForm.clean

    def clean_that_misses_the_first_time(form):
        checks.append(form.cleaned_data["version"])
        if len(checks) == 1:
            # As if the other save landed just after this check.
            form.instance.version = form.cleaned_data["version"]
        return real_clean(form)

    monkeypatch.setattr(ClaimChangeForm, "clean", clean_that_misses_the_first_time)
    stale.update(
        {
            "notes": "Mine.",
            "citations-2-0-source": SourceFactory().pk,
            "citations-2-0-stance": Stance.SUPPORTS,
            "_save": "Save",
        }
    )

    response = client.post(change_url(claim), stale)

    assert len(checks) == 2
    assert "This claim was changed by editor" in str(
        response.context["adminform"].form.non_field_errors()
    )
    claim.refresh_from_db()
    assert (claim.notes, claim.assignee) == ("", editor)
    assert not Citation.objects.exists()


def test_typed_filters_show_their_words_and_keep_the_other_filters(client, editor, desk):
    client.force_login(editor)

    response = client.get(CHANGELIST, {"claimant": "lee", "status__exact": "draft"})

    page = response.content.decode()
    sidebar = page[page.index('id="changelist-filter"') :]
    box = sidebar[sidebar.index('data-filter-title="claimant"') :]
    box = box[: box.index("</details>")]
    assert 'name="claimant" value="lee"' in box
    assert '<input type="hidden" name="status__exact" value="draft">' in box
    assert 'name="story"' not in box
    # "All" drops the words and keeps the rest.
    assert 'href="?status__exact=draft"' in box


def test_a_searched_list_of_many_pages_reads_keys_and_count_once_then_rows_by_key(
    client, fact_checker, editor, django_assert_num_queries
):
    article = article_with_sentences(60)
    claims = claims_on(article, 60, acting_user=fact_checker)
    client.force_login(editor)
    expected_newest_first = [claim.statement for claim in reversed(claims)]

    pages = []
    for number in (1, 2):
        # 1 session, 2 user, 3-4 permissions, 5-8 filter choices, 9 the page's keys
        # with the count of all matches, 10 the rows of those keys,
        # 11 the header's unread notifications.
        with django_assert_num_queries(11):
            response = client.get(CHANGELIST, {"q": "checkable", "p": number})
        pages.append(listed(response))

    assert pages[0] + pages[1] == expected_newest_first
    assert len(pages[0]) == 50
    assert "60 claims" in response.content.decode()


# The short form (ClaimReview claimReviewed) ----------------------------------

LONG_STATEMENT = (
    "The bridge across the river cost the city four million dollars, twice the figure "
    "the council approved."
)


def test_a_statement_longer_than_75_characters_is_saved_with_a_warning(
    client, fact_checker, article
):
    client.force_login(fact_checker)

    response = client.post(
        ADD,
        add_form_data(article, passage="the bridge cost", statement=LONG_STATEMENT),
        follow=True,
    )

    claim = Claim.objects.get()
    assert claim.statement == LONG_STATEMENT
    assert claim.claim_reviewed == ""
    assert (
        f"The statement is {len(LONG_STATEMENT)} characters long, more than the 75 search "
        "engines show: write a short form for them."
    ) in shown_messages(response)
    assert any("was added successfully" in message for message in shown_messages(response))


def test_a_short_form_within_75_characters_is_kept_without_a_warning(client, fact_checker, article):
    client.force_login(fact_checker)

    response = client.post(
        ADD,
        add_form_data(
            article,
            passage="the bridge cost",
            statement=LONG_STATEMENT,
            claim_reviewed="The bridge cost twice what the council approved.",
        ),
        follow=True,
    )

    assert Claim.objects.get().claim_reviewed == "The bridge cost twice what the council approved."
    assert not [m for m in shown_messages(response) if "characters long" in m]


def test_the_change_form_warns_on_the_short_form_field_until_one_is_written(
    client, fact_checker, article
):
    claim = services.claim_create(
        article=article, quote="the bridge cost", statement=LONG_STATEMENT, acting_user=fact_checker
    )
    client.force_login(fact_checker)

    response = client.get(change_url(claim))

    field = response.context["adminform"].form.fields["claim_reviewed"]
    assert field.help_text.startswith(f"The statement is {len(LONG_STATEMENT)} characters long")
    assert "write a short form for them." in response.content.decode()


def test_a_correction_can_give_a_published_claim_its_short_form(
    client, editor, ready_claim, ratings
):
    services.claim_publish(claim=ready_claim, acting_user=editor)
    client.force_login(editor)

    client.post(
        step_url(ready_claim, "correct"),
        {
            "correction-rating": ready_claim.rating.pk,
            "correction-ruling": ready_claim.ruling,
            "correction-claim_reviewed": "The bridge cost $4 million.",
            "correction-note": "We added a short form of the claim.",
        },
    )

    ready_claim.refresh_from_db()
    assert ready_claim.claim_reviewed == "The bridge cost $4 million."
    assert ready_claim.updates.get().note == "We added a short form of the claim."
    assert ready_claim.public_modified_at == ready_claim.updates.get().created_at


def test_a_correction_can_take_a_published_claims_short_form_away(
    client, editor, ready_claim, ratings
):
    ready_claim.claim_reviewed = "The bridge cost $4 million."
    ready_claim.save(update_fields=["claim_reviewed"])
    services.claim_publish(claim=ready_claim, acting_user=editor)
    client.force_login(editor)

    client.post(
        step_url(ready_claim, "correct"),
        {
            "correction-rating": ready_claim.rating.pk,
            "correction-ruling": ready_claim.ruling,
            "correction-claim_reviewed": "",
            "correction-note": "The short form left out the year; the statement stands alone.",
        },
    )

    ready_claim.refresh_from_db()
    assert ready_claim.claim_reviewed == ""
    assert ready_claim.updates.get().note.startswith("The short form left out")


def test_a_correction_that_leaves_the_short_form_alone_keeps_it(
    client, editor, ready_claim, ratings
):
    ready_claim.claim_reviewed = "The bridge cost $4 million."
    ready_claim.save(update_fields=["claim_reviewed"])
    services.claim_publish(claim=ready_claim, acting_user=editor)
    client.force_login(editor)

    client.post(
        step_url(ready_claim, "correct"),
        {
            "correction-rating": ready_claim.rating.pk,
            "correction-ruling": ready_claim.ruling,
            "correction-claim_reviewed": "The bridge cost $4 million.",
            "correction-note": "A typo in the ruling.",
        },
    )

    ready_claim.refresh_from_db()
    assert ready_claim.claim_reviewed == "The bridge cost $4 million."

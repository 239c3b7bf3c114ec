"""The claims changelist writes its rows itself (factcheck.admin.rows), exactly as
Django's ``items_for_result`` would, in the same queries at any number of rows."""

import datetime
import re

import pytest
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_list import items_for_result
from django.contrib.admin.views.main import ALL_VAR
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone

from factcheck import services
from factcheck.admin.claims import ClaimAdmin
from factcheck.admin.rows import RowRenderer
from factcheck.models import Claim, Rating
from tests.factcheck.test_admin_claims import (
    CHANGELIST,
    article_with_sentences,
    claims_on,
    give_verdict,
    listed,
    reimport,
)
from tests.factories import ArticleFactory, OutletFactory, StoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ratings(db):
    services.ratings_install_default()
    return {rating.slug: rating for rating in Rating.objects.all()}


@pytest.fixture
def varied(fact_checker, editor, ratings, django_capture_on_commit_callbacks):
    """Claims that fill every column in every way: with and without verdict,
    claimant, assignee, story, outlet, headline and deadline; text that looks
    like HTML, long text, accents; an orphaned passage."""
    long_headline = "Leaders <play> drums & sing: " + "a very long headline indeed " * 3
    titled = ArticleFactory(
        headline=long_headline,
        outlet=OutletFactory(name="Kyodo <News> & Co"),
        story=StoryFactory(title="Japan–Korea summit in Nara, the second day of talks"),
        body="Lee said it was “a little awkward”. Takaichi laughed. The crowd of 5,000 cheered.",
    )
    untitled = ArticleFactory(
        headline="",
        outlet=None,
        story=None,
        body="TL;DR\n\nThe summit ended on Wednesday after two days of talks.\n\nMore later.",
    )
    lee = services.claimant_find_or_create(name="Lee Jae-myung <spokesman>", acting_user=editor)
    named = UserFactory(username="kim", first_name="Kim", last_name="Nam-jun & Co")
    awkward = services.claim_create(
        article=titled,
        quote="a little awkward",
        statement='Lee found the duet "a little awkward" <b>and</b> said so & more. ' * 3,
        claimant=lee,
        assignee=named,
        priority=Claim.Priority.URGENT,
        acting_user=fact_checker,
    )
    awkward = give_verdict(awkward, ratings["misquoted"], fact_checker)
    services.claim_update(
        claim=awkward,
        expected_version=awkward.version,
        acting_user=fact_checker,
        due_at=timezone.now() - datetime.timedelta(days=2),
    )
    laughed = services.claim_create(
        article=titled,
        quote="Takaichi laughed",
        statement="Takaichi laughed — café, Zürich, 日本.",
        assignee=fact_checker,
        acting_user=editor,
    )
    services.claim_update(
        claim=laughed,
        expected_version=laughed.version,
        acting_user=editor,
        due_at=timezone.now() + datetime.timedelta(days=3),
    )
    services.claim_submit(claim=laughed, acting_user=editor)
    services.claim_create(
        article=titled,
        quote="The crowd of 5,000 cheered",
        statement="   Five thousand cheered.   ",
        acting_user=fact_checker,
    )
    services.claim_create(
        article=untitled,
        quote="ended on Wednesday",
        statement="The summit ended on Wednesday.",
        acting_user=fact_checker,
    )
    reimport(
        untitled,
        "TL;DR\n\nThe summit ended after two days of talks.\n\nMore later.",
        django_capture_on_commit_callbacks,
    )
    return Claim.objects.all()


def django_rows(cl):
    """The page's rows as Django's own ``items_for_result`` writes them."""
    return ["".join(items_for_result(cl, result, None)) for result in cl.result_list]


def our_rows(cl):
    renderer = RowRenderer(cl)
    return [renderer.render(result) for result in cl.result_list]


def render(source, cl):
    return engines["django"].from_string(source).render({"cl": cl, "opts": cl.opts})


@pytest.mark.parametrize(
    "params",
    [
        {},
        # Sorted by two columns, filtered and searched: the links keep the filters.
        {"o": "-3.5", "status__exact": "draft"},
        {"q": "summit"},
        {"passage": "orphaned"},
    ],
)
def test_rows_are_the_html_django_writes_for_the_same_page(client, editor, varied, params):
    client.force_login(editor)

    response = client.get(CHANGELIST, params)

    cl = response.context["cl"]
    assert cl.result_list, "the page lists claims"
    assert our_rows(cl) == django_rows(cl)
    # The whole table, headers and ordering classes included, as Django's
    # {% result_list %} renders it, is what the page shows.
    table = render("{% load admin_list %}{% result_list cl %}", cl)
    assert render("{% load admin_rows %}{% result_list_rows cl %}", cl) == table
    assert table.strip() in response.content.decode()


def test_rows_show_what_each_column_says(client, editor, varied):
    client.force_login(editor)

    content = client.get(CHANGELIST).content.decode()

    rows = re.findall(r"<tr>(.*?)</tr>", content, re.S)[1:]
    awkward = next(row for row in rows if "a little awkward" in row)
    assert "Leaders &lt;play&gt; drums &amp; sing: a very long headline indeed a …<span" in awkward
    assert '<span class="list-meta">Kyodo &lt;News&gt; &amp; Co</span>' in awkward
    assert "Japan–Korea summit in Nara, t…" in awkward
    assert "Lee Jae-myung &lt;spokesman&gt;" in awkward
    assert "Kim Nam-jun &amp; Co (kim)" in awkward
    assert '<strong class="overdue-badge">Overdue</strong>' in awkward
    assert '<span class="rating-badge rating--purple">Misquoted</span>' in awkward
    untitled = next(row for row in rows if "The summit ended on Wednesday." in row)
    # No headline: the report is named by its first sentence of four words or more.
    assert ">The summit ended after two days of talks.<span" in untitled
    assert "Unknown outlet" in untitled
    assert '<span class="anchor-badge anchor--orphaned">Needs review</span>' in untitled
    assert ">Five thousand cheered.</a></th>" in content


def test_each_checkbox_is_the_one_django_renders_and_selects_the_claim_for_an_action(
    client, editor, varied
):
    client.force_login(editor)
    content = client.get(CHANGELIST).content.decode()
    keys = re.findall(r'name="_selected_action" value="(\d+)"', content)
    chosen = Claim.objects.get(pk=keys[0])

    exported = client.post(
        CHANGELIST, {"action": "export_selected", helpers.ACTION_CHECKBOX_NAME: [keys[0]]}
    )

    assert sorted(map(int, keys)) == sorted(varied.values_list("pk", flat=True))
    assert exported["Content-Type"].startswith("text/csv")
    csv = b"".join(exported.streaming_content).decode()
    assert chosen.statement.strip() in csv
    assert len(csv.strip().splitlines()) == 2


class EveryKindOfColumn(ClaimAdmin):
    """Columns of every kind the renderer knows, and one it does not."""

    list_display = (
        "id",
        "__str__",
        "priority",
        "status",
        "claimant",
        "rating",
        "claimed_on",
        "due_at",
        "version",
        "notes",
        "is_published",
        "published",
        "no_reviewer",
        "padded",
        "article__headline",
        lambda claim: claim.slug,
    )
    list_display_links = ("priority", "rating")
    empty_value_display = "(nothing)"

    @admin.display(boolean=True, description="published?")
    def published(self, claim):
        return claim.is_published if claim.rating_id else None

    @admin.display(empty_value="nobody")
    def no_reviewer(self, claim):
        return claim.reviewer

    def padded(self, claim):
        return f"  <{claim.slug}>  " if claim.rating_id else "   "


def changelist(model_admin, user, **params):
    request = RequestFactory().get("/", params)
    request.user = user
    return model_admin.get_changelist_instance(request)


@pytest.mark.parametrize("links", [("priority", "rating"), None, ()])
def test_fields_methods_properties_booleans_and_empty_values_match_django(superuser, varied, links):
    model_admin = EveryKindOfColumn(Claim, admin.site)
    model_admin.list_display_links = links
    cl = changelist(model_admin, superuser)

    rows = our_rows(cl)

    assert rows == django_rows(cl)
    joined = "".join(rows)
    assert 'src="/static/admin/img/icon-unknown.svg" alt="None"' in joined
    assert "(nothing)" in joined and "nobody" in joined
    assert 'class="field-due_at nowrap"' in joined
    # A plain string is stripped, and one of spaces alone is empty.
    assert re.search(r'<td class="field-padded">&lt;[-\w]+&gt;</td>', joined)
    assert '<td class="field-padded">(nothing)</td>' in joined


def test_an_unknown_column_is_rendered_by_django(superuser, varied):
    cl = changelist(EveryKindOfColumn(Claim, admin.site), superuser)
    renderer = RowRenderer(cl)

    rows = [renderer.render(result) for result in cl.result_list]

    unknown = list(cl.list_display).index("article__headline")
    assert renderer.cells[unknown] is None, "a related lookup is left to Django"
    assert rows == django_rows(cl)
    assert '<td class="field-article__headline">Leaders &lt;play&gt;' in "".join(rows)


def test_a_popup_list_writes_the_opener_value_as_django_does(superuser, varied):
    cl = changelist(ClaimAdmin(Claim, admin.site), superuser, _popup="1")

    assert our_rows(cl) == django_rows(cl)
    assert "data-popup-opener" in "".join(our_rows(cl))


def test_changelist_queries_do_not_grow_with_the_rows(
    client, fact_checker, editor, ratings, django_assert_max_num_queries
):
    def add(count, start):
        article = article_with_sentences(count)
        for index, claim in enumerate(claims_on(article, count, acting_user=fact_checker)):
            claimant = services.claimant_find_or_create(
                name=f"Person {start + index}", acting_user=fact_checker
            )
            claim = services.claim_update(
                claim=claim,
                expected_version=claim.version,
                acting_user=fact_checker,
                claimant=claimant,
                assignee=editor if index % 2 else fact_checker,
                due_at=timezone.now() + datetime.timedelta(days=index % 5 - 2),
            )
            if index % 3 == 0:
                give_verdict(claim, ratings["false"], fact_checker)

    client.force_login(fact_checker)
    add(10, 0)

    # Every claim on one page ("Show all"): 1 session, 2 user, 3-4 the user's
    # own and group permissions, 5-8 the filters' choices (ratings, outlets,
    # assignees, tags), 9 the count, 10 the claims with their article,
    # outlet, story, claimant, verdict and assignee (and the article's
    # opening) in one query, 11 the header's unread notifications. A column
    # reading a field the list does not load would add a query per row.
    with django_assert_max_num_queries(11) as ten:
        response = client.get(CHANGELIST, {ALL_VAR: ""})
    assert len(listed(response)) == 10

    add(90, 10)
    with django_assert_max_num_queries(11) as hundred:
        response = client.get(CHANGELIST, {ALL_VAR: ""})
    assert len(listed(response)) == 100
    assert len(hundred) == len(ten)

    # Paged, a list longer than a page reads the page's keys first: one more.
    with django_assert_max_num_queries(12):
        response = client.get(CHANGELIST)
    assert len(listed(response)) == ClaimAdmin.list_per_page


def test_staff_search_filter_and_act_on_the_list(client, editor, fact_checker, ratings):
    first, second, third = claims_on(article_with_sentences(3), 3, acting_user=fact_checker)
    give_verdict(second, ratings["false"], fact_checker)
    client.force_login(editor)

    everything = client.get(CHANGELIST).content.decode()
    # A quoted phrase is one term: the headline's number may hold a 1 too.
    searched = client.get(CHANGELIST, {"q": '"Claim 1 is"'})
    filtered = client.get(CHANGELIST, {"rating__id__exact": ratings["false"].pk})
    archived = client.post(
        CHANGELIST,
        {"action": "archive_claims", helpers.ACTION_CHECKBOX_NAME: [third.pk]},
        follow=True,
    )

    for claim in (first, second, third):
        assert f">{claim.statement}</a></th>" in everything
    assert listed(searched) == [second.statement]
    assert listed(filtered) == [second.statement]
    assert [str(m) for m in archived.context["messages"]] == ["Archived 1 claim."]
    assert Claim.objects.get(pk=third.pk).status == Claim.Status.ARCHIVED
    assert '<span class="status-badge status--archived">Archived</span>' in (
        archived.content.decode()
    )

"""
The canary: one unique string in every field the public must never see, then
every public address fetched and searched for it.
"""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse
from django.views.defaults import server_error

from articles import services as article_services
from articles.importers import ParsedArticle
from factcheck import roles, services
from factcheck.models import Claimant, Discrepancy, ExternalFactCheck, Job, Stance
from factcheck.querysets import ClaimQuerySet
from factcheck.services import PassageSpec
from tests.factories import ArticleFactory, OutletFactory, SourceFactory, StoryFactory, UserFactory

from .conftest import Desk

pytestmark = pytest.mark.django_db

CANARY = "Zqxcanary7731"
BODY = (
    "The minister said exports rose by 12 percent last year, the ministry confirmed.\n\n"
    "The port handled 40 ships on Monday, officials said."
)


def staff(username, role):
    """Staff whose every identifying field carries the canary."""
    return UserFactory(
        username=f"{username}{CANARY}",
        first_name=f"First{CANARY}",
        last_name=f"Last{CANARY}",
        email=f"{username}.{CANARY}@newsroom.invalid",
        role=role,
    )


@pytest.fixture
def newsroom(db):
    checker = staff("checker", roles.FACT_CHECKER)
    editor = staff("editor", roles.EDITOR)
    assignee = staff("assignee", roles.FACT_CHECKER)
    desk = Desk(checker, editor)
    story = StoryFactory(slug="trade-figures", title="Trade figures")
    outlet = OutletFactory(name="Port Times", slug="port-times", notes=f"Outlet notes {CANARY}")
    report = ArticleFactory(
        story=story,
        outlet=outlet,
        body=BODY,
        raw_input=f"<html>{BODY} raw {CANARY}</html>",
        source=f"/home/staff/{CANARY}/port-times.html",
        url="https://porttimes.example/exports",
    )
    second = ArticleFactory(
        story=story,
        outlet=OutletFactory(name="Harbour Daily", slug="harbour-daily"),
        body="Exports rose by 21 percent, the minister said. The port handled 44 ships.",
        url="https://harbourdaily.example/exports",
    )
    minister = Claimant.objects.create(
        name="Trade Minister", slug="trade-minister", notes=f"Claimant notes {CANARY}"
    )

    # A published claim carrying the canary in each of its internal fields.
    claim = services.claim_create(
        article=report,
        quote="exports rose by 12 percent last year",
        statement="Exports rose by 12 percent last year.",
        claimant=minister,
        notes=f"Claim notes {CANARY}",
        assignee=assignee,
        priority=4,
        acting_user=checker,
    )
    claim = services.claim_submit(claim=claim, acting_user=checker)
    claim = services.claim_send_back(
        claim=claim, note=f"Review comment {CANARY}", acting_user=editor
    )
    claim = desk.ready(
        claim,
        rating="mostly-true",
        source=SourceFactory(title="Customs statistics", notes=f"Source notes {CANARY}"),
        citation_note=f"Citation note {CANARY}",
        excerpt="Exports grew 11.8 percent.",
    )
    claim = services.claim_publish(claim=claim, acting_user=editor)
    desk.correct(claim, note="Rounded figure explained.")
    services.appearance_add(
        claim=claim, article=second, quote="Exports rose by 21 percent", acting_user=editor
    )
    # A reader asked for this one: everything of the tip is internal, the
    # tipster's contact details above all.
    tip = services.tip_receive(
        statement=f"Did the port really handle 44 ships? {CANARY}",
        seen_at=f"https://social.example/{CANARY}",
        contact_name=f"Tipster {CANARY}",
        contact_email=f"{CANARY.lower()}@reader.example",
    )
    plain = desk.publish(
        services.tip_make_claim(
            tip=tip,
            article=second,
            quote="The port handled 44 ships",
            statement="44 ships.",
            acting_user=checker,
        )
    )
    services.tip_reject(
        tip=services.tip_receive(
            statement=f"Rejected tip {CANARY}",
            seen_at="A leaflet",
            contact_email=f"other.{CANARY.lower()}@reader.example",
        ),
        note=f"Moderation note {CANARY}",
        acting_user=editor,
    )

    # Work that is not public, in the same story and by the same people.
    desk.draft(article=report, quote="40 ships", statement=f"Draft statement {CANARY}")
    desk.ready(
        desk.draft(article=report, quote="on Monday", statement=f"In review {CANARY}"),
        ruling=f"In-review ruling {CANARY}",
    )
    withdrawn = desk.publish(article=report, quote="the ministry confirmed")
    desk.unpublish(withdrawn, note="Withdrawn: the ministry retracted its figure.")
    withdrawn.refresh_from_db()
    services.claim_update(
        claim=withdrawn,
        expected_version=withdrawn.version,
        acting_user=checker,
        statement=f"Rewritten after withdrawal {CANARY}",
        ruling=f"Rewritten ruling {CANARY}",
    )
    hidden_outlet = OutletFactory(name=f"Outlet {CANARY}", slug="hidden-outlet")
    hidden_story = StoryFactory(title=f"Story {CANARY}", slug="hidden-story")
    desk.draft(
        article=ArticleFactory(outlet=hidden_outlet, story=hidden_story, body="Secret 7 plans."),
        quote="Secret 7 plans",
        claimant=services.claimant_find_or_create(name=f"Claimant {CANARY}", acting_user=checker),
        statement="Secret plans.",
    )
    services.citation_add(
        claim=desk.draft(article=report, quote="officials said"),
        source=SourceFactory(title=f"Source cited by a draft {CANARY}"),
        stance=Stance.CONTEXT,
        acting_user=checker,
    )
    # Claims linked to the published one: a draft and the withdrawn claim,
    # neither ever named on its page ("Also checked in …").
    linked_draft = desk.draft(
        article=ArticleFactory(story=hidden_story, body="Exports rose 12 percent."),
        quote="Exports rose 12 percent",
        statement=f"Linked draft {CANARY}",
    )
    services.claims_link(claim=claim, other=linked_draft, acting_user=checker)
    services.claims_link(claim=claim, other=withdrawn, acting_user=checker)

    # Discrepancies: one public, with canaries in its internal fields; the rest not public.
    resolved = services.discrepancy_suggest(
        story=story,
        title="How much did exports rise?",
        kind=Discrepancy.Kind.NUMBER,
        passages=[
            PassageSpec(article=report, quote="12 percent"),
            PassageSpec(article=second, quote="21 percent"),
        ],
        score=0.9,
        explanation=f"Detection explanation {CANARY}",
    )
    services.discrepancy_confirm(discrepancy=resolved, acting_user=editor)
    resolved = services.discrepancy_update(
        discrepancy=resolved,
        expected_version=resolved.version,
        acting_user=editor,
        notes=f"Discrepancy notes {CANARY}",
        assignee=assignee,
    )
    passage = resolved.passages.get(article=second)
    services.passage_assess(
        passage=passage, assessment="inaccurate", note=f"Passage note {CANARY}", acting_user=editor
    )
    resolved.refresh_from_db()
    services.discrepancy_cite(
        discrepancy=resolved,
        source=SourceFactory(title="Customs yearbook", notes=f"Yearbook notes {CANARY}"),
        stance=Stance.SUPPORTS,
        note=f"Discrepancy citation note {CANARY}",
        acting_user=editor,
    )
    resolved.refresh_from_db()
    services.discrepancy_resolve(
        discrepancy=resolved, resolution="Customs data show 12 percent.", acting_user=editor
    )
    services.discrepancy_create(
        story=story,
        title=f"Unresolved discrepancy {CANARY}",
        kind=Discrepancy.Kind.NUMBER,
        passages=[
            PassageSpec(article=report, quote="40 ships"),
            PassageSpec(article=second, quote="44 ships"),
        ],
        notes=f"Open notes {CANARY}",
        acting_user=checker,
    )
    dismissed = services.discrepancy_suggest(
        story=story,
        title=f"Dismissed suggestion {CANARY}",
        kind=Discrepancy.Kind.OTHER,
        passages=[
            PassageSpec(article=report, quote="The minister said"),
            PassageSpec(article=second, quote="the minister said"),
        ],
        score=0.2,
        explanation=f"Weak signal {CANARY}",
    )
    services.discrepancy_dismiss(
        discrepancy=dismissed, note=f"Dismissal note {CANARY}", acting_user=editor
    )

    # Reports: one no published work cites, imported into the public story
    # with the canary in its headline; one an editor listed, with an internal
    # note; one whose change after publication an editor kept, with a note.
    ArticleFactory(story=story, headline=f"Embargoed draft {CANARY}", body="Not yet.")
    services.report_set_public(
        article=ArticleFactory(story=story, headline="Trade background", body="Context."),
        public=True,
        note=f"Listed because {CANARY}",
        acting_user=editor,
    )
    edited = ArticleFactory(story=story, body="Imports fell by 3 percent, the ministry said.")
    kept = desk.publish(
        article=edited, quote="Imports fell by 3 percent", statement="Imports fell."
    )
    article_services.article_import(
        parsed=ParsedArticle(
            body="Imports fell by 4 percent, the ministry said.",
            raw_input="Imports fell by 4 percent, the ministry said.",
            format="text",
            source=edited.source,
            headline=edited.headline,
            byline=edited.byline,
            published_on=edited.published_on,
        ),
        acting_user=checker,
    )
    kept.refresh_from_db()
    services.report_change_keep(passage=kept, note=f"Kept because {CANARY}", acting_user=editor)

    # Another fact-checker's review of the same claim, imported for research:
    # never shown, whatever matches it (its statement has the searched words).
    services.external_fact_checks_import(
        source=article_services.ImportInput.from_bytes(
            f"feed-{CANARY}.json",
            json.dumps(
                {
                    "@type": "DataFeed",
                    "dataFeedElement": [
                        {
                            "@type": "DataFeedItem",
                            "item": {
                                "@type": "ClaimReview",
                                "url": f"https://other.example/{CANARY}",
                                "claimReviewed": f"Exports rose, the minister said {CANARY}",
                                "itemReviewed": {"author": {"name": f"Trade minister {CANARY}"}},
                                "author": {"name": f"Other desk {CANARY}"},
                                "reviewRating": {"alternateName": f"Wrong {CANARY}"},
                            },
                        }
                    ],
                }
            ).encode(),
        ),
        acting_user=checker,
    )

    return {
        "published": [claim, plain],
        "withdrawn": withdrawn,
        "story": story,
        "hidden_story": hidden_story,
        "drafts": list(claim.__class__.objects.exclude(status="published")),
        "report": report,
        "dismissed": dismissed,
    }


def public_addresses(newsroom):
    claim = newsroom["published"][0]
    filters = [
        {},
        {"verdict": "mostly-true"},
        {"outlet": "port-times"},
        {"story": "trade-figures"},
        {"claimant": "trade-minister"},
        {"kind": "event"},
        {"published_after": "2000-01-01", "published_before": "2100-01-01"},
        {"sort": "verdict"},
        {"q": "exports"},
        {"q": "ships"},
        {"q": "minister"},
        {"per_page": 1, "page": 2},
    ]
    urls = ["/"]
    for params in filters:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        urls.append(f"{reverse('public:claim_list')}?{query}")
        urls.append(f"{reverse('public:api_claims')}?{query}")
    urls += [reverse("public:claim_detail", args=[c.slug]) for c in newsroom["published"]]
    urls += [reverse("public:claim_embed", args=[c.slug]) for c in newsroom["published"]]
    urls += [
        f"{reverse('public:oembed')}?url=http://testserver{path}"
        for path in (reverse("public:claim_detail", args=[claim.slug]), f"/{CANARY}/")
    ]
    urls += [reverse("public:claim_detail", args=[c.slug]) for c in newsroom["drafts"]]
    urls += [
        reverse("public:claim_detail", args=["no-such-claim"]),
        reverse("public:story_detail", args=[newsroom["story"].slug]),
        reverse("public:story_detail", args=[newsroom["hidden_story"].slug]),
        reverse("public:story_detail", args=["no-such-story"]),
        reverse("public:feed_rss"),
        reverse("public:feed_atom"),
        reverse("public:sitemap"),
        reverse("public:api_claimreview"),
        reverse("public:methodology"),
        reverse("public:corrections"),
        reverse("public:tip_form"),
        reverse("public:tip_thanks"),
        "/no/such/page/",
        f"{reverse('public:claim_list')}?outlet=hidden-outlet&story=hidden-story",
        f"{reverse('public:api_claims')}?outlet=hidden-outlet&story=hidden-story",
        # Refused: the API names what it refused.
        f"{reverse('public:api_claims')}?verdict=no-such-verdict&published_after=not-a-date",
        f"{reverse('public:api_claims')}?page=999",
        reverse("healthz"),
        "/robots.txt",
        "/favicon.ico",
        *(
            reverse("public:sitemap_section", args=[name])
            for name in ("claims", "stories", "pages")
        ),
        f"{reverse('public:api_claimreview')}?since=2000-01-01",
        # Refused: the feed names what it refused.
        f"{reverse('public:api_claimreview')}?since=not-a-date&after=nonsense",
    ]
    assert claim.slug in " ".join(urls)
    return urls


def test_no_internal_field_reaches_any_public_page(client, newsroom):
    statuses = {}
    for url in public_addresses(newsroom):
        response = client.get(url, follow=True)
        statuses[url] = response.status_code
        body = content(response).decode()
        headers = str(response.headers)
        assert CANARY.lower() not in body.lower(), f"{url} shows the canary"
        assert CANARY.lower() not in headers.lower(), f"{url} headers carry the canary"

    # The addresses really were public pages, not all errors.
    assert sum(1 for status in statuses.values() if status == 200) >= 30
    withdrawn = reverse("public:claim_detail", args=[newsroom["withdrawn"].slug])
    assert statuses[withdrawn] == 410


def test_the_claim_a_reader_asked_for_says_so_and_nothing_of_the_tip(client, newsroom):
    plain = newsroom["published"][1]

    page = client.get(reverse("public:claim_detail", args=[plain.slug])).content.decode()

    assert "Readers asked us to check this." in page
    assert CANARY.lower() not in page.lower()


def test_searching_for_the_canary_finds_nothing(client, newsroom):
    for url in (reverse("public:claim_list"), reverse("public:api_claims")):
        response = client.get(url, {"q": CANARY})
        # The page repeats what was searched for; nothing else may match it.
        body = response.content.decode().replace(CANARY, "")
        assert CANARY.lower() not in body.lower()
    assert client.get(reverse("public:api_claims"), {"q": CANARY}).json()["count"] == 0


def test_external_fact_checks_were_imported_for_the_canary_to_mean_something(newsroom):
    assert ExternalFactCheck.objects.filter(claim_reviewed__contains=CANARY).count() == 1


def test_the_public_pages_do_show_the_public_work(client, newsroom):
    """The canary test is only worth something if the pages are not empty."""
    claim_page = client.get(reverse("public:claim_detail", args=[newsroom["published"][0].slug]))
    story_page = client.get(reverse("public:story_detail", args=[newsroom["story"].slug]))

    assert "Exports rose by 12 percent last year." in claim_page.content.decode()
    assert "Customs statistics" in claim_page.content.decode()
    assert "Rounded figure explained." in claim_page.content.decode()
    assert "How much did exports rise?" in story_page.content.decode()
    assert "Customs yearbook" in story_page.content.decode()
    assert "Trade background" in story_page.content.decode()


def content(response) -> bytes:
    """The body, whether streamed (a sitemap section's page) or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_no_canary(url, response):
    assert CANARY.lower() not in content(response).decode().lower(), f"{url} shows the canary"
    assert CANARY.lower() not in str(response.headers).lower(), f"{url} headers carry the canary"


def test_no_internal_field_reaches_the_headers_of_head_and_conditional_responses(client, newsroom):
    statuses = {}
    for url in public_addresses(newsroom):
        response = client.head(url)
        statuses[url] = response.status_code
        assert content(response) == b"", url
        assert_no_canary(url, response)
        if "ETag" in response.headers:
            # A reader's cache asking again: 304 Not Modified, headers only.
            again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
            assert again.status_code == 304, url
            assert_no_canary(url, again)

    assert sum(1 for status in statuses.values() if status == 200) >= 30
    assert statuses[reverse("public:claim_detail", args=[newsroom["withdrawn"].slug])] == 410
    assert statuses["/robots.txt"] == 200


SERVER_ERROR_ADDRESSES = [
    ("public:claim_list", []),
    ("public:api_claims", []),
    ("public:api_claimreview", []),
    ("public:feed_rss", []),
    ("public:feed_atom", []),
    ("public:sitemap", []),
    ("public:story_detail", ["trade-figures"]),
]


def test_the_server_error_page_shows_no_internal_field(newsroom, settings, monkeypatch):
    """A server error on a public page shows templates/500.html: no traceback,
    not even the error, whose message here carries the canary."""
    settings.DEBUG = False

    def failing(queryset):
        raise DatabaseError(f'column "notes" holds "Claim notes {CANARY}"')

    monkeypatch.setattr(ClaimQuerySet, "for_public_listing", failing)
    # The sitemap index reads only each section's latest change.
    monkeypatch.setattr(ClaimQuerySet, "latest_public_change", failing)
    client = Client(raise_request_exception=False)
    for name, args in SERVER_ERROR_ADDRESSES:
        url = reverse(name, args=args)
        response = client.get(url)

        assert response.status_code == 500, url
        body = response.content.decode()
        assert "Something went wrong on our side" in body, url
        assert "Traceback" not in body and "DatabaseError" not in body, url
        assert_no_canary(url, response)


def test_the_server_error_page_needs_nothing_to_render(rf):
    """Django renders it with no context and no request, whatever has failed."""
    response = server_error(rf.get("/claims/"))

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_staff_only_detection_and_lookup_endpoints_send_strangers_to_log_in(client, newsroom):
    """The admin's detection pages and JSON lookups name staff, drafts and
    suggestions: a visitor who is not logged in gets only the way to the login
    page, and a POST does nothing."""
    story = newsroom["hidden_story"]
    addresses = [
        reverse("admin:factcheck_story_quotes", args=[story.pk]),
        reverse("admin:factcheck_story_detect", args=[newsroom["story"].pk]),
        reverse("admin:factcheck_story_record_discrepancy", args=[story.pk]),
        f"{reverse('admin:factcheck_job_start_detection')}?story={newsroom['story'].pk}",
        f"{reverse('admin:factcheck_discrepancy_changelist')}?status__exact=suggested",
        reverse("admin:factcheck_discrepancy_change", args=[newsroom["dismissed"].pk]),
        reverse("admin:articles_article_raw_input", args=[newsroom["report"].pk]),
        f"{reverse('admin:factcheck_claim_assignee_autocomplete')}?term=checker",
        f"{reverse('admin:autocomplete')}?app_label=factcheck&model_name=claim"
        "&field_name=assignee&term=checker",
    ]
    discrepancies, jobs = Discrepancy.objects.count(), Job.objects.count()

    for url in addresses:
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 302, url
            login = urlsplit(response.headers["Location"])
            assert (login.path, parse_qs(login.query)) == (reverse("admin:login"), {"next": [url]})
            assert_no_canary(url, response)

    assert (Discrepancy.objects.count(), Job.objects.count()) == (discrepancies, jobs)

"""
Cross-site scripting: hostile markup in every field staff or imports can fill,
shown on every public and admin page that displays it, in a real browser.

The test fails if any script runs (a dialog opens), if the browser reports an
error or a CSP violation (the ``page`` fixture: an escaped payload never
triggers one, so a blocked inline script is a failure too, not a pass), if a
request leaves for any host but the live server (a beacon), or if any link
on the page uses a scheme other than http(s), mailto or a relative address.
"""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from articles import services as article_services
from articles.importers import ParsedArticle
from articles.models import Outlet, Story
from factcheck import roles, services
from factcheck.models import Rating, Source, Stance
from factcheck.services import PassageSpec
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

BEACON_HOST = "127.0.0.2"
PAYLOADS = [
    "<script>alert('s1')</script>",
    '"><img src=x onerror=alert("s2")>',
    "<svg onload=alert('s3')>",
    "<a href=\"javascript:alert('s4')\">click</a>",
    "&lt;script&gt;alert('s5')&lt;/script&gt;",
    "';alert('s6');//",
    f'<img src="http://{BEACON_HOST}:9/beacon.png">',
    "<iframe srcdoc=\"<script>alert('s7')</script>\"></iframe>",
    "</textarea><script>alert('s8')</script>",
    "<style>body{display:none}</style>",
]
HOSTILE = " ".join(PAYLOADS)
# A URL attribute may be relative or http(s)/mailto; anything else with a
# scheme (javascript:, data:, vbscript:) is refused.
SAFE_URL = re.compile(r"^\s*(?:https?:|mailto:|[^:/?#]*(?:[/?#]|$))", re.I)
URL_ATTRIBUTES = """
    els => els.flatMap(el => ['href', 'src', 'action', 'formaction', 'srcdoc']
        .filter(name => el.hasAttribute(name))
        .map(name => name + '=' + el.getAttribute(name)))
"""


@pytest.fixture
def hostile_newsroom(transactional_db):
    cache.clear()
    checker = UserFactory(username="checker", role=roles.FACT_CHECKER)
    editor = UserFactory(username="editor", role=roles.EDITOR)
    story = Story.objects.create(
        title=f"Story {HOSTILE}"[:300], slug="hostile-story", summary=HOSTILE
    )
    body = (
        f"The minister said the bridge cost $4 million. {HOSTILE}\n\n"
        f"Another report says the bridge cost $5 million. {HOSTILE}"
    )
    articles = []
    for n in range(2):
        outcome = article_services.article_import(
            parsed=ParsedArticle(
                body=body,
                raw_input=f"<html><body>{HOSTILE}<p>{body}</p></body></html>",
                format="html",
                source=f"hostile-{n}.html",
                url="javascript:alert('url')",
                headline=f"Headline {HOSTILE}",
                byline=f"By {HOSTILE}",
                dateline=f"CITY {HOSTILE}",
                outlet=f"Outlet {n} {HOSTILE}"[:200],
            ),
            acting_user=editor,
            story=story,
        )
        articles.append(outcome.article)
    Outlet.objects.update(notes=HOSTILE)
    claimant = services.claimant_find_or_create(name=f"Name {HOSTILE}"[:200], acting_user=checker)
    source = Source.objects.create(
        title=f"Source {HOSTILE}"[:300],
        url="javascript:alert('source')",
        archive_url="javascript:alert('archive')",
        publisher=f"Publisher {HOSTILE}"[:200],
        notes=HOSTILE,
    )
    claim = services.claim_create(
        article=articles[0],
        quote="the bridge cost $4 million",
        statement=f"Statement {HOSTILE}",
        claimant=claimant,
        notes=HOSTILE,
        acting_user=checker,
    )
    claim = services.claim_update(
        claim=claim,
        expected_version=claim.version,
        acting_user=checker,
        rating=Rating.objects.get(slug="false"),
        ruling=f"Ruling {HOSTILE}",
    )
    services.citation_add(
        claim=claim,
        source=source,
        stance=Stance.CONTRADICTS,
        excerpt=f"Excerpt {HOSTILE}",
        note=HOSTILE,
        acting_user=checker,
    )
    services.claim_submit(claim=claim, acting_user=checker)
    services.claim_publish(claim=claim, acting_user=editor)
    discrepancy = services.discrepancy_create(
        story=story,
        title=f"Question {HOSTILE}"[:300],
        kind="number",
        passages=[
            PassageSpec(article=articles[0], quote="the bridge cost $4 million"),
            PassageSpec(article=articles[1], quote="the bridge cost $5 million"),
        ],
        notes=HOSTILE,
        acting_user=checker,
    )
    services.discrepancy_cite(
        discrepancy=discrepancy, source=source, stance=Stance.SUPPORTS, acting_user=checker
    )
    services.discrepancy_resolve(
        discrepancy=discrepancy, resolution=f"Resolution {HOSTILE}", acting_user=editor
    )
    superuser = UserFactory(username="root", is_superuser=True)
    return {
        "claim": claim,
        "story": story,
        "articles": articles,
        "discrepancy": discrepancy,
        "source": source,
        "claimant": claimant,
        "superuser": superuser,
    }


def _urls(data):
    claim, story = data["claim"], data["story"]
    article, discrepancy = data["articles"][0], data["discrepancy"]
    public = [
        reverse("public:claim_list"),
        reverse("public:claim_list") + "?q=bridge",
        reverse("public:claim_detail", args=[claim.slug]),
        reverse("public:story_detail", args=[story.slug]),
    ]
    admin = [
        reverse("admin:index"),
        reverse("admin:factcheck_claim_changelist"),
        reverse("admin:factcheck_claim_change", args=[claim.pk]),
        reverse("admin:factcheck_claim_history", args=[claim.pk]),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_story_change", args=[story.pk]),
        reverse("admin:articles_outlet_changelist"),
        reverse("admin:factcheck_source_changelist"),
        reverse("admin:factcheck_source_change", args=[data["source"].pk]),
        reverse("admin:factcheck_claimant_changelist"),
        reverse("admin:factcheck_discrepancy_changelist"),
        reverse("admin:factcheck_discrepancy_change", args=[discrepancy.pk]),
    ]
    return public, admin


def _watch(page, live_server):
    dialogs, beacons = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    def on_request(request):
        if not request.url.startswith(live_server.url) and not request.url.startswith("data:"):
            beacons.append(request.url)

    page.on("request", on_request)
    return dialogs, beacons


def _check(page, url, dialogs, beacons):
    page.goto(url)
    page.wait_for_load_state("load")
    assert not dialogs, f"script ran on {url}: {dialogs}"
    assert not beacons, f"request left the site from {url}: {beacons}"
    attributes = page.eval_on_selector_all("*", URL_ATTRIBUTES)
    unsafe = [
        value
        for value in attributes
        if value.startswith("srcdoc=") or not SAFE_URL.match(value.split("=", 1)[1])
    ]
    assert not unsafe, f"unsafe URL on {url}: {unsafe}"
    assert "<script>alert" not in page.content().replace("&lt;script&gt;", "")
    # The payload is there, as text: the page really showed the hostile field.
    assert "alert(" in page.inner_text("body"), f"payload not shown as text on {url}"


def test_hostile_fields_never_run_on_public_pages(page, live_server, hostile_newsroom):
    dialogs, beacons = _watch(page, live_server)
    public, _ = _urls(hostile_newsroom)

    for url in public:
        _check(page, url, dialogs, beacons)


def test_hostile_fields_never_run_in_the_admin(page, live_server, hostile_newsroom):
    dialogs, beacons = _watch(page, live_server)
    _, admin = _urls(hostile_newsroom)
    page.goto(reverse("admin:login"))
    page.fill("#id_username", "root")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")

    for url in admin:
        _check(page, url, dialogs, beacons)

"""A hostile page, archived when a claim cites it, opened from the public claim
page in a real browser: none of its script runs in the site's origin.

The page tries everything a page can: an inline script that renames the
document, writes the site's localStorage and calls a canary address; an
image whose error handler calls it; a meta refresh to it; a form sent to it
on load; and, in its readable text, the same markup written out (which a
browser sniffing the text as HTML would run). The canary is on the local
test site, which records every request it gets.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from factcheck import roles, services
from factcheck.models import Rating, SourceSnapshot, Stance
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

SCRIPT = (
    "document.title = 'pwned'; localStorage.setItem('pwned', '1'); "
    "fetch('{canary}?from=script'); new Image().src = '{canary}?from=image';"
)


def hostile_page(canary):
    script = SCRIPT.format(canary=canary)
    return f"""<!doctype html><html><head><title>Ministry statement</title>
<meta http-equiv="refresh" content="0; url={canary}?from=refresh">
<script>{script}</script></head>
<body onload="document.forms[0].submit()"><article><h1>Ministry statement</h1>
<p>The ministry spent 6.2 million on the bridge, according to the accounts
published on Friday by the city's finance office.</p>
<p>Readers sometimes paste code such as &lt;script&gt;{script}&lt;/script&gt; and
&lt;img src=x onerror="fetch('{canary}?from=text')"&gt; into comments.</p>
<img src="/missing.png" onerror="fetch('{canary}?from=onerror')">
<form action="{canary}" method="post"><input name="from" value="form"></form>
</article></body></html>"""


@pytest.fixture
def archived_claim(transactional_db, site, settings):
    """A published claim citing the hostile page, archived at citation."""
    settings.SOURCE_ARCHIVE_ON_CITATION = True
    settings.IMPORT_ALLOW_PRIVATE_URLS = True
    cache.clear()
    canary = site.root + "/canary"
    site.serve("/statement", hostile_page(canary), content_type="text/html; charset=utf-8")
    checker = UserFactory(username="checker", role=roles.FACT_CHECKER)
    editor = UserFactory(username="editor", role=roles.EDITOR)
    services.ratings_install_default()
    article = ArticleFactory(body="The mayor said the bridge cost $4 million on Monday.")
    claim = services.claim_create(
        article=article,
        quote="the bridge cost $4 million",
        statement="The bridge cost $4 million.",
        acting_user=checker,
    )
    claim = services.claim_update(
        claim=claim,
        expected_version=claim.version,
        acting_user=checker,
        rating=Rating.objects.get(slug="false"),
        ruling="The ministry's accounts show 6.2 million.",
    )
    source = services.source_create(
        acting_user=checker, title="Ministry statement", url=site.root + "/statement"
    )
    # Committed at once (a transactional test): the worker archives the page.
    services.citation_add(
        claim=claim, source=source, stance=Stance.CONTRADICTS, acting_user=checker
    )
    claim = services.claim_submit(claim=claim, acting_user=checker)
    claim = services.claim_publish(claim=claim, acting_user=editor)
    assert SourceSnapshot.objects.filter(source=source, error="").count() == 1
    return claim


def test_the_archived_copy_of_a_hostile_page_runs_none_of_its_script(
    page, archived_claim, site, live_server, screenshot
):
    claim_url = reverse("public:claim_detail", args=[archived_claim.slug])
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(claim_url)
    title = page.title()

    page.get_by_role("link", name="archived copy").click()
    expect(page.get_by_text("The ministry spent 6.2 million on the bridge")).to_be_visible()
    # The markup written in the page's text is shown as text.
    expect(page.get_by_text("<script>document.title = 'pwned'")).to_be_visible()
    page.wait_for_timeout(500)  # time for a refresh, a load handler or a fetch to fire
    screenshot(page, "archive")

    assert "/sources/" in page.url and "/archive/" in page.url
    assert page.title() != "pwned"
    assert site.asked("/canary?from=script") == []
    assert not [path for path, _ in site.requests if path.startswith("/canary")]
    assert not [url for url in requests if "/canary" in url]
    page.goto(claim_url)
    assert page.title() == title
    assert page.evaluate("localStorage.getItem('pwned')") is None

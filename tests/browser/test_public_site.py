"""
The public site in a real browser: the seed story's reports, three published
fact-checks and a resolved discrepancy; list, filter, search, a claim page with
its ClaimReview, the story page, a phone-sized screen and the keyboard. The
``page`` fixture fails the test on any console error or CSP violation (which is
why the 410 page is tested in tests/public: Chromium logs every 4xx document).
"""

import datetime
import http.server
import json
import re
import threading

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from articles import services as article_services
from articles.models import Article
from factcheck import roles, search, services
from factcheck.models import Discrepancy, Rating, Source, Stance
from factcheck.services import PassageSpec
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def seed_site(transactional_db, seeds_dir):
    """The seed story with work published through the services."""
    # The cache table and the search index outlive the flush between
    # transactional tests; start both from this test's data.
    cache.clear()
    story = article_services.story_get_or_create(spec=article_services.read_manifest(seeds_dir))
    article_services.articles_import(
        inputs=article_services.inputs_from_folder(seeds_dir), story=story
    )
    reports = list(Article.objects.in_story(story).order_by("source"))
    checker = UserFactory(username="checker", role=roles.FACT_CHECKER)
    editor = UserFactory(username="editor", role=roles.EDITOR)
    lee = services.claimant_find_or_create(name="Lee Jae-myung", acting_user=checker)
    lee.description = "President of South Korea"
    lee.save()
    statement = Source.objects.create(
        title="Post by Lee Jae-myung on X",
        url="https://x.com/Jaemyung_Lee/status/2011000000000000000",
        publisher="Lee Jae-myung",
        kind=Source.Kind.SOCIAL,
        published_on=datetime.date(2026, 1, 13),
    )

    def publish(article, quote, text, rating, ruling, **fields):
        claim = services.claim_create(
            article=article, quote=quote, statement=text, acting_user=checker, **fields
        )
        claim = services.claim_update(
            claim=claim,
            expected_version=claim.version,
            acting_user=checker,
            rating=Rating.objects.get(slug=rating),
            ruling=ruling,
        )
        services.citation_add(
            claim=claim,
            source=statement,
            stance=Stance.SUPPORTS,
            excerpt="Playing the drums has been my longtime dream.",
            acting_user=checker,
        )
        claim = services.claim_submit(claim=claim, acting_user=checker)
        return services.claim_publish(claim=claim, acting_user=editor)

    claims = [
        publish(
            reports[0],
            "matching athletic jackets",
            "The two leaders wore matching athletic jackets.",
            "mostly-true",
            "Photographs show matching blue sports tops with each leader's name.",
        ),
        publish(
            reports[1],
            'later admitting he felt "a little awkward" at first',
            "Lee said the session felt “a little awkward” at first.",
            "true",
            "Lee's post on X uses these words in its English version.",
            claimant=lee,
            kind="quote",
            claimed_on=datetime.date(2026, 1, 13),
        ),
        publish(
            reports[2],
            "drum kits made by Pearl",
            "The drum kits were made by Pearl.",
            "unproven",
            "No photograph we found shows the brand clearly.",
        ),
    ]
    discrepancy = services.discrepancy_create(
        story=story,
        title="What were the leaders wearing?",
        kind=Discrepancy.Kind.DESCRIPTION,
        passages=[
            PassageSpec(article=reports[0], quote="matching athletic jackets"),
            PassageSpec(article=reports[1], quote="matching blue sports tops"),
            PassageSpec(article=reports[2], quote="matching blue uniforms"),
        ],
        acting_user=checker,
    )
    services.discrepancy_mark_not_conflict(
        discrepancy=discrepancy,
        resolution="All three describe the same blue tops embroidered with the leaders' names.",
        acting_user=editor,
    )
    search.rebuild_index()
    yield {"story": story, "claims": claims}
    cache.clear()


def rows(page):
    return page.locator("li.claim-row")


def test_reader_filters_searches_and_opens_a_fact_check(page, seed_site, screenshot):
    page.goto(reverse("public:claim_list"))
    expect(page.get_by_role("heading", level=1, name="Fact-checks")).to_be_visible()
    expect(rows(page)).to_have_count(3)
    expect(page.locator("svg.verdict-chart rect.verdict-chart__bar")).to_have_count(
        Rating.objects.count()
    )
    screenshot(page, "list")

    # Filter by verdict with the form: the address carries only that filter
    # (the page size the form also sends is the default, so it is dropped).
    page.get_by_label("Verdict", exact=True).select_option(label="True")
    page.get_by_role("button", name="Show fact-checks").click()
    expect(page).to_have_url(re.compile(r"/claims/\?verdict=true$"))
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first).to_contain_text("a little awkward")
    screenshot(page, "filtered")

    # Search.
    page.goto(reverse("public:claim_list"))
    page.get_by_role("searchbox", name="Search").fill("jackets")
    page.get_by_role("button", name="Show fact-checks").click()
    expect(page).to_have_url(re.compile(r"q=jackets"))
    expect(rows(page)).to_have_count(1)
    expect(page.get_by_role("heading", level=2, name=re.compile("1 fact-check"))).to_be_visible()

    # Open the claim.
    rows(page).first.get_by_role("link").click()
    claim = seed_site["claims"][0]
    expect(page).to_have_url(re.compile(reverse("public:claim_detail", args=[claim.slug])))
    expect(page.get_by_role("heading", level=1)).to_have_text(claim.statement)
    expect(page.locator(".verdict--large")).to_have_text("Mostly true")
    expect(page.locator(".claim__passages mark")).to_have_text("matching athletic jackets")
    screenshot(page, "claim")

    review = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == page.get_by_role("heading", level=1).inner_text()
    assert review["reviewRating"]["alternateName"] == page.locator(".verdict--large").text_content()
    assert review["reviewRating"]["ratingValue"] == 4
    assert review["url"] == page.url
    assert review["author"]["name"] == page.locator(".site-footer__name").inner_text()
    assert review["datePublished"] == page.locator("time.claim__published").get_attribute(
        "datetime"
    )

    # On to the story: the reports, the timeline and how they differed.
    page.locator(".claim__kicker a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(seed_site["story"].title)
    expect(page.locator("svg.timeline")).to_be_visible()
    expect(page.locator("li.report")).to_have_count(3)
    columns = page.locator(".discrepancy .side-by-side__report")
    expect(columns).to_have_count(3)
    boxes = [columns.nth(i).bounding_box() for i in range(3)]
    assert len({round(box["y"]) for box in boxes}) == 1, "the reports sit side by side"
    screenshot(page, "story")


def test_the_site_works_on_a_phone_and_with_the_keyboard(page, seed_site, screenshot):
    page.set_viewport_size(PHONE)
    claim = seed_site["claims"][1]
    for name, url in [
        ("list", reverse("public:claim_list")),
        ("claim", reverse("public:claim_detail", args=[claim.slug])),
        ("story", reverse("public:story_detail", args=[seed_site["story"].slug])),
        ("methodology", reverse("public:methodology")),
    ]:
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways on a phone by {overflow}px"
        screenshot(page, f"phone-{name}")

    # The first Tab reaches the skip link, which moves focus past the header.
    page.goto(reverse("public:claim_list"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The filters work from the keyboard alone.
    page.get_by_label("Verdict", exact=True).focus()
    page.keyboard.press("ArrowDown")
    page.get_by_role("button", name="Show fact-checks").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"verdict="))


# One report's card on the story page, its boxes as {x, y, width, height}. A label
# covered by another element is not what elementFromPoint finds at its centre
# (asked once the label is scrolled into view).
CARD_GEOMETRY = """
(card) => {
  const box = (element) => element && element.getBoundingClientRect().toJSON();
  const label = card.querySelector('.assessment');
  const at = box(label);
  const found = document.elementFromPoint(at.x + at.width / 2, at.y + at.height / 2);
  return {
    text: label.textContent.trim(),
    label: at,
    card: box(card),
    next: box(card.nextElementSibling),
    after: box(card.parentElement.nextElementSibling),
    onTop: Boolean(found && label.contains(found)),
  };
}
"""


def inside(inner, outer):
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


def intersects(one, other):
    return (
        one["x"] < other["x"] + other["width"]
        and other["x"] < one["x"] + one["width"]
        and one["y"] < other["y"] + other["height"]
        and other["y"] < one["y"] + one["height"]
    )


@pytest.mark.parametrize(
    "viewport", [PHONE, {"width": 1440, "height": 900}], ids=["phone", "desktop"]
)
def test_each_report_s_assessment_is_visible_inside_its_card(page, seed_site, screenshot, viewport):
    editor = UserFactory._meta.model.objects.get(username="editor")
    discrepancy = Discrepancy.objects.get()
    for passage, assessment in zip(
        discrepancy.passages.order_by("pk"), ["accurate", "inaccurate", "unclear"], strict=True
    ):
        services.passage_assess(passage=passage, assessment=assessment, acting_user=editor)
    page.set_viewport_size(viewport)
    page.goto(reverse("public:story_detail", args=[seed_site["story"].slug]))
    screenshot(page, "story")

    cards = page.locator("ul.side-by-side > li")
    texts = []
    for index in range(cards.count()):
        card = cards.nth(index)
        card.locator(".assessment").scroll_into_view_if_needed()
        found = card.evaluate(CARD_GEOMETRY)
        text = found["text"]
        texts.append(text)
        assert inside(found["label"], found["card"]), f"“{text}” spills out of its card"
        if found["next"]:
            assert not intersects(found["label"], found["next"]), f"“{text}” is under the next card"
        assert not intersects(found["label"], found["after"]), f"“{text}” runs into what follows"
        assert found["onTop"], f"“{text}” is covered by another element"
    assert sorted(texts) == ["Accurate", "Inaccurate", "Unclear"]


@pytest.fixture
def another_site():
    """``another_site(frame_src)``: the address of a page of another origin (a
    server of its own on another port) that frames ``frame_src``. A real server,
    since Chromium refuses a loopback frame in a page it cannot place locally."""
    pages = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def make(frame_src):
        pages["/post"] = (
            "<!doctype html><html lang=en><title>Another site</title><h1>A blog post</h1>"
            f'<iframe src="{frame_src}" width="560" height="320" title="Embedded"></iframe>'
        )
        return f"http://127.0.0.1:{server.server_port}/post"

    yield make
    server.shutdown()
    server.server_close()


def test_the_claim_card_renders_inside_another_sites_iframe(
    page, live_server, seed_site, another_site, screenshot
):
    claim = seed_site["claims"][1]
    address = live_server.url + reverse("public:claim_detail", args=[claim.slug])
    answer = page.request.get(reverse("public:oembed"), params={"url": address}).json()
    src = answer["html"].split('src="', 1)[1].split('"', 1)[0]

    page.goto(another_site(src))

    card = page.frame_locator("iframe").locator("article.card")
    expect(card.locator(".card__statement")).to_have_text(claim.statement)
    expect(card.locator(".verdict")).to_have_text("True")
    expect(card.get_by_role("link", name=re.compile("Read the full fact-check"))).to_have_attribute(
        "href", address
    )
    # The site's stylesheet applies inside the frame (the badge has its colour).
    colour = card.locator(".verdict").evaluate(
        "element => getComputedStyle(element).backgroundColor"
    )
    assert colour == "rgb(27, 94, 32)"
    screenshot(page, "embedded-card")


def test_the_claim_page_itself_refuses_to_be_framed(browser, live_server, seed_site, another_site):
    claim = seed_site["claims"][1]
    context = browser.new_context()
    page = context.new_page()
    refusals = []
    page.on("console", lambda message: refusals.append(message.text))

    page.goto(another_site(live_server.url + reverse("public:claim_detail", args=[claim.slug])))

    frame = page.frames[1]
    # Chromium replaces a refused frame with its own error page.
    frame.wait_for_url("chrome-error://**")
    assert claim.statement not in frame.content()
    assert any("frame-ancestors" in text for text in refusals)
    context.close()

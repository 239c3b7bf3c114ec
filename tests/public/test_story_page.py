import datetime

import pytest
from django.urls import reverse

from factcheck import services
from factcheck.models import Discrepancy
from factcheck.services import PassageSpec
from tests.factories import ArticleFactory, OutletFactory, StoryFactory

from .conftest import queries
from .html import parse

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
Status = Discrepancy.Status


def url_of(story):
    return reverse("public:story_detail", args=[story.slug])


@pytest.fixture
def story():
    return StoryFactory(slug="drum-duet", title="Leaders play a drum duet", summary="Two leaders.")


@pytest.fixture
def reports(story):
    def report(outlet, body, **fields):
        return ArticleFactory(
            story=story,
            outlet=OutletFactory(name=outlet),
            body=body,
            raw_input=body,
            **fields,
        )

    return [
        report(
            "Wire Service",
            "Background the wire wrote.\n\nThe duet took place on Tuesday in Nara.\n\nMore.",
            headline="Leaders drum together",
            published_on=datetime.date(2026, 1, 13),
            published_at=datetime.datetime(2026, 1, 13, 18, 5, tzinfo=UTC),
            url="https://wire.example/duet",
        ),
        report(
            "Evening Paper",
            "The duet took place on Wednesday in Nara, the paper said.",
            headline="A surprise jam session",
            published_on=datetime.date(2026, 1, 14),
            url="https://paper.example/jam",
        ),
        report(
            "Blog Without Dates",
            "Some say the duet took place on Tuesday.",
            headline="",
            published_on=None,
            url="",
        ),
    ]


@pytest.fixture
def resolved(desk, story, reports):
    return desk.discrepancy(
        story,
        reports[:2],
        title="On which day did the duet take place?",
        quotes=["on Tuesday", "on Wednesday"],
        status=Status.RESOLVED,
    )


def test_story_lists_each_report_with_outlet_date_and_link_but_not_its_text(
    client, story, reports, resolved, editor
):
    # The blog is cited by no published work: listed because an editor says so.
    services.report_set_public(article=reports[2], public=True, acting_user=editor)

    response = client.get(url_of(story))

    assert response.status_code == 200
    page = parse(response.content)
    assert page.find("h1").text() == "Leaders play a drum duet"
    items = page.find("ol", cls="reports").find_all("li", cls="report")
    assert [i.find(cls="report__outlet").text() for i in items] == [
        "Wire Service",
        "Evening Paper",
        "Blog Without Dates",
    ]
    assert items[0].find("time").attrs["datetime"] == "2026-01-13T18:05:00+00:00"
    assert items[0].find("a").attrs["href"] == "https://wire.example/duet"
    # Unknown date and headline are left out, never "Undated" or "Untitled".
    assert items[2].find(cls="report__meta").text() == "A. Reporter"
    assert not items[2].find_all(cls="report__headline")
    assert not items[2].find_all("a")
    assert b"Background the wire wrote" not in response.content


def test_resolved_discrepancies_show_the_reports_side_by_side_with_the_finding(
    client, story, reports, resolved, desk
):
    desk.discrepancy(
        story,
        [reports[0], reports[2]],
        title="Do the wire and the blog agree?",
        quotes=["in Nara", "Some say"],
        kind=Discrepancy.Kind.OTHER,
        status=Status.NOT_CONFLICT,
    )
    desk.discrepancy(
        story,
        reports[1:],
        title="Open question still being researched",
        quotes=["the paper said", "Some say"],
        kind=Discrepancy.Kind.ATTRIBUTION,
    )
    suggestion = services.discrepancy_suggest(
        story=story,
        title="Dismissed detection suggestion",
        kind=Discrepancy.Kind.NUMBER,
        passages=[
            PassageSpec(article=reports[0], quote="The duet"),
            PassageSpec(article=reports[1], quote="The duet"),
        ],
        score=0.4,
        explanation="Numbers differ.",
    )
    services.discrepancy_dismiss(discrepancy=suggestion, acting_user=desk.editor)

    response = client.get(url_of(story))
    page = parse(response.content)

    section = page.find("section", cls=None, **{"aria-labelledby": "differences-heading"})
    shown = section.find_all("article", cls="discrepancy")
    assert [d.find("h3").text() for d in shown] == [
        "On which day did the duet take place?",
        "Do the wire and the blog agree?",
    ]
    day = shown[0]
    columns = day.find("ul", cls="side-by-side").find_all("li", cls="side-by-side__report")
    assert [c.find("mark").text() for c in columns] == ["on Tuesday", "on Wednesday"]
    assert "Wire Service" in columns[0].text()
    assert "The official schedule shows Tuesday." in day.find(cls="discrepancy__resolution").text()
    assert "Official schedule" in day.find("ol", cls="sources").text()
    assert "the reports agree" in shown[1].text()
    assert b"Open question still being researched" not in response.content
    assert b"Dismissed detection suggestion" not in response.content


def test_timeline_draws_one_row_per_outlet_and_one_point_per_dated_report(
    client, story, reports, resolved
):
    page = parse(client.get(url_of(story)).content)

    svg = page.find("svg", cls="timeline")
    rows = svg.find_all("g", cls="timeline__row")
    assert [r.find("text").text() for r in rows] == ["Wire Service", "Evening Paper"]
    points = svg.find_all("circle", cls="timeline__point")
    assert len(points) == 2
    # Earlier report to the left.
    assert float(points[0].attrs["cx"]) < float(points[1].attrs["cx"])
    assert svg.attrs["role"] == "img"
    assert "Wire Service, 1 report" in svg.find("title").text()
    assert not [e for e in svg.iter() if "style" in e.attrs]


def test_story_with_only_drafts_is_not_public(client, desk, story, reports):
    desk.draft(article=reports[0], quote="on Tuesday")
    desk.discrepancy(story, reports[:2], title="Open", quotes=["on Tuesday", "on Wednesday"])

    response = client.get(url_of(story))

    assert response.status_code == 404
    assert b"Leaders play a drum duet" not in response.content


def test_story_with_a_published_claim_lists_it(client, desk, story, reports):
    claim = desk.publish(article=reports[1], quote="on Wednesday")

    page = parse(client.get(url_of(story)).content)

    rows = page.find_all("li", cls="claim-row")
    assert [r.find("h3").text() for r in rows] == [claim.statement]
    assert not page.find_all("article", cls="discrepancy")


# Queries, whatever the number of reports and discrepancies:
#  1. the story, if it has public work
#  2. its reports with their outlets (text left in the database)
#  3. its published claims with rating, claimant, article, outlet
#  4. their tags (none asked for when the story has no published claim)
#  5. its public discrepancies
#  6. their passages with articles and outlets
#  7. their cited sources
#  8. their dated update notes (a report changed after the finding)
STORY_QUERIES = 8


@pytest.mark.parametrize("extra", [0, 3])
def test_query_count_does_not_grow_with_reports_or_discrepancies(
    client, desk, story, reports, resolved, extra, editor
):
    services.report_set_public(article=reports[2], public=True, acting_user=editor)
    for n in range(extra):
        article = ArticleFactory(
            story=story,
            body=f"Report {n}: the duet took place on day {n + 20}.",
            published_on=datetime.date(2026, 1, 15 + n),
        )
        claim = desk.publish(article=article, quote=f"on day {n + 20}")
        desk.tag(claim, "Diplomacy", f"Topic {n}")
        desk.discrepancy(
            story,
            [reports[0], article],
            title=f"Question {n}",
            quotes=["in Nara", f"day {n + 20}"],
            status=Status.RESOLVED,
        )

    with queries(STORY_QUERIES if extra else STORY_QUERIES - 1):
        response = client.get(url_of(story))

    page = parse(response.content)
    assert len(page.find_all("li", cls="report")) == 3 + extra
    assert len(page.find_all("article", cls="discrepancy")) == 1 + extra

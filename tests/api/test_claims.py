import csv
import datetime
import gzip
import io

import pytest
from django.urls import reverse

from factcheck import services
from tests.factories import SourceFactory

from .conftest import queries

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
LIST = reverse("api:claim-list")
CSV = reverse("api:claim-csv")


def detail(claim):
    return reverse("api:claim-detail", args=[claim.slug])


def links(response) -> dict[str, str]:
    """The Link header as ``{rel: url}``."""
    found = {}
    for part in response["Link"].split(", "):
        url, rel = part.split("; ")
        found[rel.removeprefix('rel="').removesuffix('"')] = url.strip("<>")
    return found


def csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


# The list ---------------------------------------------------------------------------


def test_list_returns_published_claims_newest_first_with_their_public_fields(
    client, desk, published
):
    desk.draft(statement="A draft the API must not return.")
    claimant = services.claimant_find_or_create(name="Mayor Jane Roe", acting_user=desk.checker)
    quoted = desk.publish(claimant=claimant, claimed_on=datetime.date(2026, 1, 12))

    response = client.get(LIST)

    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["count"] == 4
    assert [c["slug"] for c in data["results"]] == [
        quoted.slug,
        *(c.slug for c in reversed(published)),
    ]
    first = data["results"][0]
    assert first["statement"] == quoted.statement
    assert first["url"] == f"http://testserver{reverse('public:claim_detail', args=[quoted.slug])}"
    assert first["api_url"] == f"http://testserver{detail(quoted)}"
    assert first["claimant"] == {
        "name": "Mayor Jane Roe",
        "slug": claimant.slug,
        "kind": "person",
        "description": "",
    }
    assert first["claimed_on"] == "2026-01-12"
    assert first["verdict"] == {
        "label": "False",
        "slug": "false",
        "value": 1,
        "definition": "The statement is not accurate.",
    }
    assert first["article"] == {
        "headline": quoted.article.headline,
        "url": quoted.article.url,
        "published_on": quoted.article.published_on.isoformat(),
        "outlet": quoted.article.outlet.name,
        "story": {"slug": quoted.article.story.slug, "title": quoted.article.story.title},
    }
    assert b"A draft the API must not return." not in response.content


def test_list_takes_the_public_list_filters(client, desk, clock):
    clock.set(datetime.datetime(2026, 5, 1, tzinfo=UTC))
    old = desk.publish(ready={"rating": "true"}, statement="Ferries run every hour.")
    clock.set(datetime.datetime(2026, 5, 9, tzinfo=UTC))
    new = desk.publish(ready={"rating": "false"}, statement="Trams run every minute.")

    def slugs(**params):
        response = client.get(LIST, params)
        assert response.status_code == 200, response.content
        return [c["slug"] for c in response.json()["results"]]

    assert slugs(verdict="true") == [old.slug]
    assert slugs(outlet=new.article.outlet.slug) == [new.slug]
    assert slugs(story=old.article.story.slug) == [old.slug]
    # A typed name, as the page's text box takes it.
    assert slugs(story=old.article.story.title) == [old.slug]
    assert slugs(published_after="2026-05-05") == [new.slug]
    assert slugs(published_before="2026-05-05") == [old.slug]
    assert slugs(q="ferries") == [old.slug]
    assert slugs(sort="oldest") == [old.slug, new.slug]


def test_bad_filters_are_refused_naming_each_parameter(client, published):
    response = client.get(
        LIST, {"verdict": "nope", "kind": "rumour", "published_before": "soon", "outlet": "zz"}
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == 400
    # The range filter's half at fault, by the name used in the address.
    assert set(body["errors"]) == {"verdict", "kind", "published_before", "outlet"}
    assert body["errors"]["published_before"] == ["Enter a valid date."]
    assert "zz" in body["errors"]["outlet"][0]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page": "two"}, "page"),
        ({"page": "0"}, "page"),
        ({"per_page": "500"}, "per_page"),
        ({"per_page": "-1"}, "per_page"),
    ],
)
def test_a_bad_page_or_page_size_is_refused_naming_it(client, published, params, parameter):
    response = client.get(LIST, params)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [parameter]


def test_pages_are_linked_in_the_link_header_keeping_the_filters(client, desk):
    made = [desk.publish() for _ in range(5)]

    first = client.get(LIST, {"per_page": 2, "kind": "event"})

    # Parameters in name order, as the page cache keys them: one address per page.
    assert links(first) == {
        "first": "http://testserver/api/v1/claims/?kind=event&per_page=2",
        "next": "http://testserver/api/v1/claims/?kind=event&page=2&per_page=2",
        "last": "http://testserver/api/v1/claims/?kind=event&page=3&per_page=2",
    }
    data = first.json()
    assert (data["count"], data["page"], data["pages"], data["per_page"]) == (5, 1, 3, 2)
    second = client.get(links(first)["next"])
    assert links(second)["prev"] == links(first)["first"]
    last = client.get(links(second)["next"])
    assert "next" not in links(last)
    seen = [c["slug"] for page in (first, second, last) for c in page.json()["results"]]
    assert seen == [c.slug for c in reversed(made)]


def test_a_page_past_the_last_is_a_json_404(client, published):
    response = client.get(LIST, {"page": 2})

    assert response.status_code == 404
    assert response.json() == {"status": 404, "detail": "There is no page 2: the last page is 1."}


def test_an_empty_list_is_one_empty_page(client, db):
    data = client.get(LIST).json()

    assert (data["count"], data["pages"], data["results"]) == (0, 1, [])


# Queries, whatever the page size:
#  1. the count
#  2. the page of claims with rating, claimant, article, outlet and story
#  3. their tags (prefetch)
# A later page is found by its keys first (KeysFirstPaginator): one more.
# Each choice filter with a value is looked up once more (verdict, outlet).
# A search finds its newest matches' keys first: one more.
@pytest.mark.parametrize("rows", [3, 25])
def test_list_query_count_does_not_grow_with_the_page(client, desk, rows):
    claims = [desk.publish() for _ in range(rows)]

    with queries(3):
        data = client.get(LIST, {"per_page": 100}).json()
    assert len(data["results"]) == rows

    with queries(4):
        data = client.get(LIST, {"per_page": 2, "page": 2}).json()
    assert [c["slug"] for c in data["results"]] == [c.slug for c in reversed(claims)][2:4]

    with queries(6):
        data = client.get(
            LIST, {"verdict": "false", "outlet": claims[0].article.outlet.slug, "q": "council"}
        ).json()
    assert [c["slug"] for c in data["results"]] == [claims[0].slug]


# Caching, compression, CORS ---------------------------------------------------------


def test_answers_carry_validators_and_a_conditional_get_gets_304(client, published):
    response = client.get(LIST)
    etag, modified = response["ETag"], response["Last-Modified"]

    assert client.get(LIST, headers={"if-none-match": etag}).status_code == 304
    assert client.get(LIST, headers={"if-modified-since": modified}).status_code == 304
    # Served again from the page cache: no query at all.
    with queries(0):
        again = client.get(LIST)
    assert again.json() == response.json()
    assert again["Link"] == response["Link"]


def test_a_publication_changes_the_answer_and_its_etag(client, desk, published):
    before = client.get(LIST)

    desk.publish(statement="Published after the first read.")

    after = client.get(LIST, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after.json()["results"][0]["statement"] == "Published after the first read."


def test_answers_are_gzipped_for_clients_that_accept_it(client, desk):
    for _ in range(10):
        desk.publish()

    response = client.get(LIST, headers={"accept-encoding": "gzip"})

    assert response["Content-Encoding"] == "gzip"
    assert b'"count":10' in gzip.decompress(response.content)
    # A conditional GET still matches the (weakened) ETag of the compressed answer.
    again = client.get(LIST, headers={"accept-encoding": "gzip", "if-none-match": response["ETag"]})
    assert again.status_code == 304


def test_any_site_may_read_the_api_but_not_write_to_it(client, published):
    origin = {"origin": "https://reader.example"}

    read = client.get(LIST, headers=origin)
    assert read["Access-Control-Allow-Origin"] == "*"
    assert {"link", "etag"} <= set(read["Access-Control-Expose-Headers"].lower().split(", "))
    assert "Access-Control-Allow-Credentials" not in read

    preflight = client.options(LIST, headers={**origin, "access-control-request-method": "POST"})
    allowed = {m.strip() for m in preflight["Access-Control-Allow-Methods"].split(",")}
    assert allowed == {"GET", "HEAD", "OPTIONS"}
    assert client.post(LIST, headers=origin).status_code == 405


def test_site_pages_send_no_cors_headers(client, published):
    response = client.get(reverse("public:claim_list"), headers={"origin": "https://x.example"})

    assert "Access-Control-Allow-Origin" not in response


def test_the_answer_does_not_depend_on_the_accept_header(client, published):
    plain = client.get(LIST)
    html = client.get(LIST, headers={"accept": "text/html"})

    assert html.status_code == 200
    assert html["Content-Type"] == "application/json"
    assert html.content == plain.content


# One claim --------------------------------------------------------------------------


def test_detail_shows_the_claim_as_its_page_does(client, desk):
    claim = desk.publish(ready={"excerpt": "Roads cost 2 million in the city accounts."})
    desk.correct(claim, note="The verdict was revised.", rating="mostly-false")

    response = client.get(detail(claim))

    assert response.status_code == 200
    data = response.json()
    assert data["statement"] == claim.statement
    assert data["verdict"]["slug"] == "mostly-false"
    assert data["passage"]["quote"] == claim.quote
    assert data["passage"]["report"]["headline"] == claim.article.headline
    [source] = data["sources"]
    assert source["stance"] == "contradicts"
    assert source["excerpt"] == "Roads cost 2 million in the city accounts."
    [correction] = data["corrections"]
    assert correction["note"] == "The verdict was revised."
    assert (correction["old_verdict"], correction["new_verdict"]) == ("False", "Mostly false")
    assert data["updated_at"] > data["first_published_at"]


def test_detail_of_a_draft_is_a_json_404(client, desk):
    draft = desk.draft(statement="Not yet public.")

    response = client.get(detail(draft))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert b"Not yet public." not in response.content


def test_detail_of_a_withdrawn_claim_is_410_with_the_dated_note(client, desk, published):
    desk.unpublish(published[0], note="Withdrawn: the quote was misattributed.")

    response = client.get(detail(published[0]))

    assert response.status_code == 410
    data = response.json()
    assert data["note"] == "Withdrawn: the quote was misattributed."
    assert data["unpublished_at"]
    assert published[0].statement not in response.content.decode()


# Queries: the claim with its rating, claimant, article, outlet and story; then
# its other appearances, sources and corrections, one query each, however many.
@pytest.mark.parametrize("sources", [1, 3])
def test_detail_query_count_does_not_grow_with_the_sources(client, desk, sources):
    claim = desk.draft()
    for _ in range(sources - 1):
        services.citation_add(
            claim=claim, source=SourceFactory(), stance="supports", acting_user=desk.checker
        )
        claim.refresh_from_db()
    claim = desk.publish(claim)

    # The claim, its appearances, its sources, its corrections, its tags.
    with queries(5):
        data = client.get(detail(claim)).json()
    assert len(data["sources"]) == sources


# CSV --------------------------------------------------------------------------------


def test_csv_offers_the_published_claims_under_the_same_filters(client, desk):
    true = desk.publish(ready={"rating": "true"}, statement="Ferries run every hour.")
    desk.publish(ready={"rating": "false"})
    desk.draft(statement="A draft stays out of the file.")

    response = client.get(CSV, {"verdict": "true"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="claims-')
    assert response["ETag"] and response["Last-Modified"]
    [row] = csv_rows(response)
    assert row["slug"] == true.slug
    assert row["statement"] == "Ferries run every hour."
    assert row["verdict"] == "True"
    assert row["report_url"] == true.article.url
    assert row["story_slug"] == true.article.story.slug


def test_csv_refuses_bad_filters_as_json(client, published):
    response = client.get(CSV, {"published_after": "yesterday"})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["published_after"]


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(client, desk):
    desk.publish(
        statement='=HYPERLINK("https://evil.example","Click")',
        ready={"ruling": "+1 says the council; -1 say others; @mention"},
    )

    [row] = csv_rows(client.get(CSV))

    assert row["statement"] == '\'=HYPERLINK("https://evil.example","Click")'
    assert row["ruling"].startswith("'+1")
    # A number stays a number.
    assert row["verdict_value"] == "1"


# Queries, at any number of rows: the claims, read in chunks from one query.
@pytest.mark.parametrize("rows", [2, 12])
def test_csv_query_count_does_not_grow_with_the_rows(client, desk, rows):
    for _ in range(rows):
        desk.publish()

    response = client.get(CSV)
    with queries(1):
        found = csv_rows(response)
    assert len(found) == rows

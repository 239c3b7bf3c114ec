import pytest
from django.core.management import call_command
from django.db import connection

from factcheck import search, services
from factcheck.models import Claim

pytestmark = pytest.mark.django_db

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite FTS5 only")
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search only"
)


def found(q):
    return [c.statement for c in search.search_claims(Claim.objects.published(), q)]


@pytest.fixture
def claims(desk, fact_checker):
    harbour = desk.publish(
        statement="The harbour tunnel cost twice the estimate.",
        ready={"ruling": "Audited accounts show a forty percent overrun."},
    )
    ruling_only = desk.publish(
        statement="The ferry service was cut.",
        ready={"ruling": "Timetables show the harbour ferry still runs hourly."},
    )
    quoted = desk.publish(
        quote="lighthouses were automated",
        article=desk.article(quote="lighthouses were automated"),
        statement="Keepers lost their jobs.",
        claimant=services.claimant_find_or_create(
            name="Coastguard Commissioner", acting_user=fact_checker
        ),
    )
    desk.draft(statement="Draft about the harbour zebra crossing.")
    return {"harbour": harbour, "ruling_only": ruling_only, "quoted": quoted}


def test_statement_matches_rank_above_ruling_matches(claims):
    assert found("harbour") == [
        "The harbour tunnel cost twice the estimate.",
        "The ferry service was cut.",
    ]


def test_every_word_must_match_in_any_of_the_fields(claims):
    assert found("harbour overrun") == ["The harbour tunnel cost twice the estimate."]
    assert found("lighthouses automated") == ["Keepers lost their jobs."]
    assert found("harbour lighthouses") == []


def test_words_match_in_other_forms(claims):
    assert found("tunnels") == ["The harbour tunnel cost twice the estimate."]
    assert found("automating lighthouse") == ["Keepers lost their jobs."]


def test_drafts_are_never_found(claims):
    assert found("zebra") == []


@pytest.mark.parametrize(
    "q",
    [
        '"harbour',
        "harbour AND",
        "NEAR(harbour tunnel",
        "harbour*",
        "statement:harbour",
        "-harbour",
        "harbour ^ ( ) ' : ;",
        "OR",
        "!!!",
        "\x00harbour",
    ],
)
def test_query_syntax_in_user_input_is_never_an_error(client, claims, q):
    results = found(q)

    assert all(isinstance(statement, str) for statement in results)
    assert client.get("/claims/", {"q": q}).status_code in (200, 302)


def test_unpublishing_takes_a_claim_out_of_search(claims, desk):
    desk.unpublish(claims["harbour"], note="Withdrawn.")

    assert found("tunnel") == []


def test_a_correction_is_searchable_in_its_new_words(claims, desk):
    desk.correct(
        claims["ruling_only"],
        note="Reworded.",
        statement="The catamaran service was cut.",
    )

    assert found("catamaran") == ["The catamaran service was cut."]
    assert found("ferry") == ["The catamaran service was cut."]  # still in the ruling


def test_plain_fallback_matches_every_word_statement_first(claims):
    results = search.plain_search(Claim.objects.published(), "harbour")

    assert [c.statement for c in results] == [
        "The harbour tunnel cost twice the estimate.",
        "The ferry service was cut.",
    ]
    assert list(search.plain_search(Claim.objects.published(), "coastguard")) == [claims["quoted"]]


def test_fts5_queries_are_quoted_words():
    assert search.fts5_match('bridge" OR x* NEAR(a, b) col:y') == (
        '"bridge" "OR" "x" "NEAR" "a" "b" "col" "y"'
    )
    assert search.fts5_match("?!") == ""


@on_sqlite
def test_sqlite_index_holds_exactly_the_published_claims(claims, desk):
    def indexed():
        with connection.cursor() as cursor:
            cursor.execute("SELECT rowid, claimant FROM factcheck_claim_fts ORDER BY rowid")
            return cursor.fetchall()

    assert [rowid for rowid, _ in indexed()] == sorted(c.pk for c in claims.values())
    assert ("Coastguard Commissioner") in {name for _, name in indexed()}
    assert found("coastguard") == ["Keepers lost their jobs."]

    desk.unpublish(claims["quoted"], note="Withdrawn.")
    assert claims["quoted"].pk not in [rowid for rowid, _ in indexed()]


@on_sqlite
def test_rebuild_command_refills_the_sqlite_index(claims, capsys):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM factcheck_claim_fts")
    assert found("harbour") == []

    call_command("rebuild_search_index")

    assert "Indexed 3 published claim(s)." in capsys.readouterr().out
    assert len(found("harbour")) == 2


@on_postgresql
def test_rebuild_command_on_postgresql_only_reports(claims, capsys):
    call_command("rebuild_search_index")

    assert "nothing to rebuild" in capsys.readouterr().out


@on_postgresql
def test_postgresql_search_uses_the_expression_of_the_gin_index(claims):
    # Every claim, so the status index is no alternative; and on a handful of
    # rows a sequential scan is cheaper, so forbid it: can the GIN index answer?
    queryset = search.search_claims(Claim.objects.all(), "harbour")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()

    assert "Bitmap Index Scan on factcheck_claim_search" in plan


@on_postgresql
def test_postgresql_search_works_inside_a_subquery(claims):
    # The stored document is named through whatever alias the claim table has.
    matches = search.search_claims(Claim.objects.published(), "harbour").values("pk")

    assert set(Claim.objects.filter(pk__in=matches).values_list("statement", flat=True)) == {
        claims["harbour"].statement,
        claims["ruling_only"].statement,
    }


@on_postgresql
def test_the_stored_document_follows_an_edited_claim(claims, desk):
    desk.correct(claims["quoted"], note="Wrong wording.", statement="Keepers lost their posts.")

    assert found("posts") == ["Keepers lost their posts."]

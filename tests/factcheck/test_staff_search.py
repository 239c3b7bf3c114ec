"""The claims changelist's search (factcheck.search.staff_search_claims): any
claim, by substring, through an index on both databases."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from factcheck import search, services
from factcheck.models import Claim
from factcheck.services.claims import claimant_add_alias
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm")


def found(q):
    return {claim.statement for claim in search.staff_search_claims(Claim.objects.all(), q)}


@pytest.fixture
def claims(fact_checker, editor, ready_claim):
    tunnel = ArticleFactory(
        headline="Millbrook council approves budget",
        body="The mayor said the harbour tunnel cost twice the estimate, officials said.",
    )
    ferry = ArticleFactory(
        headline="Ferry timetable changes",
        body="Ferries will run every hour, the Coastguard Commissioner told reporters.",
    )
    commissioner = services.claimant_find_or_create(
        name="Coastguard Commissioner", acting_user=fact_checker
    )
    claimant_add_alias(claimant=commissioner, name="Sea Chief", acting_user=fact_checker)
    published = services.claim_publish(claim=ready_claim, acting_user=editor)
    return {
        "published": published,
        "tunnel": services.claim_create(
            article=tunnel,
            quote="the harbour tunnel cost twice the estimate",
            statement="The tunnel went over budget.",
            acting_user=fact_checker,
        ),
        "ferry": services.claim_create(
            article=ferry,
            quote="Ferries will run every hour",
            statement="Ferries run hourly.",
            claimant=commissioner,
            acting_user=fact_checker,
        ),
    }


def test_part_of_a_word_in_any_case_finds_a_draft(claims):
    assert found("TUNN") == {"The tunnel went over budget."}


def test_the_quote_claimant_alias_and_headline_are_searched_too(claims):
    assert found("twice the") == {"The tunnel went over budget."}
    assert found("guard commiss") == {"Ferries run hourly."}
    assert found("sea chief") == {"Ferries run hourly."}
    assert found("millbrook") == {"The tunnel went over budget."}


def test_published_claims_are_found_like_any_other(claims):
    assert found("bridge cost") == {"The bridge cost $4 million."}


def test_every_word_must_match_and_quotes_make_a_phrase(claims):
    assert found("tunnel hourly") == set()
    assert found("ferries hourly") == {"Ferries run hourly."}
    assert found('"run hourly"') == {"Ferries run hourly."}
    assert found('"hourly run"') == set()


def test_words_shorter_than_a_trigram_still_match(claims):
    assert found("ru") == {"Ferries run hourly."}


@pytest.mark.parametrize(
    "q", ['"', '" OR "', "tunnel*", "NEAR(tunnel budget)", "statement:tunnel", "\x00", "'"]
)
def test_search_syntax_in_what_staff_type_is_never_an_error(claims, q):
    found(q)


def test_an_edited_statement_is_found_by_its_new_words_only(claims, fact_checker):
    claim = claims["tunnel"]
    services.claim_update(
        claim=claim,
        expected_version=claim.version,
        acting_user=fact_checker,
        statement="The crossing went over budget.",
    )

    assert found("crossing") == {"The crossing went over budget."}
    assert found('"tunnel went"') == set()


def test_a_deleted_claim_is_not_found(claims):
    Claim.objects.filter(pk=claims["ferry"].pk).delete()

    assert found("hourly") == set()


@on_sqlite
def test_the_sqlite_table_stays_in_step_with_the_claims(claims, fact_checker):
    Claim.objects.filter(pk=claims["tunnel"].pk).update(statement="Rewritten in bulk.")
    Claim.objects.filter(pk=claims["ferry"].pk).delete()

    with connection.cursor() as cursor:
        # FTS5 compares its index with the claim table; raises when they differ.
        cursor.execute(
            "INSERT INTO factcheck_claim_text (factcheck_claim_text) VALUES ('integrity-check')"
        )
    assert found("in bulk") == {"Rewritten in bulk."}


@on_sqlite
def test_lost_triggers_are_restored_and_the_table_refilled(claims):
    search.staff_index_suspend()
    Claim.objects.filter(pk=claims["tunnel"].pk).update(statement="Changed with no trigger.")

    assert search.staff_index_ensure() is True
    assert search.staff_index_ensure() is False  # nothing left to do

    assert found("no trigger") == {"Changed with no trigger."}
    Claim.objects.filter(pk=claims["tunnel"].pk).update(statement="And again, with one.")
    assert found("with one") == {"And again, with one."}


@on_postgresql
def test_postgresql_answers_a_substring_from_the_trigram_indexes(claims):
    queryset = search.staff_search_claims(Claim.objects.order_by(), "tunnel")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "claim_statement_trgm" in plan
    assert "claim_quote_trgm" in plan


def test_the_changelist_searches_this_way(client, editor, claims):
    client.force_login(editor)

    response = client.get(reverse("admin:factcheck_claim_changelist"), {"q": "sea chief"})

    content = response.content.decode()
    assert "Ferries run hourly." in content
    assert "The tunnel went over budget." not in content
    assert "every word must match" in content  # the help text under the box


@on_sqlite
def test_rebuild_search_index_refills_the_staff_table(claims):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO factcheck_claim_text (factcheck_claim_text) VALUES ('delete-all')"
        )
    assert found("tunnel") == set()

    call_command("rebuild_search_index", stdout=io.StringIO())

    assert found("tunnel") == {"The tunnel went over budget."}

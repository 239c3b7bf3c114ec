"""The dashboard shows work that comes back: to editors what awaits their review,
longest waiting first; to authors what an editor sent back, with the note."""

import pytest
from django.urls import reverse

from factcheck import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def section(content, start, end="</section>"):
    at = content.index(start)
    return content[at : content.index(end, at)]


def draft(article, fact_checker, words):
    return services.claim_create(
        article=article,
        quote="the bridge cost $4 million",
        statement=f"The bridge cost $4 million ({words}).",
        acting_user=fact_checker,
    )


def submitted(article, fact_checker, words):
    return services.claim_submit(
        claim=draft(article, fact_checker, words), acting_user=fact_checker
    )


def test_editors_see_what_awaits_their_review_longest_waiting_first(
    client, article, fact_checker, editor
):
    first = submitted(article, fact_checker, "first")
    submitted(article, fact_checker, "second")
    # Edited after the second was submitted: it has still waited longest.
    services.claim_update(
        claim=first, expected_version=first.version, acting_user=fact_checker, notes="More."
    )
    own = submitted(article, editor, "the editor's own")
    draft(article, fact_checker, "a draft")
    client.force_login(editor)

    panel = section(client.get(INDEX).content.decode(), 'id="desk-review"')

    assert panel.index("(first)") < panel.index("(second)")
    assert own.statement not in panel  # another editor must rule on it
    assert "(a draft)" not in panel
    assert f"{reverse('admin:factcheck_claim_changelist')}?status__exact=in_review" in panel


def test_fact_checkers_have_no_review_panel(client, article, fact_checker):
    submitted(article, fact_checker, "first")
    client.force_login(fact_checker)

    assert 'id="desk-review"' not in client.get(INDEX).content.decode()


def test_authors_see_what_was_sent_back_with_the_editor_s_note(
    client, article, fact_checker, editor
):
    editor.first_name, editor.last_name = "Ada", "Editor"
    editor.save()
    claim = submitted(article, fact_checker, "to redo")
    services.claim_send_back(
        claim=claim, note="Cite the city accounts, not the press release.", acting_user=editor
    )
    other_author = UserFactory(username="other", role="Fact-checker")
    someone_elses = submitted(article, other_author, "not mine")
    services.claim_send_back(claim=someone_elses, note="Redo.", acting_user=editor)
    client.force_login(fact_checker)

    panel = section(client.get(INDEX).content.decode(), 'id="desk-sent-back"')

    assert "(to redo)" in panel
    assert "Cite the city accounts, not the press release." in panel
    assert "Ada Editor" in panel
    assert "(not mine)" not in panel


def test_a_claim_resubmitted_leaves_the_sent_back_list(client, article, fact_checker, editor):
    claim = submitted(article, fact_checker, "to redo")
    claim = services.claim_send_back(claim=claim, note="Cite a source.", acting_user=editor)
    services.claim_submit(claim=claim, acting_user=fact_checker)
    client.force_login(fact_checker)

    panel = section(client.get(INDEX).content.decode(), 'id="desk-sent-back"')

    assert "(to redo)" not in panel
    assert "Nothing has been sent back to you." in panel


def test_only_the_latest_note_is_shown(client, article, fact_checker, editor):
    claim = submitted(article, fact_checker, "twice")
    claim = services.claim_send_back(claim=claim, note="First note.", acting_user=editor)
    claim = services.claim_submit(claim=claim, acting_user=fact_checker)
    services.claim_send_back(claim=claim, note="Second note.", acting_user=editor)
    client.force_login(fact_checker)

    panel = section(client.get(INDEX).content.decode(), 'id="desk-sent-back"')

    assert "Second note." in panel and "First note." not in panel


@pytest.mark.parametrize("rows", [2, 6])
def test_the_review_panels_read_in_constant_queries(
    client, article, fact_checker, editor, django_assert_num_queries, rows
):
    second_editor = UserFactory(username="second-editor", role="Editor")
    for n in range(rows):
        submitted(article, fact_checker, f"waiting {n}")
        sent = submitted(article, editor, f"sent back {n}")
        services.claim_send_back(claim=sent, note=f"Note {n}.", acting_user=second_editor)
    client.force_login(editor)

    # 1 session, 2 user, 3-4 permissions, 5 counts by status, 6 awaiting my review,
    # 7 sent back to me, 8 their notes with authors (prefetched), 9 my open work,
    # 10 recently published, 11 orphaned passages, 12 the other orphaned passages
    # (no claim's own is, so the list says whether every passage is in place),
    # 13 open discrepancies by story, 14-16 published claims, appearances and
    # discrepancy passages whose report changed, 17 the sidebar's recent actions.
    # 18 the header's unread notifications.
    with django_assert_num_queries(18):
        content = client.get(INDEX).content.decode()

    assert section(content, 'id="desk-review"').count("(waiting ") == rows
    assert section(content, 'id="desk-sent-back"').count("(sent back ") == rows


def test_a_claim_unpublished_since_its_last_note_is_not_listed_as_sent_back(
    client, ready_claim, fact_checker, editor
):
    claim = services.claim_send_back(claim=ready_claim, note="One more source.", acting_user=editor)
    claim = services.claim_submit(claim=claim, acting_user=fact_checker)
    claim = services.claim_publish(claim=claim, acting_user=editor)
    services.claim_unpublish(claim=claim, note="Withdrawn.", acting_user=editor)
    client.force_login(fact_checker)

    panel = section(client.get(INDEX).content.decode(), 'id="desk-sent-back"')

    assert claim.statement not in panel

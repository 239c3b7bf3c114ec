"""Every write the admin offers, applied to a published claim and to a resolved
discrepancy: afterwards published work still has what the public relies on (a
verdict, a ruling, at least one source; a resolution with a source), the version
moved whenever the row or its citations, appearances or passages changed, and a
refusal changed nothing and said why.

The cases are enumerated from the admin itself (each ModelAdmin's forms, inlines,
bulk actions and workflow buttons), so a new one fails here until it has a case,
as a new URL does in tests/test_admin_urls_by_role.py.
"""

import pytest
from django.contrib import admin, messages
from django.test import RequestFactory
from django.urls import reverse

from factcheck import services
from factcheck.admin import claims as claims_admin
from factcheck.admin import discrepancies as discrepancies_admin
from factcheck.admin.workflow import steps
from factcheck.models import Claim, Discrepancy, Rating, Stance
from factcheck.services import PassageSpec
from factcheck.workflows import CLAIM, DISCREPANCY
from tests.factories import ArticleFactory, SourceFactory, StoryFactory
from tests.test_admin_urls_by_role import form_as_shown

pytestmark = pytest.mark.django_db

BODIES = [
    "The leaders wore matching athletic jackets on stage. They played for ten minutes.",
    "Both wore matching blue sports tops at the drums. They played for ten minutes.",
    "The pair wore matching blue uniforms as they drummed. They played for ten minutes.",
]


@pytest.fixture
def newsroom(fact_checker, editor):
    """A story of three reports, a published claim (one source, one appearance) and
    a resolved discrepancy between two of the reports (one source), all made
    through the services."""
    services.ratings_install_default()
    story = StoryFactory()
    reports = [ArticleFactory(story=story, body=body, raw_input=body) for body in BODIES]
    claim = services.claim_create(
        article=reports[0],
        quote="matching athletic jackets",
        statement="The leaders wore matching athletic jackets.",
        acting_user=fact_checker,
    )
    claim = services.claim_update(
        claim=claim,
        expected_version=claim.version,
        acting_user=fact_checker,
        rating=Rating.objects.get(slug="mostly-true"),
        ruling="Photographs show blue sports tops.",
    )
    services.citation_add(
        claim=claim, source=SourceFactory(), stance=Stance.SUPPORTS, acting_user=fact_checker
    )
    services.appearance_add(
        claim=claim, article=reports[1], quote="matching blue sports tops", acting_user=fact_checker
    )
    services.claim_submit(claim=claim, acting_user=fact_checker)
    services.claim_publish(claim=claim, acting_user=editor)
    discrepancy = services.discrepancy_create(
        story=story,
        title="What did the leaders wear?",
        kind=Discrepancy.Kind.DESCRIPTION,
        passages=[
            PassageSpec(article=reports[0], quote="matching athletic jackets"),
            PassageSpec(article=reports[1], quote="matching blue sports tops"),
        ],
        acting_user=fact_checker,
    )
    services.discrepancy_cite(
        discrepancy=discrepancy, source=SourceFactory(), stance=Stance.CONTEXT, acting_user=editor
    )
    services.discrepancy_resolve(
        discrepancy=discrepancy, resolution="Blue sports tops.", acting_user=editor
    )
    # Another discrepancy of the story, still a suggestion, to merge with.
    suggestion = services.discrepancy_suggest(
        story=story,
        title="How long did they play?",
        kind=Discrepancy.Kind.OTHER,
        passages=[
            PassageSpec(article=reports[1], quote="They played for ten minutes"),
            PassageSpec(article=reports[2], quote="They played for ten minutes"),
        ],
        score=0.5,
        explanation="Durations",
    )
    return {
        "claim": Claim.objects.get(pk=claim.pk),
        "discrepancy": Discrepancy.objects.get(pk=discrepancy.pk),
        "suggestion": suggestion,
        "reports": reports,
    }


# What published work must keep ------------------------------------------------------------


def published_work_problems():
    """Every broken promise of published work, in words."""
    problems = []
    for claim in Claim.objects.published():
        if claim.rating_id is None:
            problems.append(f"published claim {claim.pk} has no verdict")
        if not claim.ruling.strip():
            problems.append(f"published claim {claim.pk} has no ruling")
        if not claim.citations.exists():
            problems.append(f"published claim {claim.pk} cites no source")
    for discrepancy in Discrepancy.objects.filter(
        status__in=[Discrepancy.Status.RESOLVED, Discrepancy.Status.NOT_CONFLICT]
    ):
        if not discrepancy.resolution.strip():
            problems.append(f"public discrepancy {discrepancy.pk} has no resolution")
        if discrepancy.status == Discrepancy.Status.RESOLVED and not discrepancy.citations.exists():
            problems.append(f"resolved discrepancy {discrepancy.pk} cites no source")
    return problems


def _rows(queryset):
    return list(queryset.order_by("pk").values())


def state(obj):
    """``(version, everything else of the row and of the rows hanging off it: a
    claim's citations, appearances and public update notes, a discrepancy's
    citations and passages)``,
        ``None`` once deleted."""
    model = type(obj)
    row = model._base_manager.filter(pk=obj.pk).values().first()
    if row is None:
        return None
    version = row.pop("version")
    row.pop("updated_at")
    if model is Claim:
        related = (
            _rows(obj.citations.all()),
            _rows(obj.appearances.all()),
            _rows(obj.updates.all()),
        )
    else:
        related = (_rows(obj.citations.all()), _rows(obj.passages.all()))
    return version, (row, related)


# Posting what the admin shows ----------------------------------------------------------------


def change_form(client, url):
    """The change page's forms as a browser would post them back, and each
    inline's formset prefix by its inline class name."""
    response = client.get(url)
    assert response.status_code == 200
    forms = [response.context["adminform"].form]
    prefixes = {}
    for inline in response.context["inline_admin_formsets"]:
        forms.extend([inline.formset.management_form, *inline.formset.forms])
        prefixes[type(inline.opts).__name__] = inline.formset.prefix
    return form_as_shown(forms), prefixes


def claim_url(objects):
    return reverse("admin:factcheck_claim_change", args=[objects["claim"].pk])


def discrepancy_url(objects):
    return reverse("admin:factcheck_discrepancy_change", args=[objects["discrepancy"].pk])


def post_form(url_of, change):
    """A case that posts the change form back with ``change(data, prefixes, objects)``."""

    def case(client, objects):
        url = url_of(objects)
        data, prefixes = change_form(client, url)
        change(data, prefixes, objects)
        return client.post(url, data)

    return case


def post_action(changelist, action, subject="claim", **extra):
    def case(client, objects):
        data = {"action": action, "_selected_action": [objects[subject].pk]}
        data.update({k: v(objects) if callable(v) else v for k, v in extra.items()})
        return client.post(reverse(f"admin:factcheck_{changelist}_changelist"), data)

    return case


def post_step(url_name, subject, **data):
    def case(client, objects):
        obj = objects[subject]
        return client.post(
            reverse(f"admin:{url_name}", args=[obj.pk]), {"version": obj.version, **data}
        )

    return case


def _edit_claim_notes(data, prefixes, objects):
    data["notes"] = "Checked again on Friday."


def _edit_citation(data, prefixes, objects):
    data[f"{prefixes['CitationInline']}-0-stance"] = Stance.CONTEXT


def _remove_last_citation(data, prefixes, objects):
    data[f"{prefixes['CitationInline']}-0-DELETE"] = "on"


def _new_citation(data, prefixes, objects):
    prefix = prefixes["NewCitationInline"]
    data[f"{prefix}-0-source"] = SourceFactory().pk
    data[f"{prefix}-0-stance"] = Stance.SUPPORTS


def _swap_the_last_citation(data, prefixes, objects):
    _remove_last_citation(data, prefixes, objects)
    _new_citation(data, prefixes, objects)


def _remove_appearance(data, prefixes, objects):
    data[f"{prefixes['AppearanceInline']}-0-DELETE"] = "on"


def _new_appearance(data, prefixes, objects):
    prefix = prefixes["NewAppearanceInline"]
    data[f"{prefix}-0-article"] = objects["reports"][2].pk
    data[f"{prefix}-0-quote"] = "matching blue uniforms"


def _edit_discrepancy_notes(data, prefixes, objects):
    data["notes"] = "Asked the photographers."


def _empty_the_resolution(data, prefixes, objects):
    data["resolution"] = ""


def _new_discrepancy_citation(data, prefixes, objects):
    prefix = prefixes["NewDiscrepancyCitationInline"]
    data[f"{prefix}-0-source"] = SourceFactory().pk
    data[f"{prefix}-0-stance"] = Stance.SUPPORTS


def _new_passage(data, prefixes, objects):
    prefix = prefixes["NewPassageInline"]
    data[f"{prefix}-0-article"] = objects["reports"][2].pk
    data[f"{prefix}-0-quote"] = "matching blue uniforms"


def _assess(client, objects):
    discrepancy = objects["discrepancy"]
    passage = discrepancy.passages.order_by("pk").first()
    return client.post(
        reverse("admin:factcheck_discrepancy_assess", args=[discrepancy.pk, passage.pk]),
        {f"passage-{passage.pk}-assessment": "inaccurate", f"passage-{passage.pk}-note": ""},
    )


CHANGED, REFUSED = "changed", "refused"

# (what is applied, who applies it, to which object, what must come of it).
# Keys: "<admin>:form…", "<admin>:inline:<class>…", "<admin>:action:<name>…",
# "<admin>:step:<slug>…" and "<admin>:view:<name>"; anything after a space is a
# second case of the same write.
CASES = {
    # The published claim's change form and inlines.
    "claim:form": (post_form(claim_url, _edit_claim_notes), "editor", "claim", CHANGED),
    "claim:inline:CitationInline": (
        post_form(claim_url, _edit_citation),
        "editor",
        "claim",
        CHANGED,
    ),
    "claim:inline:CitationInline the last one removed": (
        post_form(claim_url, _remove_last_citation),
        "editor",
        "claim",
        REFUSED,
    ),
    "claim:inline:CitationInline swapped for a new one": (
        post_form(claim_url, _swap_the_last_citation),
        "editor",
        "claim",
        CHANGED,
    ),
    "claim:inline:NewCitationInline": (
        post_form(claim_url, _new_citation),
        "editor",
        "claim",
        CHANGED,
    ),
    "claim:inline:AppearanceInline": (
        post_form(claim_url, _remove_appearance),
        "editor",
        "claim",
        CHANGED,
    ),
    "claim:inline:NewAppearanceInline": (
        post_form(claim_url, _new_appearance),
        "editor",
        "claim",
        CHANGED,
    ),
    # Its bulk actions.
    "claim:action:assign_claims": (
        post_action("claim", "assign_claims", apply="yes", assignee=lambda o: o["editor"].pk),
        "editor",
        "claim",
        CHANGED,
    ),
    "claim:action:submit_claims": (
        post_action("claim", "submit_claims"),
        "editor",
        "claim",
        REFUSED,
    ),
    "claim:action:publish_claims": (
        post_action("claim", "publish_claims"),
        "editor",
        "claim",
        REFUSED,
    ),
    "claim:action:archive_claims": (
        post_action("claim", "archive_claims"),
        "editor",
        "claim",
        REFUSED,
    ),
    "claim:action:delete_selected": (
        post_action("claim", "delete_selected", post="yes"),
        "superuser",
        "claim",
        REFUSED,
    ),
    # Its buttons.
    "claim:step:submit": (post_step("factcheck_claim_submit", "claim"), "editor", "claim", REFUSED),
    "claim:step:publish": (
        post_step("factcheck_claim_publish", "claim"),
        "editor",
        "claim",
        REFUSED,
    ),
    "claim:step:send-back": (
        post_step("factcheck_claim_send_back", "claim", note="Again."),
        "editor",
        "claim",
        REFUSED,
    ),
    "claim:step:unpublish": (
        post_step("factcheck_claim_unpublish", "claim", note="Withdrawn pending review."),
        "editor",
        "claim",
        CHANGED,
    ),
    "claim:step:correct": (
        post_step("factcheck_claim_correct", "claim", **{"correction-note": "Ruling clarified."}),
        "editor",
        "claim",
        CHANGED,
    ),
    "claim:step:correct without a ruling": (
        post_step(
            "factcheck_claim_correct",
            "claim",
            **{"correction-note": "Ruling removed.", "correction-ruling": "  "},
        ),
        "editor",
        "claim",
        CHANGED,
    ),
    "claim:step:archive": (
        post_step("factcheck_claim_archive", "claim"),
        "editor",
        "claim",
        REFUSED,
    ),
    # A published claim is past review and scheduling: each is refused.
    "claim:step:schedule": (
        post_step("factcheck_claim_schedule", "claim", **{"schedule-when": "2099-01-04T10:00"}),
        "editor",
        "claim",
        REFUSED,
    ),
    "claim:step:unschedule": (
        post_step("factcheck_claim_unschedule", "claim"),
        "editor",
        "claim",
        REFUSED,
    ),
    "claim:step:set-reviewer": (
        post_step("factcheck_claim_set_reviewer", "claim"),
        "editor",
        "claim",
        REFUSED,
    ),
    "claim:step:assign-to-me": (
        post_step("factcheck_claim_assign_to_me", "claim"),
        "editor",
        "claim",
        CHANGED,
    ),
    # The resolved discrepancy's change form and inlines.
    "discrepancy:form": (
        post_form(discrepancy_url, _edit_discrepancy_notes),
        "editor",
        "discrepancy",
        CHANGED,
    ),
    "discrepancy:form with the resolution emptied": (
        post_form(discrepancy_url, _empty_the_resolution),
        "editor",
        "discrepancy",
        REFUSED,
    ),
    "discrepancy:inline:NewDiscrepancyCitationInline": (
        post_form(discrepancy_url, _new_discrepancy_citation),
        "editor",
        "discrepancy",
        CHANGED,
    ),
    "discrepancy:inline:NewPassageInline": (
        post_form(discrepancy_url, _new_passage),
        "editor",
        "discrepancy",
        CHANGED,
    ),
    # Its bulk actions.
    "discrepancy:action:assign_discrepancies": (
        post_action(
            "discrepancy",
            "assign_discrepancies",
            "discrepancy",
            apply="yes",
            assignee=lambda o: o["editor"].pk,
        ),
        "editor",
        "discrepancy",
        CHANGED,
    ),
    "discrepancy:action:set_status": (
        post_action(
            "discrepancy", "set_status", "discrepancy", apply="yes", status="investigating"
        ),
        "editor",
        "discrepancy",
        REFUSED,
    ),
    "discrepancy:action:set_status to open": (
        post_action("discrepancy", "set_status", "discrepancy", apply="yes", status="open"),
        "editor",
        "discrepancy",
        CHANGED,
    ),
    "discrepancy:action:confirm_suggestions": (
        post_action("discrepancy", "confirm_suggestions", "discrepancy"),
        "editor",
        "discrepancy",
        REFUSED,
    ),
    "discrepancy:action:dismiss_suggestions": (
        post_action("discrepancy", "dismiss_suggestions", "discrepancy"),
        "editor",
        "discrepancy",
        REFUSED,
    ),
    "discrepancy:action:merge_suggestions": (
        post_action(
            "discrepancy",
            "merge_suggestions",
            "discrepancy",
            apply="yes",
            into=lambda o: o["suggestion"].pk,
        ),
        "editor",
        "discrepancy",
        REFUSED,
    ),
    "discrepancy:action:merge_suggestions a suggestion into it": (
        post_action(
            "discrepancy",
            "merge_suggestions",
            "suggestion",
            apply="yes",
            into=lambda o: o["discrepancy"].pk,
        ),
        "editor",
        "discrepancy",
        CHANGED,
    ),
    "discrepancy:action:delete_selected": (
        post_action("discrepancy", "delete_selected", "discrepancy", post="yes"),
        "superuser",
        "discrepancy",
        REFUSED,
    ),
    # Its buttons and the assessment of a passage.
    **{
        f"discrepancy:step:{slug}": (
            post_step(f"factcheck_discrepancy_{slug.replace('-', '_')}", "discrepancy"),
            "editor",
            "discrepancy",
            REFUSED,
        )
        for slug in (
            "confirm",
            "dismiss",
            "investigate",
            "resolve",
            "not-conflict",
            "request-review",
            "set-reviewer",
        )
    },
    "discrepancy:step:reopen": (
        post_step("factcheck_discrepancy_reopen", "discrepancy"),
        "editor",
        "discrepancy",
        CHANGED,
    ),
    "discrepancy:step:assign-to-me": (
        post_step("factcheck_discrepancy_assign_to_me", "discrepancy"),
        "editor",
        "discrepancy",
        CHANGED,
    ),
    "discrepancy:view:assess": (_assess, "editor", "discrepancy", CHANGED),
}

# The other admins' inlines and actions, and why each cannot touch the claim or
# the discrepancy above (or which test covers it).
OTHER_WRITES = {
    "factcheck.claimant:inline:ClaimantAliasInline": (
        "other spellings of a name: claimant_add_alias, claimant_update_alias and "
        "claimant_remove_alias (tests/factcheck/test_admin_claimants_and_sources.py)"
    ),
    "factcheck.job:action:retry_jobs": "queues a job again through job_retry (test_jobs.py)",
    **{
        f"factcheck.tip:action:{verb}_tips": (
            f"moderates reader tips through tip_{verb} (tests/factcheck/test_tips.py); "
            "a tip touches no claim but the draft tip_make_claim creates"
        )
        for verb in ("accept", "reject")
    },
    "factcheck.source:action:merge_selected": (
        "merges sources of one URL through sources_merge, every citation of published "
        "work moved to the source kept, none removed (test_sources_once_each.py)"
    ),
    "factcheck.source:action:clear_flags": (
        "marks dead or changed flags seen through source_flag_clear; touches the watch "
        "row only, never a citation (test_admin_source_snapshots.py)"
    ),
    "factcheck.source:inline:SourceSnapshotInline": (
        "read-only: lists the archived copies, adds, changes and deletes none "
        "(test_admin_source_snapshots.py)"
    ),
    "factcheck.notification:action:mark_read": (
        "marks one's own notifications read through notifications_mark_read "
        "(test_admin_notifications.py); touches no work"
    ),
    **{
        f"articles.{model}:action:{verb}_watching": (
            "whether a report is fetched again for later edits, through "
            "article_watch_pause / outlet_watch_pause (tests/articles/test_watch.py); "
            "a changed report reaches published work only as a new revision"
        )
        for model in ("article", "outlet")
        for verb in ("pause", "resume")
    },
}


# Bulk actions that only read (a CSV download): tested below to change nothing.
READ_ACTIONS = {"export_selected"}


def admin_writes(model_admin, request):
    """The forms, inlines and bulk actions ``model_admin`` offers a superuser."""
    writes = {"form"} if model_admin.has_change_permission(request) else set()
    writes |= {f"inline:{inline.__name__}" for inline in model_admin.inlines}
    writes |= {
        f"action:{name}" for name in model_admin.get_actions(request) if name not in READ_ACTIONS
    }
    return writes


@pytest.fixture
def superuser_request(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    return request


def test_every_write_of_the_claim_and_discrepancy_admins_has_a_case(superuser_request):
    offered = {
        f"claim:{write}"
        for write in admin_writes(admin.site.get_model_admin(Claim), superuser_request)
    }
    offered |= {f"claim:step:{step.slug}" for step in steps(CLAIM)}
    offered |= {
        f"discrepancy:{write}"
        for write in admin_writes(admin.site.get_model_admin(Discrepancy), superuser_request)
    }
    offered |= {f"discrepancy:step:{step.slug}" for step in steps(DISCREPANCY)}
    offered.add("discrepancy:view:assess")

    covered = {case.partition(" ")[0] for case in CASES}

    assert sorted(offered ^ covered) == []
    # The inlines named in the cases are the admins' own.
    assert claims_admin.ClaimAdmin.inlines and discrepancies_admin.DiscrepancyAdmin.inlines


def test_every_inline_and_action_of_the_other_admins_is_accounted_for(superuser_request):
    offered = set()
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in ("factcheck", "articles") or model in (Claim, Discrepancy):
            continue
        for write in admin_writes(model_admin, superuser_request) - {"form"}:
            if write == "action:delete_selected":
                # Django's own: each row's has_delete_permission decides, and a
                # refused row refuses the whole batch.
                continue
            offered.add(f"{model._meta.label_lower}:{write}")

    assert sorted(offered ^ OTHER_WRITES.keys()) == []


@pytest.mark.parametrize(
    ("changelist", "subject"), [("claim", "claim"), ("discrepancy", "discrepancy")]
)
def test_the_read_only_actions_change_nothing(client, newsroom, editor, changelist, subject):
    client.force_login(editor)
    obj = newsroom[subject]
    before = state(obj)

    for action in READ_ACTIONS:
        response = post_action(changelist, action, subject)(client, newsroom)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert str(obj.pk).encode() in b"".join(response.streaming_content)

    assert state(obj) == before
    assert published_work_problems() == []


@pytest.mark.parametrize("case", CASES)
def test_an_admin_write_keeps_published_work_whole(client, newsroom, editor, superuser, case):
    apply, who, subject, outcome = CASES[case]
    objects = {**newsroom, "editor": editor}
    obj = objects[subject]
    client.force_login({"editor": editor, "superuser": superuser}[who])
    assert published_work_problems() == []
    before = state(obj)

    response = apply(client, objects)

    assert response.status_code in (200, 302, 403), response.status_code
    assert published_work_problems() == []
    after = state(obj)
    if outcome == REFUSED:
        assert after == before, "a refused write changed something"
        if response.status_code == 302:
            shown = list(client.get(response["Location"]).context["messages"])
            assert [m for m in shown if m.level >= messages.WARNING], "refused without a word"
        return
    assert after is not None and after[1] != before[1], "the write changed nothing"
    assert after[0] > before[0], "the row changed but its version did not move"

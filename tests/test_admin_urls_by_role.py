"""Every admin URL of the site, by role: who may open each page, post each form and
press each button.

The tables are the policy of ``factcheck/roles.py``, ``factcheck/permissions.py``,
``articles/permissions.py`` and ``factcheck/services/jobs.py``, written out by hand:
one row per admin URL name (a few names have a second row for an object in another
state, after an ``@``) and one column per role. Nothing here asks the permission
code what to expect.

A completeness test walks the admin site's URL patterns, every ModelAdmin's
``get_urls()`` and custom views included, so an admin URL added later fails here
until a row decides who may use it. A refusal must leave the database as it was.
"""

import datetime
import json
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import MultiWidget
from django.test import Client, override_settings
from django.urls import URLResolver, reverse
from django.utils.html import escape
from django_tasks_db.models import DBTaskResult

# Defined here, under the real task settings: @task checks its queue when it is
# defined, and the job fixtures below change the settings while a job is started.
import factcheck.tasks  # noqa: F401
from articles import services as article_services
from articles import watch as article_watch
from articles.importers import ParsedArticle
from articles.models import Article, Outlet, Story, Tag
from factcheck import services
from factcheck.models import (
    Claim,
    Claimant,
    Delivery,
    Discrepancy,
    Event,
    ExternalFactCheck,
    Job,
    Notification,
    NotificationPreference,
    Rating,
    SitePage,
    Source,
    Stance,
    Webhook,
)
from factcheck.services import jobs, notifications
from tests.factories import ArticleFactory, OutletFactory, SourceFactory, StoryFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()

ROLES = ("anonymous", "staff", "fact_checker", "editor", "superuser")

# What a role gets from a URL.
OK = "ok"  # 200: the page; for a post, the form shown again with nothing saved
LOGIN = "login"  # 302 to the admin's login page
DENIED = "denied"  # 403
NOT_FOUND = "not found"  # 404
POST_ONLY = "post only"  # 405: a button's URL asked with GET
REDIRECT = "redirect"  # 302 to the page REDIRECTS names
SAVED = "saved"  # a post: 302 onwards, and the change is stored
DONE = "done"  # a post: 200, the page shows the outcome, and the change is stored
REFUSED = "refused"  # a post: 302 back with an error or warning message, nothing stored

STATUS = {
    OK: 200,
    LOGIN: 302,
    DENIED: 403,
    NOT_FOUND: 404,
    POST_ONLY: 405,
    REDIRECT: 302,
    SAVED: 302,
    DONE: 200,
    REFUSED: 302,
}

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's
NEW_PASSWORD = "staple gun 4 lighthouse"


def expand(table):
    """``(case, *one_expectation_per_role)`` rows as ``(case, role, expected)`` cases."""
    return [
        pytest.param(case, role, expected, id=f"admin:{case}-{role}")
        for case, *expectations in table
        for role, expected in zip(ROLES, expectations, strict=True)
    ]


def url_name(case):
    """``factcheck_claim_delete@published`` is a second row for ``factcheck_claim_delete``."""
    return case.partition("@")[0]


def admin_patterns(patterns=None, prefix=""):
    """``(route, name)`` of every admin URL pattern, each ModelAdmin's ``get_urls()`` included."""
    for pattern in admin.site.get_urls() if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from admin_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.name


# The objects the pages are about ---------------------------------------------------------


@pytest.fixture
def staff(db):
    """Staff with no role: may log in to the admin and nothing more."""
    return UserFactory(username="staff")


@pytest.fixture
def colleague(db):
    """An account the auth pages are about."""
    return UserFactory(username="colleague", is_staff=False)


@pytest.fixture
def group(db):
    return Group.objects.create(name="Weekend desk")


@pytest.fixture
def tag(editor):
    return article_services.tag_create(name="Bridges", acting_user=editor)


@pytest.fixture
def outlet(db):
    return OutletFactory(name="Harbour Gazette", slug="harbour-gazette")


@pytest.fixture
def story(db):
    """A story with three reports that disagree on the day and the crowd."""
    story = StoryFactory(title="Bridge opening", slug="bridge-opening")
    for body in (
        "The bridge opened on Monday with 300 guests.",
        "The bridge opened on Tuesday with about 300 guests.",
        "Hundreds watched as the bridge opened on Monday.",
    ):
        ArticleFactory(story=story, body=body)
    return story


@pytest.fixture
def reports(story):
    return list(story.articles.order_by("pk"))


@pytest.fixture
def article(reports):
    return reports[0]


@pytest.fixture
def paused_outlet(outlet, superuser):
    return article_watch.outlet_watch_pause(outlet=outlet, paused=True, acting_user=superuser)


@pytest.fixture
def paused_article(article, superuser):
    return article_watch.article_watch_pause(article=article, paused=True, acting_user=superuser)


def import_text(source, body):
    return article_services.article_import(
        parsed=ParsedArticle(
            body=body,
            raw_input=body,
            format="text",
            source=source,
            headline="Ferry timetable changes",
            published_on=datetime.date(2026, 1, 13),
        )
    )


@pytest.fixture
def revised_article(db):
    """An article imported twice, with a new text the second time: two revisions."""
    import_text("ferry.txt", "The ferry leaves at nine.")
    return import_text("ferry.txt", "The ferry leaves at ten.").article


@pytest.fixture
def rating(db):
    services.ratings_install_default()
    return Rating.objects.get(slug="unproven")


@pytest.fixture
def source(db):
    return SourceFactory(title="City council minutes")


@pytest.fixture
def source_snapshot(site, settings, superuser):
    """An archived copy of a page of the local test site."""
    settings.IMPORT_ALLOW_PRIVATE_URLS = True
    site.serve("/minutes", "Minutes of the council meeting of 13 January.")
    source = services.source_create(
        acting_user=superuser, title="Council minutes online", url=site.root + "/minutes"
    )
    return services.source_snapshot_take(source=source, reason="refreshed", acting_user=superuser)


@pytest.fixture
def claimant(fact_checker):
    return services.claimant_find_or_create(name="Lee Jae-myung", acting_user=fact_checker)


@pytest.fixture
def site_page(db):
    return SitePage.objects.get(slug="methodology")


@pytest.fixture
def claim(article, fact_checker):
    """A draft claim."""
    return services.claim_create(
        article=article,
        quote="opened on Monday",
        statement="The bridge opened on Monday.",
        acting_user=fact_checker,
    )


@pytest.fixture
def ready_claim(claim, fact_checker):
    """A claim with a verdict, ruling and source, submitted for review."""
    services.ratings_install_default()
    claim = services.claim_update(
        claim=claim,
        expected_version=claim.version,
        acting_user=fact_checker,
        rating=Rating.objects.get(slug="false"),
        ruling="The city's programme says Tuesday.",
    )
    services.citation_add(
        claim=claim, source=SourceFactory(), stance=Stance.CONTRADICTS, acting_user=fact_checker
    )
    return services.claim_submit(claim=claim, acting_user=fact_checker)


@pytest.fixture
def suggestion_beside_an_open_one(suggestion, discrepancy):
    """A suggestion that could be merged into the open discrepancy of its story."""
    return suggestion


# Task queues for the job fixtures: one that refuses every task (its only queue is
# not the one the tasks use), and the database queue the CMS runs in production.
UNQUEUEABLE_TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["elsewhere"],
    }
}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def job(story, fact_checker, django_capture_on_commit_callbacks):
    """A detection job that failed (its task could not be queued), so it may be retried."""
    with (
        override_settings(TASKS=UNQUEUEABLE_TASKS),
        django_capture_on_commit_callbacks(execute=True),
    ):
        job = jobs.job_start_detection(story=story, acting_user=fact_checker)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    return job


def claimreview_feed(n):
    review = {
        "@type": "ClaimReview",
        "url": f"https://checker.example.org/checks/{n}",
        "claimReviewed": f"The ferry carried {n} thousand people.",
        "reviewRating": {"alternateName": "False"},
    }
    return json.dumps({"@type": "DataFeed", "dataFeedElement": [{"item": review}]})


@pytest.fixture
def external_fact_check(fact_checker):
    """Another fact-checker's review, imported."""
    services.external_fact_checks_import(
        source=article_services.ImportInput.from_bytes("feed.json", claimreview_feed(1).encode()),
        acting_user=fact_checker,
    )
    return ExternalFactCheck.objects.get()


@pytest.fixture
def tip(article):
    """A reader's tip, new in the queue; the article is where its claim is drafted."""
    return services.tip_receive(
        statement="The bridge opened with 300 guests.",
        seen_at="https://example.org/bridge",
        contact_name="A. Reader",
        contact_email="reader@example.org",
    )


@pytest.fixture
def rejected_tip(tip, editor):
    return services.tip_reject(tip=tip, acting_user=editor)


@pytest.fixture
def task_result(story, editor, django_capture_on_commit_callbacks):
    """The database task queue's row of a detection job no worker has run yet."""
    with override_settings(TASKS=DATABASE_TASKS), django_capture_on_commit_callbacks(execute=True):
        jobs.job_start_detection(story=story, acting_user=editor)
    return DBTaskResult.objects.get()


@pytest.fixture
def notification(request, claim, editor):
    """A notification of whoever asks (the editor's, for an anonymous visitor):
    each user's list shows their own only."""
    actor = request.getfixturevalue("actor")
    recipient = actor if actor.is_authenticated else editor
    return Notification.objects.create(
        recipient=recipient,
        event=Event.ASSIGNED,
        title=f"Assigned to you: claim “{claim.statement}”",
        url=reverse("admin:factcheck_claim_change", args=[claim.pk]),
    )


@pytest.fixture
def webhook(superuser):
    return notifications.webhook_save(
        webhook=Webhook(name="Desk chat", url="https://hooks.example.org/desk", secret="s3"),
        acting_user=superuser,
    )


@pytest.fixture
def delivery(claim, fact_checker, editor):
    """The e-mail of a notification, queued and not yet sent."""
    services.claim_assign(claim=claim, assignee=fact_checker, acting_user=editor)
    return Delivery.objects.get()


# Each model's own pages (changelist, add, change, history, delete, a version in
# the history) are about the object made by the fixture named here.
OBJECTS = {
    "auth_group": "group",
    "auth_user": "colleague",
    "django_tasks_database_dbtaskresult": "task_result",
    "articles_outlet": "outlet",
    "articles_story": "story",
    "articles_tag": "tag",
    "articles_article": "article",
    "factcheck_sitepage": "site_page",
    "factcheck_claimant": "claimant",
    "factcheck_claim": "claim",
    "factcheck_discrepancy": "discrepancy",
    "factcheck_externalfactcheck": "external_fact_check",
    "factcheck_job": "job",
    "factcheck_notification": "notification",
    "factcheck_webhook": "webhook",
    "factcheck_delivery": "delivery",
    "factcheck_rating": "rating",
    "factcheck_source": "source",
    "factcheck_tip": "tip",
    "factcheck_sourcesnapshot": "source_snapshot",
}

# Custom views, and rows about an object in another state: the fixture of their object.
ABOUT = {
    "view_on_site@claim": "claim",
    "password_change": "actor",
    "auth_user_password_change": "colleague",
    "articles_article_import": None,
    "articles_article_changelist@resume_watching": "paused_article",
    "articles_outlet_changelist@resume_watching": "paused_outlet",
    "articles_article_raw_input": "article",
    "articles_article_revision_diff": "revised_article",
    "articles_article_revision_diff@first": "revised_article",
    "factcheck_story_record_discrepancy": "story",
    "factcheck_story_detect": "story",
    "factcheck_story_quotes": "story",
    "factcheck_claim_assignee_autocomplete": None,
    "factcheck_claim_export": None,
    "factcheck_claim_similar": None,
    "factcheck_discrepancy_export": None,
    "factcheck_claim_submit": "claim",
    "factcheck_claim_publish": "ready_claim",
    "factcheck_claim_send_back": "ready_claim",
    "factcheck_claim_unpublish": "published_claim",
    "factcheck_claim_correct": "published_claim",
    "factcheck_claim_archive": "claim",
    "factcheck_claim_assign_to_me": "claim",
    "factcheck_claim_schedule": "ready_claim",
    "factcheck_claim_unschedule": "ready_claim",
    "factcheck_claim_set_reviewer": "ready_claim",
    "factcheck_claim_delete@published": "published_claim",
    "factcheck_claim_changelist@submit_claims": "claim",
    "factcheck_claim_changelist@publish_claims": "ready_claim",
    "factcheck_claim_changelist@archive_claims": "claim",
    "factcheck_claim_changelist@assign_claims": "claim",
    "factcheck_claim_changelist@delete_selected": "claim",
    "factcheck_claim_changelist@delete_selected published": "published_claim",
    "factcheck_discrepancy_confirm": "suggestion",
    "factcheck_discrepancy_dismiss": "suggestion",
    "factcheck_discrepancy_investigate": "discrepancy",
    "factcheck_discrepancy_resolve": "cited",
    "factcheck_discrepancy_not_conflict": "discrepancy",
    "factcheck_discrepancy_reopen": "resolved",
    "factcheck_discrepancy_assign_to_me": "discrepancy",
    "factcheck_discrepancy_request_review": "discrepancy",
    "factcheck_discrepancy_set_reviewer": "discrepancy",
    "factcheck_discrepancy_assess": "discrepancy",
    "factcheck_discrepancy_change@resolved": "resolved",
    "factcheck_discrepancy_delete@resolved": "resolved",
    "factcheck_discrepancy_changelist@assign_discrepancies": "discrepancy",
    "factcheck_discrepancy_changelist@set_status": "discrepancy",
    "factcheck_discrepancy_changelist@confirm_suggestions": "suggestion",
    "factcheck_discrepancy_changelist@dismiss_suggestions": "suggestion",
    "factcheck_discrepancy_changelist@merge_suggestions": "suggestion_beside_an_open_one",
    "factcheck_discrepancy_changelist@delete_selected resolved": "resolved",
    "factcheck_job_changelist@retry_jobs": "job",
    "factcheck_notification_changelist@mark_read": "notification",
    "factcheck_job_start_import": None,
    "factcheck_externalfactcheck_import": None,
    "factcheck_job_start_detection": "story",
    "factcheck_job_retry": "job",
    "factcheck_notification_preferences": None,
    "factcheck_notification_read_all": "notification",
    "factcheck_tip_reopen": "rejected_tip",
}


def _query(name, **params):
    return f"{reverse(name)}?{urlencode(params)}"


# The URLs of custom views and of rows with another object, from their object.
URLS = {
    "app_list@auth": lambda _: reverse("admin:app_list", args=["auth"]),
    "app_list@articles": lambda _: reverse("admin:app_list", args=["articles"]),
    "app_list@factcheck": lambda _: reverse("admin:app_list", args=["factcheck"]),
    "app_list@django_tasks_database": lambda _: reverse(
        "admin:app_list", args=["django_tasks_database"]
    ),
    "autocomplete@claim article": lambda _: _query(
        "admin:autocomplete",
        app_label="factcheck",
        model_name="claim",
        field_name="article",
        term="bridge",
    ),
    "autocomplete@article story": lambda _: _query(
        "admin:autocomplete",
        app_label="articles",
        model_name="article",
        field_name="story",
        term="bridge",
    ),
    "view_on_site@claim": lambda claim: reverse(
        "admin:view_on_site", args=[ContentType.objects.get_for_model(Claim).pk, claim.pk]
    ),
    "articles_article_revision_diff": lambda article: reverse(
        "admin:articles_article_revision_diff", args=[article.pk, 2]
    ),
    "articles_article_revision_diff@first": lambda article: reverse(
        "admin:articles_article_revision_diff", args=[article.pk, 1]
    ),
    "password_change": lambda _: reverse("admin:password_change"),
    "factcheck_job_start_detection": lambda _: reverse("admin:factcheck_job_start_detection"),
    "factcheck_notification_read_all": lambda _: reverse("admin:factcheck_notification_read_all"),
    "factcheck_claim_assignee_autocomplete": lambda _: _query(
        "admin:factcheck_claim_assignee_autocomplete", term="edi"
    ),
    "factcheck_discrepancy_assess": lambda discrepancy: reverse(
        "admin:factcheck_discrepancy_assess",
        args=[discrepancy.pk, discrepancy.passages.order_by("pk").first().pk],
    ),
}


def subject(request, case):
    """The object ``case`` is about (None for a page about no object)."""
    if case in ABOUT:
        fixture = ABOUT[case]
    else:
        name = url_name(case)
        fixture = next(
            (OBJECTS[prefix] for prefix in OBJECTS if name.startswith(f"{prefix}_")), None
        )
    return request.getfixturevalue(fixture) if fixture else None


def case_url(case, obj):
    """A custom view's URL from URLS; a model view's from its object."""
    if case in URLS:
        return URLS[case](obj)
    name = url_name(case)
    if obj is None or name.endswith(("_changelist", "_add")):
        args = []
    elif name.endswith("_simple_history"):
        args = [obj.pk, obj.history.order_by("history_id").first().history_id]
    else:
        args = [obj.pk]  # the object's own page, or a custom view of it
    return reverse(f"admin:{name}", args=args)


# The model pages that show their object: the list and the object's own pages.
OBJECT_PAGES = tuple(
    f"{prefix}_{view}"
    for prefix in OBJECTS
    for view in ("changelist", "change", "history", "simple_history", "delete")
)


def shows(response, obj):
    """Whether the page lists ``obj`` (a changelist) or names it (its own pages)."""
    if response.context and "cl" in response.context:
        return obj.pk in {row.pk for row in response.context["cl"].result_list}
    return escape(str(obj)) in response.content.decode()


# Where the REDIRECT cells lead.
REDIRECTS = {
    "login": lambda _: reverse("admin:index"),
    "logout": lambda _: reverse("admin:index"),
    "view_on_site@claim": lambda claim: reverse("admin:factcheck_claim_change", args=[claim.pk]),
    # Opening one's notification marks it read and leads to its claim.
    "factcheck_notification_change": lambda notification: notification.url,
    "factcheck_source_refresh": lambda source: reverse(
        "admin:factcheck_source_change", args=[source.pk]
    ),
}


def assert_outcome(response, expected, redirect_to=None):
    assert response.status_code == STATUS[expected], (
        f"expected {expected!r}, got {response.status_code} {response.get('Location', '')}".rstrip()
    )
    if expected == LOGIN:
        assert response["Location"].startswith(f"{reverse('admin:login')}?next=")
    elif expected == REDIRECT:
        # Django's shortcut view answers with an absolute URL.
        assert response["Location"].removeprefix("http://testserver") == redirect_to
    elif expected in (SAVED, REFUSED):
        assert not response["Location"].startswith(reverse("admin:login"))


def login(client, role, actor):
    if role != "anonymous":
        client.force_login(actor)


# Completeness ---------------------------------------------------------------------------


def test_every_admin_url_name_has_a_row_in_the_policy():
    named = {name for _, name in admin_patterns() if name is not None}
    ruled = {url_name(case) for case, *_ in PAGE_MATRIX}

    assert sorted(named - ruled) == [], "admin URLs nobody has decided who may use"
    assert sorted(ruled - named) == [], "rows for admin URLs that no longer exist"


def test_posted_rows_name_admin_urls():
    named = {name for _, name in admin_patterns() if name is not None}

    assert sorted({url_name(case) for case, *_ in POST_MATRIX} - named) == []


def test_unnamed_admin_urls_are_the_object_redirects_and_the_catch_all():
    """Django's own: ``<model>/<id>/`` sends on to the change page; anything else is a 404."""
    models = {f"{m._meta.app_label}/{m._meta.model_name}/" for m in admin.site._registry}

    unnamed = [route for route, name in admin_patterns() if name is None]

    assert sorted(unnamed) == sorted(
        ["(?P<url>.*)$", *(f"{prefix}<path:object_id>/" for prefix in models)]
    )


# Pages, asked with GET ------------------------------------------------------------------

PAGE_MATRIX = [
    # page                                   anonymous staff      fact_checker editor     superuser
    # The site
    ("index",                                LOGIN,    OK,        OK,        OK,        OK),
    ("login",                                OK,       REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT),
    ("logout",                               REDIRECT, POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("password_change",                      LOGIN,    OK,        OK,        OK,        OK),
    ("password_change_done",                 LOGIN,    OK,        OK,        OK,        OK),
    ("jsi18n",                               LOGIN,    OK,        OK,        OK,        OK),
    # Without naming the field it completes, autocomplete answers nobody.
    ("autocomplete",                         LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("autocomplete@claim article",           LOGIN,    DENIED,    OK,        OK,        OK),
    ("autocomplete@article story",           LOGIN,    DENIED,    OK,        OK,        OK),
    # Django's shortcut sends any staff on to get_absolute_url (the claim's admin page).
    ("view_on_site@claim",                   LOGIN,    REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT),
    ("app_list@auth",                        LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    ("app_list@django_tasks_database",       LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    ("app_list@articles",                    LOGIN,    NOT_FOUND, OK,        OK,        OK),
    ("app_list@factcheck",                   LOGIN,    NOT_FOUND, OK,        OK,        OK),
    # Accounts and groups: superusers only.
    ("auth_group_changelist",                LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("auth_group_add",                       LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("auth_group_change",                    LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("auth_group_history",                   LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("auth_group_delete",                    LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("auth_user_changelist",                 LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("auth_user_add",                        LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("auth_user_change",                     LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("auth_user_history",                    LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("auth_user_delete",                     LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("auth_user_password_change",            LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    # The task queue's rows: superusers read them; nobody adds, edits or deletes them.
    ("django_tasks_database_dbtaskresult_changelist", LOGIN, DENIED, DENIED, DENIED, OK),
    ("django_tasks_database_dbtaskresult_add",        LOGIN, DENIED, DENIED, DENIED, DENIED),
    ("django_tasks_database_dbtaskresult_change",     LOGIN, DENIED, DENIED, DENIED, OK),
    ("django_tasks_database_dbtaskresult_history",    LOGIN, DENIED, DENIED, DENIED, OK),
    ("django_tasks_database_dbtaskresult_delete",     LOGIN, DENIED, DENIED, DENIED, DENIED),
    # Outlets: everyone reads; editors add and edit; superusers delete.
    ("articles_outlet_changelist",           LOGIN,    DENIED,    OK,        OK,        OK),
    ("articles_outlet_add",                  LOGIN,    DENIED,    DENIED,    OK,        OK),
    ("articles_outlet_change",               LOGIN,    DENIED,    OK,        OK,        OK),
    ("articles_outlet_history",              LOGIN,    DENIED,    OK,        OK,        OK),
    ("articles_outlet_simple_history",       LOGIN,    DENIED,    OK,        OK,        OK),
    ("articles_outlet_delete",               LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    # Tags: everyone reads them (to file claims and stories); editors make and delete them.
    ("articles_tag_changelist",              LOGIN,    DENIED,    OK,        OK,        OK),
    ("articles_tag_add",                     LOGIN,    DENIED,    DENIED,    OK,        OK),
    ("articles_tag_change",                  LOGIN,    DENIED,    OK,        OK,        OK),
    ("articles_tag_history",                 LOGIN,    DENIED,    OK,        OK,        OK),
    ("articles_tag_simple_history",          LOGIN,    DENIED,    OK,        OK,        OK),
    ("articles_tag_delete",                  LOGIN,    DENIED,    DENIED,    OK,        OK),
    # Stories: fact-checkers add them too; recording and detection on the story page.
    ("articles_story_changelist",            LOGIN,    DENIED,    OK,        OK,        OK),
    ("articles_story_add",                   LOGIN,    DENIED,    OK,        OK,        OK),
    ("articles_story_change",                LOGIN,    DENIED,    OK,        OK,        OK),
    ("articles_story_history",               LOGIN,    DENIED,    OK,        OK,        OK),
    ("articles_story_simple_history",        LOGIN,    DENIED,    OK,        OK,        OK),
    ("articles_story_delete",                LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("factcheck_story_record_discrepancy",   LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_story_detect",               LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_story_quotes",               LOGIN,    DENIED,    OK,        OK,        OK),
    # Articles: only imports add them; editors edit metadata; superusers delete.
    ("articles_article_changelist",          LOGIN,    DENIED,    OK,        OK,        OK),
    ("articles_article_add",                 LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("articles_article_change",              LOGIN,    DENIED,    OK,        OK,        OK),
    ("articles_article_history",             LOGIN,    DENIED,    OK,        OK,        OK),
    ("articles_article_simple_history",      LOGIN,    DENIED,    OK,        OK,        OK),
    ("articles_article_delete",              LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("articles_article_import",              LOGIN,    DENIED,    OK,        OK,        OK),
    ("articles_article_raw_input",           LOGIN,    DENIED,    OK,        OK,        OK),
    ("articles_article_revision_diff",       LOGIN,    DENIED,    OK,        OK,        OK),
    # Permission is asked before the revision is looked for.
    ("articles_article_revision_diff@first", LOGIN,    DENIED,    NOT_FOUND, NOT_FOUND, NOT_FOUND),
    # The public site's own pages: editors edit them; superusers add and delete.
    ("factcheck_sitepage_changelist",        LOGIN,    DENIED,    DENIED,    OK,        OK),
    ("factcheck_sitepage_add",               LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("factcheck_sitepage_change",            LOGIN,    DENIED,    DENIED,    OK,        OK),
    ("factcheck_sitepage_history",           LOGIN,    DENIED,    DENIED,    OK,        OK),
    ("factcheck_sitepage_simple_history",    LOGIN,    DENIED,    DENIED,    OK,        OK),
    ("factcheck_sitepage_delete",            LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    # Claimants
    ("factcheck_claimant_changelist",        LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_claimant_add",               LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_claimant_change",            LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_claimant_history",           LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_claimant_simple_history",    LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_claimant_delete",            LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    # Claims; the workflow buttons answer POST only.
    ("factcheck_claim_changelist",           LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_claim_add",                  LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_claim_change",               LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_claim_history",              LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_claim_simple_history",       LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_claim_delete",               LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("factcheck_claim_delete@published",     LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_claim_assignee_autocomplete", LOGIN,   DENIED,    OK,        OK,        OK),
    ("factcheck_claim_export",               LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_claim_submit",               LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_claim_publish",              LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_claim_send_back",            LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_claim_unpublish",            LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_claim_correct",              LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_claim_archive",              LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_claim_assign_to_me",         LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_claim_schedule",             LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_claim_unschedule",           LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_claim_set_reviewer",         LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    # Checked before: the claim form's live list, and the buttons beside it.
    ("factcheck_claim_similar",              LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_claim_link",                 LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_claim_unlink",               LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_claim_cite_claim",           LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    # Discrepancies ("add" picks the story to record one on).
    ("factcheck_discrepancy_changelist",     LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_discrepancy_add",            LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_discrepancy_change",         LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_discrepancy_history",        LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_discrepancy_simple_history", LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_discrepancy_delete",         LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("factcheck_discrepancy_delete@resolved", LOGIN,   DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_discrepancy_export",         LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_discrepancy_confirm",        LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_discrepancy_dismiss",        LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_discrepancy_investigate",    LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_discrepancy_resolve",        LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_discrepancy_not_conflict",   LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_discrepancy_reopen",         LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_discrepancy_assign_to_me",   LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_discrepancy_request_review", LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_discrepancy_set_reviewer",   LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_discrepancy_assess",         LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    # Jobs: whoever may import or record discrepancies; started from their own
    # forms, changed only by the services; superusers may delete the record.
    ("factcheck_job_changelist",             LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_job_add",                    LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_job_change",                 LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_job_history",                LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_job_simple_history",         LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_job_delete",                 LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("factcheck_job_start_import",           LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_job_start_detection",        LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_job_retry",                  LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    # Other fact-checkers' reviews: read-only, imported by either role, deleted by editors.
    ("factcheck_externalfactcheck_changelist", LOGIN,  DENIED,    OK,        OK,        OK),
    ("factcheck_externalfactcheck_add",      LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_externalfactcheck_change",   LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_externalfactcheck_history",  LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_externalfactcheck_simple_history", LOGIN, DENIED, OK,        OK,        OK),
    ("factcheck_externalfactcheck_delete",   LOGIN,    DENIED,    DENIED,    OK,        OK),
    ("factcheck_externalfactcheck_import",   LOGIN,    DENIED,    OK,        OK,        OK),
    # The rating scale: everyone reads it; superusers edit it.
    # Notifications: one's own (staff outside the roles keep none); webhooks
    # and the record of deliveries are the superuser's alone.
    ("factcheck_notification_changelist",    LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_notification_add",           LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_notification_change",        LOGIN,    DENIED,    REDIRECT,  REDIRECT,  REDIRECT),
    ("factcheck_notification_history",       LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_notification_delete",        LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_notification_preferences",   LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_notification_read_all",      LOGIN,    DENIED,    POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_webhook_changelist",         LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("factcheck_webhook_add",                LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("factcheck_webhook_change",             LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("factcheck_webhook_history",            LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("factcheck_webhook_delete",             LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("factcheck_delivery_changelist",        LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("factcheck_delivery_add",               LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_delivery_change",            LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("factcheck_delivery_history",           LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("factcheck_delivery_delete",            LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_rating_changelist",          LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_rating_add",                 LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("factcheck_rating_change",              LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_rating_history",             LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_rating_simple_history",      LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_rating_delete",              LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    # Sources
    ("factcheck_source_changelist",          LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_source_add",                 LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_source_change",              LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_source_history",             LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_source_simple_history",      LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_source_delete",              LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    # Archived copies: seen by whoever sees sources, written only by the services.
    ("factcheck_source_refresh",             LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_sourcesnapshot_changelist",  LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_sourcesnapshot_add",         LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_sourcesnapshot_change",      LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_sourcesnapshot_history",     LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_sourcesnapshot_delete",      LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_sourcesnapshot_warc",        LOGIN,    DENIED,    OK,        OK,        OK),
    # Reader tips: the queue of whoever researches claims; read-only, changed
    # only by the workflow's buttons; superusers may delete one.
    ("factcheck_tip_changelist",             LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_tip_add",                    LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_tip_change",                 LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_tip_history",                LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_tip_simple_history",         LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_tip_delete",                 LOGIN,    DENIED,    DENIED,    DENIED,    OK),
    ("factcheck_tip_make_claim",             LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_tip_accept",                 LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_tip_duplicate",              LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_tip_reject",                 LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ("factcheck_tip_reopen",                 LOGIN,    POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
]  # fmt: skip


@pytest.mark.parametrize(("case", "role", "expected"), expand(PAGE_MATRIX))
def test_admin_pages_by_role(request, client, case, role, expected, actor):
    obj = subject(request, case)
    url = case_url(case, obj)
    redirect_to = REDIRECTS[case](obj) if expected == REDIRECT else None
    login(client, role, actor)

    response = client.get(url)

    assert_outcome(response, expected, redirect_to)
    if obj is not None and url_name(case).endswith(OBJECT_PAGES):
        # A page about the object shows it; a refusal shows nothing of it.
        assert shows(response, obj) is (expected == OK)


@pytest.mark.parametrize(("role", "sees_the_desk"), [("staff", False), ("fact_checker", True)])
def test_the_dashboard_shows_the_desk_only_to_a_role(
    client, published_claim, discrepancy, role, sees_the_desk, actor
):
    """Every staff member may open the index; only a role sees the claims and the
    stories with open discrepancies on it."""
    client.force_login(actor)

    content = client.get(reverse("admin:index")).content.decode()

    assert (published_claim.statement in content) is sees_the_desk
    assert (discrepancy.story.title in content) is sees_the_desk


UNNAMED_MATRIX = [
    # route                      anonymous staff      fact_checker editor     superuser
    ("factcheck/claim/<id>/",    LOGIN,    REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT),
    ("no-such-page/",            LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
]  # fmt: skip


@pytest.mark.parametrize(
    ("route", "role", "expected"),
    [
        pytest.param(route, role, expected, id=f"admin/{route}-{role}")
        for route, *expectations in UNNAMED_MATRIX
        for role, expected in zip(ROLES, expectations, strict=True)
    ],
)
def test_unnamed_admin_urls_by_role(client, claim, route, role, expected, actor):
    """Django's own: an object's bare address sends on to its change page (which then
    decides), and the catch-all is a 404 once logged in."""
    login(client, role, actor)
    path = route.replace("<id>", str(claim.pk))

    response = client.get(f"{reverse('admin:index')}{path}")

    change = reverse("admin:factcheck_claim_change", args=[claim.pk])
    assert_outcome(response, expected, change)


# The history pages of django-simple-history, and the version pages beside them.
SIMPLE_HISTORY_PAGES = sorted(
    name
    for _, simple_history in admin_patterns()
    if simple_history and simple_history.endswith("_simple_history")
    for name in (simple_history, simple_history.replace("_simple_history", "_history"))
)


@pytest.mark.parametrize("name", SIMPLE_HISTORY_PAGES)
@pytest.mark.parametrize("role", ["staff", "superuser"])
def test_a_history_page_for_an_id_that_is_not_one_is_not_found(client, name, role, actor):
    client.force_login(actor)
    args = ["abc", "xyz"] if name.endswith("_simple_history") else ["abc"]

    response = client.get(reverse(f"admin:{name}", args=args))

    assert response.status_code == 404


# Posts: forms, buttons and bulk actions ---------------------------------------------------


def snapshot():
    """Every row of every model the admin could write, their history included."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in ("auth", "articles", "factcheck", "django_tasks_database")
    }


def form_as_shown(bound_forms):
    """What a browser would post back for ``bound_forms``, unchanged."""
    data = {}
    for form in bound_forms:
        for bound in form:
            value, widget = bound.value(), bound.field.widget
            if isinstance(widget, MultiWidget):
                parts = widget.decompress(value)
                for suffix, part in zip(widget.widgets_names, parts, strict=True):
                    if part is not None:
                        data[f"{bound.html_name}{suffix}"] = part
            elif isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif value is not None:
                data[bound.html_name] = value
    return data


def superusers_form(superuser, url):
    """The form at ``url`` as a superuser is shown it (every field editable), as a
    browser would post it back; nothing when there is no such form."""
    client = Client()
    client.force_login(superuser)
    response = client.get(url)
    if response.status_code != 200 or "adminform" not in (response.context or {}):
        return {}
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        forms.extend([inline.formset.management_form, *inline.formset.forms])
    return form_as_shown(forms)


def refreshed(obj):
    return type(obj)._base_manager.filter(pk=obj.pk).first()


def upload(name, text):
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def _selected(action, **extra):
    return lambda obj: {"action": action, "_selected_action": [obj.pk], **extra}


def _merge_into_the_open_one(suggestion):
    into = Discrepancy.objects.get(status="open")
    return {
        "action": "merge_suggestions",
        "_selected_action": [suggestion.pk],
        "apply": "yes",
        "into": into.pk,
    }


def _assessment(discrepancy):
    passage = discrepancy.passages.order_by("pk").first()
    return {f"passage-{passage.pk}-assessment": "unclear"}


def _record(story):
    first, second, _ = story.articles.order_by("pk")
    return {
        "title": "Was it Monday?",
        "kind": "date",
        "severity": "2",
        f"passage_{first.pk}": "opened on Monday",
        f"passage_{second.pk}": "opened on Tuesday",
    }


def _claim_add(claim):
    return {
        "article": claim.article_id,
        "passage": "with 300 guests",
        "statement": "300 guests came.",
    }


# Each posted row: (the data posted over the form as a superuser is shown it, how
# to tell the post was saved). The URL and object come from the row, as for pages.
POSTS = {
    # The site
    "logout": ({}, None),
    "password_change": (
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        lambda user: refreshed(user).check_password(NEW_PASSWORD),
    ),
    # Accounts and groups
    "auth_group_add": (
        {"name": "Night desk"},
        lambda _: Group.objects.filter(name="Night desk").exists(),
    ),
    "auth_group_change": (
        {"name": "Night desk"},
        lambda group: refreshed(group).name == "Night desk",
    ),
    "auth_group_delete": ({"post": "yes"}, lambda group: refreshed(group) is None),
    "auth_user_add": (
        {"username": "newbie", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        lambda _: User.objects.filter(username="newbie").exists(),
    ),
    "auth_user_change": (
        {"first_name": "Renamed"},
        lambda user: refreshed(user).first_name == "Renamed",
    ),
    "auth_user_delete": ({"post": "yes"}, lambda user: refreshed(user) is None),
    "auth_user_password_change": (
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        lambda user: refreshed(user).check_password(NEW_PASSWORD),
    ),
    # The task queue's rows
    "django_tasks_database_dbtaskresult_add": ({"task_path": "x"}, None),
    "django_tasks_database_dbtaskresult_change": ({"status": "SUCCESSFUL"}, None),
    "django_tasks_database_dbtaskresult_delete": ({"post": "yes"}, None),
    # Outlets
    "articles_outlet_add": (
        {"name": "Harbour Times", "slug": "harbour-times"},
        lambda _: Outlet.objects.filter(slug="harbour-times").exists(),
    ),
    "articles_outlet_change": (
        {"name": "Harbour Times"},
        lambda outlet: refreshed(outlet).name == "Harbour Times",
    ),
    "articles_outlet_simple_history": (
        {"name": "Harbour Times"},
        lambda outlet: refreshed(outlet).name == "Harbour Times",
    ),
    "articles_outlet_delete": ({"post": "yes"}, lambda outlet: refreshed(outlet) is None),
    "articles_outlet_changelist@pause_watching": (
        _selected("pause_watching"),
        lambda outlet: refreshed(outlet).watch_paused,
    ),
    "articles_outlet_changelist@resume_watching": (
        _selected("resume_watching"),
        lambda outlet: not refreshed(outlet).watch_paused,
    ),
    # Tags
    "articles_tag_add": (
        {"name": "Ferries", "slug": ""},
        lambda _: Tag.objects.filter(slug="ferries").exists(),
    ),
    "articles_tag_change": (
        {"name": "Bridges and tunnels", "slug": "bridges"},
        lambda tag: refreshed(tag).name == "Bridges and tunnels",
    ),
    "articles_tag_simple_history": (
        {"name": "Bridges and tunnels", "slug": "bridges"},
        lambda tag: refreshed(tag).name == "Bridges and tunnels",
    ),
    "articles_tag_delete": ({"post": "yes"}, lambda tag: refreshed(tag) is None),
    # Stories
    "articles_story_add": (
        {"title": "Ferry strike", "slug": "ferry-strike", "event_date": "2026-01-14"},
        lambda _: Story.objects.filter(slug="ferry-strike").exists(),
    ),
    "articles_story_change": (
        {"title": "Bridge opens"},
        lambda story: refreshed(story).title == "Bridge opens",
    ),
    "articles_story_simple_history": (
        {"title": "Bridge opens"},
        lambda story: refreshed(story).title == "Bridge opens",
    ),
    "articles_story_delete": ({"post": "yes"}, lambda story: refreshed(story) is None),
    "factcheck_story_record_discrepancy": (
        _record,
        lambda story: story.discrepancies.filter(title="Was it Monday?").exists(),
    ),
    "factcheck_story_detect": (
        {},
        lambda story: story.discrepancies.filter(status="suggested").exists(),
    ),
    # Articles
    "articles_article_add": ({"headline": "Made up"}, None),
    "articles_article_change": (
        {"headline": "Bridge opens at last"},
        lambda article: refreshed(article).headline == "Bridge opens at last",
    ),
    "articles_article_simple_history": ({"headline": "Bridge opens at last"}, None),
    "articles_article_delete": ({"post": "yes"}, lambda article: refreshed(article) is None),
    "articles_article_changelist@pause_watching": (
        _selected("pause_watching"),
        lambda article: refreshed(article).watch_paused,
    ),
    "articles_article_changelist@resume_watching": (
        _selected("resume_watching"),
        lambda article: not refreshed(article).watch_paused,
    ),
    "articles_article_import": (
        lambda _: {"files": upload("harbour.txt", "The harbour reopened on Friday.")},
        lambda _: Article.objects.filter(source="harbour.txt").exists(),
    ),
    # The public site's own pages
    "factcheck_sitepage_add": (
        {"title": "Who we are", "slug": "about", "body": "A newsroom desk."},
        lambda _: SitePage.objects.filter(slug="about").exists(),
    ),
    "factcheck_sitepage_change": (
        {"title": "How we check"},
        lambda page: refreshed(page).title == "How we check",
    ),
    "factcheck_sitepage_simple_history": ({"title": "How we check"}, None),
    "factcheck_sitepage_delete": ({"post": "yes"}, lambda page: refreshed(page) is None),
    # Claimants
    "factcheck_claimant_add": (
        {"name": "Kim Min-jun", "slug": "kim-min-jun"},
        lambda _: Claimant.objects.filter(slug="kim-min-jun").exists(),
    ),
    "factcheck_claimant_change": (
        {"description": "President of South Korea."},
        lambda claimant: refreshed(claimant).description == "President of South Korea.",
    ),
    "factcheck_claimant_simple_history": ({"description": "President of South Korea."}, None),
    "factcheck_claimant_delete": ({"post": "yes"}, lambda claimant: refreshed(claimant) is None),
    # Claims: the forms
    "factcheck_claim_add": (
        _claim_add,
        lambda _: Claim.objects.filter(statement="300 guests came.").exists(),
    ),
    "factcheck_claim_change": (
        {"notes": "Call the city."},
        lambda claim: refreshed(claim).notes == "Call the city.",
    ),
    "factcheck_claim_simple_history": ({"notes": "Call the city."}, None),
    "factcheck_claim_delete": ({"post": "yes"}, lambda claim: refreshed(claim) is None),
    "factcheck_claim_delete@published": ({"post": "yes"}, None),
    # Claims: the buttons
    "factcheck_claim_submit": ({}, lambda claim: refreshed(claim).status == "in_review"),
    "factcheck_claim_publish": ({}, lambda claim: refreshed(claim).status == "published"),
    "factcheck_claim_send_back": (
        {"note": "Which programme?"},
        lambda claim: refreshed(claim).status == "draft",
    ),
    "factcheck_claim_unpublish": (
        {"note": "Published in error."},
        lambda claim: refreshed(claim).status == "draft",
    ),
    "factcheck_claim_correct": (
        {"correction-note": "Typo.", "correction-ruling": "The programme says Tuesday."},
        lambda claim: refreshed(claim).ruling == "The programme says Tuesday.",
    ),
    "factcheck_claim_archive": ({}, lambda claim: refreshed(claim).status == "archived"),
    "factcheck_claim_assign_to_me": ({}, lambda claim: refreshed(claim).assignee is not None),
    "factcheck_claim_schedule": (
        {"schedule-when": "2099-01-04T10:00"},
        lambda claim: refreshed(claim).publish_at is not None,
    ),
    "factcheck_claim_set_reviewer": (
        lambda claim: {"reviewer-editor": User.objects.get(username="root").pk},
        lambda claim: refreshed(claim).reviewer.username == "root",
    ),
    # Claims: the bulk actions
    "factcheck_claim_changelist@submit_claims": (
        _selected("submit_claims"),
        lambda claim: refreshed(claim).status == "in_review",
    ),
    "factcheck_claim_changelist@publish_claims": (
        _selected("publish_claims"),
        lambda claim: refreshed(claim).status == "published",
    ),
    "factcheck_claim_changelist@archive_claims": (
        _selected("archive_claims"),
        lambda claim: refreshed(claim).status == "archived",
    ),
    "factcheck_claim_changelist@assign_claims": (
        lambda claim: {
            **_selected("assign_claims")(claim),
            "apply": "yes",
            "assignee": User.objects.get(username="checker").pk,
        },
        lambda claim: refreshed(claim).assignee.username == "checker",
    ),
    "factcheck_claim_changelist@delete_selected": (
        _selected("delete_selected", post="yes"),
        lambda claim: refreshed(claim) is None,
    ),
    "factcheck_claim_changelist@delete_selected published": (
        _selected("delete_selected", post="yes"),
        None,
    ),
    # Discrepancies: the forms
    "factcheck_discrepancy_add": ({"story": "1"}, None),
    "factcheck_discrepancy_change": (
        {"notes": "Call the city."},
        lambda discrepancy: refreshed(discrepancy).notes == "Call the city.",
    ),
    "factcheck_discrepancy_change@resolved": (
        {"notes": "Call the city."},
        lambda discrepancy: refreshed(discrepancy).notes == "Call the city.",
    ),
    "factcheck_discrepancy_simple_history": ({"notes": "Call the city."}, None),
    "factcheck_discrepancy_delete": ({"post": "yes"}, lambda d: refreshed(d) is None),
    "factcheck_discrepancy_delete@resolved": ({"post": "yes"}, None),
    # Discrepancies: the buttons
    # Reader tips
    "factcheck_tip_add": ({"statement": "Made up here."}, None),
    "factcheck_tip_change": ({"note": "Changed here."}, None),
    "factcheck_tip_simple_history": ({"note": "Changed here."}, None),
    "factcheck_tip_delete": ({"post": "yes"}, lambda tip: refreshed(tip) is None),
    "factcheck_tip_make_claim": (
        lambda tip: {
            "claim-article": Article.objects.get(body__startswith="The bridge opened on Monday").pk,
            "claim-passage": "with 300 guests",
            "claim-statement": tip.statement,
        },
        lambda tip: refreshed(tip).claim is not None,
    ),
    "factcheck_tip_accept": ({}, lambda tip: refreshed(tip).status == "accepted"),
    "factcheck_tip_duplicate": ({}, lambda tip: refreshed(tip).status == "duplicate"),
    "factcheck_tip_reject": ({}, lambda tip: refreshed(tip).status == "rejected"),
    "factcheck_tip_reopen": ({}, lambda tip: refreshed(tip).status == "new"),
    "factcheck_tip_changelist@accept_tips": (
        _selected("accept_tips"),
        lambda tip: refreshed(tip).status == "accepted",
    ),
    "factcheck_tip_changelist@reject_tips": (
        _selected("reject_tips"),
        lambda tip: refreshed(tip).status == "rejected",
    ),
    "factcheck_discrepancy_confirm": ({}, lambda d: refreshed(d).status == "open"),
    "factcheck_discrepancy_dismiss": ({}, lambda d: refreshed(d).status == "dismissed"),
    "factcheck_discrepancy_investigate": ({}, lambda d: refreshed(d).status == "investigating"),
    "factcheck_discrepancy_resolve": ({}, lambda d: refreshed(d).status == "resolved"),
    "factcheck_discrepancy_not_conflict": (
        {"resolution": "Both are local dates."},
        lambda d: refreshed(d).status == "not_conflict",
    ),
    "factcheck_discrepancy_reopen": ({}, lambda d: refreshed(d).status == "open"),
    "factcheck_discrepancy_assign_to_me": ({}, lambda d: refreshed(d).assignee is not None),
    "factcheck_discrepancy_request_review": (
        {},
        lambda d: refreshed(d).review_requested_at is not None,
    ),
    "factcheck_discrepancy_assess": (
        _assessment,
        lambda d: d.passages.order_by("pk").first().assessment == "unclear",
    ),
    # Discrepancies: the bulk actions
    "factcheck_discrepancy_changelist@assign_discrepancies": (
        lambda d: {
            **_selected("assign_discrepancies")(d),
            "apply": "yes",
            "assignee": User.objects.get(username="checker").pk,
        },
        lambda d: refreshed(d).assignee.username == "checker",
    ),
    "factcheck_discrepancy_changelist@set_status": (
        lambda d: {**_selected("set_status")(d), "apply": "yes", "status": "investigating"},
        lambda d: refreshed(d).status == "investigating",
    ),
    "factcheck_discrepancy_changelist@confirm_suggestions": (
        _selected("confirm_suggestions"),
        lambda d: refreshed(d).status == "open",
    ),
    "factcheck_discrepancy_changelist@dismiss_suggestions": (
        _selected("dismiss_suggestions"),
        lambda d: refreshed(d).status == "dismissed",
    ),
    "factcheck_discrepancy_changelist@merge_suggestions": (
        _merge_into_the_open_one,
        lambda d: refreshed(d).merged_into is not None,
    ),
    "factcheck_discrepancy_changelist@delete_selected resolved": (
        _selected("delete_selected", post="yes"),
        None,
    ),
    # Jobs
    "factcheck_job_add": ({"kind": "import"}, None),
    "factcheck_job_change": ({"attempts": "7"}, None),
    "factcheck_job_simple_history": ({"attempts": "7"}, None),
    "factcheck_job_delete": ({"post": "yes"}, lambda job: refreshed(job) is None),
    "factcheck_job_start_import": (
        lambda _: {"files": upload("harbour.txt", "The harbour reopened on Friday.")},
        lambda _: Job.objects.get(kind="import").files.get().name == "harbour.txt",
    ),
    "factcheck_job_start_detection": (
        lambda story: {"story": story.pk},
        lambda story: Job.objects.filter(kind="detection", story=story).exists(),
    ),
    "factcheck_job_retry": ({}, lambda job: refreshed(job).attempts == 2),
    "factcheck_job_changelist@retry_jobs": (
        _selected("retry_jobs"),
        lambda job: refreshed(job).attempts == 2,
    ),
    # Other fact-checkers' reviews
    "factcheck_externalfactcheck_add": ({"claim_reviewed": "Made up here."}, None),
    "factcheck_externalfactcheck_change": ({"claim_reviewed": "Changed here."}, None),
    "factcheck_externalfactcheck_simple_history": ({"claim_reviewed": "Changed here."}, None),
    "factcheck_externalfactcheck_delete": (
        {"post": "yes"},
        lambda review: refreshed(review) is None,
    ),
    "factcheck_externalfactcheck_import": (
        lambda _: {"file": upload("feed.json", claimreview_feed(2))},
        lambda _: ExternalFactCheck.objects.filter(url__endswith="/checks/2").exists(),
    ),
    # Notifications
    "factcheck_notification_preferences": (
        {"published__email": "on"},
        lambda _: NotificationPreference.objects.filter(
            event="published", channel="email", enabled=True
        ).exists(),
    ),
    "factcheck_notification_read_all": ({}, lambda n: refreshed(n).read_at is not None),
    "factcheck_notification_changelist@mark_read": (
        _selected("mark_read"),
        lambda n: refreshed(n).read_at is not None,
    ),
    "factcheck_webhook_add": (
        {"name": "Corrections", "url": "https://hooks.example.org/c", "secret": "x"},
        lambda _: Webhook.objects.filter(name="Corrections").exists(),
    ),
    "factcheck_webhook_change": (
        {"name": "Desk chat (night)"},
        lambda hook: refreshed(hook).name == "Desk chat (night)",
    ),
    "factcheck_webhook_delete": ({"post": "yes"}, lambda hook: refreshed(hook) is None),
    # The rating scale
    "factcheck_rating_add": (
        {"label": "Satire", "slug": "satire", "definition": "A joke.", "order": "9"},
        lambda _: Rating.objects.filter(slug="satire").exists(),
    ),
    "factcheck_rating_change": (
        {"label": "Not proven"},
        lambda rating: refreshed(rating).label == "Not proven",
    ),
    "factcheck_rating_simple_history": ({"label": "Not proven"}, None),
    "factcheck_rating_delete": ({"post": "yes"}, lambda rating: refreshed(rating) is None),
    # Sources
    "factcheck_source_add": (
        {"title": "Ferry timetable", "url": "https://example.org/ferry", "kind": "official"},
        lambda _: Source.objects.filter(title="Ferry timetable").exists(),
    ),
    "factcheck_source_change": (
        {"title": "Council minutes, 13 January"},
        lambda source: refreshed(source).title == "Council minutes, 13 January",
    ),
    "factcheck_source_simple_history": ({"title": "Council minutes, 13 January"}, None),
    "factcheck_source_delete": ({"post": "yes"}, lambda source: refreshed(source) is None),
    "factcheck_source_refresh": ({}, None),
    "factcheck_sourcesnapshot_change": ({"text": "Forged."}, None),
    "factcheck_sourcesnapshot_delete": ({"post": "yes"}, None),
}

POST_MATRIX = [
    # post                                   anonymous staff      fact_checker editor     superuser
    # The site: everyone logged in may log out and change their own password.
    ("logout",                               REDIRECT, OK,        OK,        OK,        OK),
    ("password_change",                      LOGIN,    SAVED,     SAVED,     SAVED,     SAVED),
    # Accounts and groups
    ("auth_group_add",                       LOGIN,    DENIED,    DENIED,    DENIED,    SAVED),
    ("auth_group_change",                    LOGIN,    DENIED,    DENIED,    DENIED,    SAVED),
    ("auth_group_delete",                    LOGIN,    DENIED,    DENIED,    DENIED,    SAVED),
    ("auth_user_add",                        LOGIN,    DENIED,    DENIED,    DENIED,    SAVED),
    ("auth_user_change",                     LOGIN,    DENIED,    DENIED,    DENIED,    SAVED),
    ("auth_user_delete",                     LOGIN,    DENIED,    DENIED,    DENIED,    SAVED),
    ("auth_user_password_change",            LOGIN,    DENIED,    DENIED,    DENIED,    SAVED),
    # The task queue's rows
    ("django_tasks_database_dbtaskresult_add",    LOGIN, DENIED,  DENIED,    DENIED,    DENIED),
    ("django_tasks_database_dbtaskresult_change", LOGIN, DENIED,  DENIED,    DENIED,    DENIED),
    ("django_tasks_database_dbtaskresult_delete", LOGIN, DENIED,  DENIED,    DENIED,    DENIED),
    # Outlets; whoever may change one may also save an old version of it again.
    ("articles_outlet_add",                  LOGIN,    DENIED,    DENIED,    SAVED,     SAVED),
    ("articles_outlet_change",               LOGIN,    DENIED,    DENIED,    SAVED,     SAVED),
    ("articles_outlet_simple_history",       LOGIN,    DENIED,    DENIED,    SAVED,     SAVED),
    ("articles_outlet_delete",               LOGIN,    DENIED,    DENIED,    DENIED,    SAVED),
    # Fact-checkers have no outlet actions: the list is shown again, nothing changes.
    ("articles_outlet_changelist@pause_watching",
                                             LOGIN,    DENIED,    OK,        SAVED,     SAVED),
    ("articles_outlet_changelist@resume_watching",
                                             LOGIN,    DENIED,    OK,        SAVED,     SAVED),
    # Tags, through articles.services (an old version saved again goes through tag_update)
    ("articles_tag_add",                     LOGIN,    DENIED,    DENIED,    SAVED,     SAVED),
    ("articles_tag_change",                  LOGIN,    DENIED,    DENIED,    SAVED,     SAVED),
    ("articles_tag_simple_history",          LOGIN,    DENIED,    DENIED,    SAVED,     SAVED),
    ("articles_tag_delete",                  LOGIN,    DENIED,    DENIED,    SAVED,     SAVED),
    # Stories
    ("articles_story_add",                   LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("articles_story_change",                LOGIN,    DENIED,    DENIED,    SAVED,     SAVED),
    ("articles_story_simple_history",        LOGIN,    DENIED,    DENIED,    SAVED,     SAVED),
    ("articles_story_delete",                LOGIN,    DENIED,    DENIED,    DENIED,    SAVED),
    ("factcheck_story_record_discrepancy",   LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_story_detect",               LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    # Articles: never added by hand; their history is never saved back over them.
    ("articles_article_add",                 LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    # Fact-checkers and editors correct a report's metadata (articles.services.article_correct).
    ("articles_article_change",              LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("articles_article_changelist@pause_watching",
                                             LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("articles_article_changelist@resume_watching",
                                             LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("articles_article_simple_history",      LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("articles_article_delete",              LOGIN,    DENIED,    DENIED,    DENIED,    SAVED),
    ("articles_article_import",              LOGIN,    DENIED,    DONE,      DONE,      DONE),
    # The public site's own pages
    ("factcheck_sitepage_add",               LOGIN,    DENIED,    DENIED,    DENIED,    SAVED),
    ("factcheck_sitepage_change",            LOGIN,    DENIED,    DENIED,    SAVED,     SAVED),
    ("factcheck_sitepage_simple_history",    LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_sitepage_delete",            LOGIN,    DENIED,    DENIED,    DENIED,    SAVED),
    # Claimants
    ("factcheck_claimant_add",               LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_claimant_change",            LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_claimant_simple_history",    LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_claimant_delete",            LOGIN,    DENIED,    DENIED,    DENIED,    SAVED),
    # Claims: the forms
    ("factcheck_claim_add",                  LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_claim_change",               LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_claim_simple_history",       LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_claim_delete",               LOGIN,    DENIED,    DENIED,    DENIED,    SAVED),
    ("factcheck_claim_delete@published",     LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    # Claims: the buttons (a refusal is a message on the claim's page)
    ("factcheck_claim_submit",               LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_claim_publish",              LOGIN,    DENIED,    REFUSED,   SAVED,     SAVED),
    ("factcheck_claim_send_back",            LOGIN,    DENIED,    REFUSED,   SAVED,     SAVED),
    ("factcheck_claim_unpublish",            LOGIN,    DENIED,    REFUSED,   SAVED,     SAVED),
    ("factcheck_claim_correct",              LOGIN,    DENIED,    REFUSED,   SAVED,     SAVED),
    ("factcheck_claim_archive",              LOGIN,    DENIED,    REFUSED,   SAVED,     SAVED),
    ("factcheck_claim_assign_to_me",         LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_claim_schedule",             LOGIN,    DENIED,    REFUSED,   SAVED,     SAVED),
    ("factcheck_claim_set_reviewer",         LOGIN,    DENIED,    REFUSED,   SAVED,     SAVED),
    # Claims: the bulk actions (one not offered is "No action selected.")
    ("factcheck_claim_changelist@submit_claims",   LOGIN, DENIED, SAVED,     SAVED,     SAVED),
    ("factcheck_claim_changelist@publish_claims",  LOGIN, DENIED, REFUSED,   SAVED,     SAVED),
    ("factcheck_claim_changelist@archive_claims",  LOGIN, DENIED, REFUSED,   SAVED,     SAVED),
    ("factcheck_claim_changelist@assign_claims",   LOGIN, DENIED, SAVED,     SAVED,     SAVED),
    ("factcheck_claim_changelist@delete_selected", LOGIN, DENIED, REFUSED,   REFUSED,   SAVED),
    ("factcheck_claim_changelist@delete_selected published",
                                             LOGIN,    DENIED,    REFUSED,   REFUSED,   DENIED),
    # Discrepancies: the forms ("add" only picks a story: nothing to save)
    ("factcheck_discrepancy_add",            LOGIN,    DENIED,    OK,        OK,        OK),
    ("factcheck_discrepancy_change",         LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_discrepancy_change@resolved", LOGIN,   DENIED,    DENIED,    SAVED,     SAVED),
    ("factcheck_discrepancy_simple_history", LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_discrepancy_delete",         LOGIN,    DENIED,    DENIED,    DENIED,    SAVED),
    ("factcheck_discrepancy_delete@resolved", LOGIN,   DENIED,    DENIED,    DENIED,    DENIED),
    # Discrepancies: the buttons
    ("factcheck_discrepancy_confirm",        LOGIN,    DENIED,    REFUSED,   SAVED,     SAVED),
    ("factcheck_discrepancy_dismiss",        LOGIN,    DENIED,    REFUSED,   SAVED,     SAVED),
    ("factcheck_discrepancy_investigate",    LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_discrepancy_resolve",        LOGIN,    DENIED,    REFUSED,   SAVED,     SAVED),
    ("factcheck_discrepancy_not_conflict",   LOGIN,    DENIED,    REFUSED,   SAVED,     SAVED),
    ("factcheck_discrepancy_reopen",         LOGIN,    DENIED,    REFUSED,   SAVED,     SAVED),
    ("factcheck_discrepancy_assign_to_me",   LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_discrepancy_request_review", LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_discrepancy_assess",         LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    # Discrepancies: the bulk actions
    ("factcheck_discrepancy_changelist@assign_discrepancies",
                                             LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_discrepancy_changelist@set_status",
                                             LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_discrepancy_changelist@confirm_suggestions",
                                             LOGIN,    DENIED,    REFUSED,   SAVED,     SAVED),
    ("factcheck_discrepancy_changelist@dismiss_suggestions",
                                             LOGIN,    DENIED,    REFUSED,   SAVED,     SAVED),
    ("factcheck_discrepancy_changelist@merge_suggestions",
                                             LOGIN,    DENIED,    REFUSED,   SAVED,     SAVED),
    ("factcheck_discrepancy_changelist@delete_selected resolved",
                                             LOGIN,    DENIED,    REFUSED,   REFUSED,   DENIED),
    # Jobs: staff without a role are told there is no such job.
    ("factcheck_job_add",                    LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_job_change",                 LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_job_simple_history",         LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_job_delete",                 LOGIN,    DENIED,    DENIED,    DENIED,    SAVED),
    ("factcheck_job_start_import",           LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_job_start_detection",        LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_job_retry",                  LOGIN,    NOT_FOUND, SAVED,     SAVED,     SAVED),
    ("factcheck_job_changelist@retry_jobs",  LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    # Other fact-checkers' reviews
    ("factcheck_externalfactcheck_add",      LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_externalfactcheck_change",   LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_externalfactcheck_simple_history", LOGIN, DENIED, DENIED,    DENIED,    DENIED),
    ("factcheck_externalfactcheck_delete",   LOGIN,    DENIED,    DENIED,    SAVED,     SAVED),
    ("factcheck_externalfactcheck_import",   LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    # Notifications: one's own; webhooks: the superuser's
    ("factcheck_notification_preferences",   LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_notification_read_all",      LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_notification_changelist@mark_read",
                                             LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_webhook_add",                LOGIN,    DENIED,    DENIED,    DENIED,    SAVED),
    ("factcheck_webhook_change",             LOGIN,    DENIED,    DENIED,    DENIED,    SAVED),
    ("factcheck_webhook_delete",             LOGIN,    DENIED,    DENIED,    DENIED,    SAVED),
    # The rating scale
    ("factcheck_rating_add",                 LOGIN,    DENIED,    DENIED,    DENIED,    SAVED),
    ("factcheck_rating_change",              LOGIN,    DENIED,    DENIED,    DENIED,    SAVED),
    ("factcheck_rating_simple_history",      LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_rating_delete",              LOGIN,    DENIED,    DENIED,    DENIED,    SAVED),
    # Sources
    ("factcheck_source_add",                 LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_source_change",              LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_source_simple_history",      LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_source_delete",              LOGIN,    DENIED,    DENIED,    DENIED,    SAVED),
    # Back to the source's page; the worker takes the copy once the request commits.
    ("factcheck_source_refresh",             LOGIN,    DENIED,    REDIRECT,  REDIRECT,  REDIRECT),
    ("factcheck_sourcesnapshot_change",      LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_sourcesnapshot_delete",      LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    # Reader tips
    ("factcheck_tip_add",                    LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_tip_change",                 LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_tip_simple_history",         LOGIN,    DENIED,    DENIED,    DENIED,    DENIED),
    ("factcheck_tip_delete",                 LOGIN,    DENIED,    DENIED,    DENIED,    SAVED),
    ("factcheck_tip_make_claim",             LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_tip_accept",                 LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_tip_duplicate",              LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_tip_reject",                 LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_tip_reopen",                 LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_tip_changelist@accept_tips", LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
    ("factcheck_tip_changelist@reject_tips", LOGIN,    DENIED,    SAVED,     SAVED,     SAVED),
]  # fmt: skip


def test_every_posted_row_says_what_it_posts():
    assert sorted({case for case, *_ in POST_MATRIX} ^ POSTS.keys()) == []


@pytest.mark.parametrize(("case", "role", "expected"), expand(POST_MATRIX))
def test_admin_posts_by_role(request, client, case, role, expected, actor, superuser):
    data, saved = POSTS[case]
    obj = subject(request, case)
    url = case_url(case, obj)
    data = {**superusers_form(superuser, url), **(data(obj) if callable(data) else data)}
    redirect_to = REDIRECTS[case](obj) if expected == REDIRECT else None
    login(client, role, actor)
    before = snapshot()

    response = client.post(url, data)

    assert_outcome(response, expected, redirect_to)
    if expected in (SAVED, DONE):
        assert saved(obj), "the post was answered but not stored"
        return
    assert snapshot() == before
    if expected == REFUSED:
        shown = list(client.get(response["Location"]).context["messages"])
        assert [m for m in shown if m.level >= messages.WARNING], "refused without a word"

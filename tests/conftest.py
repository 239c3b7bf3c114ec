from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.test import override_settings

from factcheck import roles, services
from factcheck.models import Discrepancy, Stance
from factcheck.services import PassageSpec
from tests.factories import ArticleFactory, SourceFactory, StoryFactory, UserFactory

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# ``site``: a web site on 127.0.0.1 for the tests that fetch pages.
pytest_plugins = ["tests.local_site"]


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # PBKDF2's deliberate slowness is for attackers, not for test set-up.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def inline_tasks_and_plain_static_files():
    """For the whole session, before the live server of the browser tests starts.

    Background tasks run at once, in the caller's thread and transaction, so a
    test sees a job's outcome as soon as it is started. Hashed static file
    names need collectstatic's manifest, which tests do not build; WhiteNoise
    looks files up per request instead of indexing a STATIC_ROOT that does not
    exist. Sources are not archived when cited (see below).
    """
    with override_settings(
        TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
        STORAGES={
            **django_settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        WHITENOISE_AUTOREFRESH=True,
        # Citing a source would fetch its address (example.org in the
        # factories); the tests of archived copies turn it on, with pages of
        # their own server.
        SOURCE_ARCHIVE_ON_CITATION=False,
    ):
        yield


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Run what a service queues once its transaction commits, as in production."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def seeds_dir():
    return SEEDS


@pytest.fixture
def fixtures_dir():
    return FIXTURES


@pytest.fixture
def fact_checker(db):
    return UserFactory(username="checker", role=roles.FACT_CHECKER)


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", role=roles.EDITOR)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True)


@pytest.fixture
def actor(request, role):
    """The user of the ``role`` a test is parametrized with; anonymous, no one."""
    if role == "anonymous":
        return AnonymousUser()
    return request.getfixturevalue(role)


@pytest.fixture
def published_claim(ready_claim, editor):
    return services.claim_publish(claim=ready_claim, acting_user=editor)


# A story whose three reports disagree on the day and the crowd, and its discrepancies,
# each brought to its state through the services.


@pytest.fixture
def story(db):
    return StoryFactory(title="Bridge opening", slug="bridge-opening")


@pytest.fixture
def reports(story):
    return [
        ArticleFactory(story=story, body="The bridge opened on Monday with 300 guests."),
        ArticleFactory(story=story, body="The bridge opened on Tuesday with about 300 guests."),
        ArticleFactory(story=story, body="Hundreds watched as the bridge opened on Monday."),
    ]


@pytest.fixture
def discrepancy(story, reports, fact_checker):
    """An open discrepancy between the first two reports."""
    return services.discrepancy_create(
        story=story,
        title="On which day did the bridge open?",
        kind=Discrepancy.Kind.DATE,
        passages=[
            PassageSpec(article=reports[0], quote="opened on Monday"),
            PassageSpec(article=reports[1], quote="opened on Tuesday"),
        ],
        acting_user=fact_checker,
    )


@pytest.fixture
def suggestion(story, reports):
    return services.discrepancy_suggest(
        story=story,
        title="How many guests came?",
        kind=Discrepancy.Kind.NUMBER,
        passages=[
            PassageSpec(article=reports[0], quote="300 guests"),
            PassageSpec(article=reports[2], quote="Hundreds watched"),
        ],
        score=0.6,
        explanation="300 against hundreds.",
    )


@pytest.fixture
def cited(discrepancy, fact_checker):
    """An open discrepancy with a resolution drafted and a source cited: ready to resolve."""
    services.discrepancy_cite(
        discrepancy=discrepancy,
        source=SourceFactory(),
        stance=Stance.SUPPORTS,
        acting_user=fact_checker,
    )
    return services.discrepancy_update(
        discrepancy=discrepancy,
        expected_version=discrepancy.version,
        acting_user=fact_checker,
        resolution="The programme says Monday.",
    )


@pytest.fixture
def resolved(cited, editor):
    return services.discrepancy_resolve(discrepancy=cited, acting_user=editor)

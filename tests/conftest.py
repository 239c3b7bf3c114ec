from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import override_settings

from factcheck import roles
from tests.factories import UserFactory

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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
    exist.
    """
    with override_settings(
        TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
        STORAGES={
            **django_settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        WHITENOISE_AUTOREFRESH=True,
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

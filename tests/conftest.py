from pathlib import Path

import pytest

from factcheck import roles
from tests.factories import UserFactory

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # PBKDF2's deliberate slowness is for attackers, not for test set-up.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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

"""Password guessing against the admin login is throttled by name and address."""

import pytest
from django.core.cache import cache

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def throttled(settings):
    settings.AUTHENTICATION_BACKENDS = ["factcheck.auth.ThrottledModelBackend"]
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_FAILURE_WINDOW = 60
    cache.clear()
    yield
    cache.clear()


def attempt(client, username, password, address="203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_right_password_logs_in(client):
    UserFactory(username="editor", is_staff=True)

    response = attempt(client, "editor", "correct horse battery")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_after_the_limit_even_the_right_password_is_refused(client):
    UserFactory(username="editor", is_staff=True)
    for _ in range(3):
        attempt(client, "editor", "guess")

    response = attempt(client, "editor", "correct horse battery", address="198.51.100.1")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Please enter the correct username and password" in response.content.decode()


def test_guessing_many_names_from_one_address_is_throttled(client):
    UserFactory(username="editor", is_staff=True)
    for n in range(3):
        attempt(client, f"someone{n}", "guess")

    response = attempt(client, "editor", "correct horse battery")

    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_a_successful_login_clears_the_count_for_that_name(client):
    UserFactory(username="editor", is_staff=True)
    for _ in range(2):
        attempt(client, "editor", "guess", address="198.51.100.2")
    attempt(client, "editor", "correct horse battery", address="198.51.100.3")
    client.logout()

    for _ in range(2):
        attempt(client, "editor", "guess", address="198.51.100.4")
    response = attempt(client, "editor", "correct horse battery", address="198.51.100.5")

    assert response.status_code == 302

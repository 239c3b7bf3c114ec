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


# --- Behind a proxy: the client address comes from X-Forwarded-For only when the
# connection is from a trusted proxy (settings.TRUSTED_PROXIES).

PROXY = "10.0.0.2"


def attempt_via(client, username, password, forwarded_for, remote=PROXY):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_two_users_behind_one_proxy_do_not_lock_each_other_out(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    UserFactory(username="editor", is_staff=True)
    # Someone else in the newsroom mistypes many names from their own machine.
    for n in range(3):
        attempt_via(client, f"colleague{n}", "typo", "192.0.2.10")

    response = attempt_via(client, "editor", "correct horse battery", "192.0.2.20")

    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_one_client_behind_the_proxy_is_still_throttled(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    UserFactory(username="editor", is_staff=True)
    for n in range(3):
        attempt_via(client, f"someone{n}", "guess", "192.0.2.10")

    response = attempt_via(client, "editor", "correct horse battery", "192.0.2.10")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_spoofed_header_from_an_untrusted_address_changes_nothing(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    UserFactory(username="editor", is_staff=True)
    # A guesser connecting directly invents a new forwarded address each time.
    for n in range(3):
        attempt_via(client, f"someone{n}", "guess", f"192.0.2.{n}", remote="203.0.113.9")

    response = attempt_via(
        client, "editor", "correct horse battery", "192.0.2.99", remote="203.0.113.9"
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_spoofed_hop_left_of_the_proxy_entry_is_not_believed(client, settings):
    # The client sends "X-Forwarded-For: <invented>"; the proxy appends the real one.
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    UserFactory(username="editor", is_staff=True)
    for n in range(3):
        attempt_via(client, f"someone{n}", "guess", f"198.51.100.{n}, 192.0.2.10")

    response = attempt_via(client, "editor", "correct horse battery", "198.51.100.77, 192.0.2.10")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_without_trusted_proxies_the_header_is_ignored(client, settings):
    settings.TRUSTED_PROXIES = []
    UserFactory(username="editor", is_staff=True)
    for n in range(3):
        attempt_via(client, f"someone{n}", "guess", f"192.0.2.{n}")

    response = attempt_via(client, "editor", "correct horse battery", "192.0.2.99")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session

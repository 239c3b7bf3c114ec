"""Logging in and out of the admin in the browser, as a person would."""

import re

import pytest
from django.urls import reverse

expect = pytest.importorskip("playwright.sync_api").expect

# The password the browser tests give their users (UserFactory(password=...)).
PASSWORD = "correct horse battery"


def log_in(page, username, password=PASSWORD):
    """Through the admin's own form; back on the index, logged in."""
    page.goto(reverse("admin:index"))
    page.get_by_label("Username:").fill(username)
    page.get_by_label("Password:").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("#logout-form")).to_be_attached()


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("Logged out")).to_be_visible()

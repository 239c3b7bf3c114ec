"""
Browser tests: Debian's headless Chromium, driven by Playwright, against the
live server. Run them with ``pytest -m browser``; they skip when
/usr/bin/chromium is missing (CI installs it). No browser is ever downloaded.

Every test's ``page`` fails the test if the page logged a console error, threw
an uncaught exception or broke the Content Security Policy.
"""

import os
import tempfile
import threading
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Screenshots go outside the repository; look at them after a run.
SCREENSHOT_DIR = Path(tempfile.gettempdir()) / "factcheck-browser"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API keeps an event loop running in this thread, so
    # Django would refuse every ORM call the tests make from here on. The
    # tests themselves are synchronous, which makes that safe; it is allowed
    # only while the browser runs, and only in this conftest.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_api.sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def live_server(live_server):
    """pytest-django's live server, one request at a time on in-memory SQLite.

    With SQLite in memory every request thread shares the test thread's single
    connection, and two requests at once (a page and its jsi18n script, two
    autocomplete lookups) fail at random with "database table is locked".
    """
    if live_server.thread.connections_override:
        httpd = live_server.thread.httpd
        application = httpd.get_app()
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                return application(environ, start_response)

        httpd.set_app(one_at_a_time)
    return live_server


@pytest.fixture
def page(browser, live_server, transactional_db):
    """A fresh page on the live server that records what went wrong in it.

    It asks for transactional_db itself so that the browser is closed, with no
    request left in flight, before the database is flushed.
    """
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1440, "height": 900})
    page = context.new_page()
    problems = []

    def on_console(message):
        # Chromium asks every site for /favicon.ico on its own; the CMS has none.
        if message.location.get("url", "").endswith("/favicon.ico"):
            return
        if message.type == "error" or "Content Security Policy" in message.text:
            where = message.location.get("url") or page.url
            problems.append(f"console {message.type} at {where}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error on {page.url}: {error}"))
    yield page
    context.close()
    if problems:
        pytest.fail("The browser reported problems:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def screenshot(request):
    """``screenshot(page, "name")`` saves a full-page PNG under SCREENSHOT_DIR."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = SCREENSHOT_DIR / f"{request.node.name}-{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take

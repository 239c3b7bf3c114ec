"""What the tests hand to the processes they start (`manage.py`, `make serve`)."""

import os

# Switches that belong to this test session alone. The browser tests allow
# Django's ORM beside Playwright's event loop for as long as the browser runs
# (tests/browser/conftest.py); a process started meanwhile must not inherit
# that, or `check --deploy` rightly warns about it.
SESSION_ONLY = ("DJANGO_ALLOW_ASYNC_UNSAFE",)


def child_environ(**overrides) -> dict[str, str]:
    """The test process's environment less its session-only switches, with
    ``overrides`` on top."""
    environ = {key: value for key, value in os.environ.items() if key not in SESSION_ONLY}
    return {**environ, **overrides}

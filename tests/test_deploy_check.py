"""Production settings from the environment pass Django's deployment checklist."""

import secrets
import subprocess
import sys
from pathlib import Path

from tests.processes import child_environ

REPO = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "factcheck.example.org",
    "HTTPS": "1",
}


def check_deploy(**env):
    environ = {key: value for key, value in child_environ().items() if key not in PRODUCTION}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env={**environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_environment_passes_check_deploy_without_a_warning():
    result = check_deploy(**PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_flags_a_missing_secret_key_and_plain_http():
    result = check_deploy(DEBUG="0", ALLOWED_HOSTS="factcheck.example.org")

    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W009"):
        assert warning in result.stderr


def test_a_wrong_trusted_proxy_entry_stops_the_start_up_and_names_the_setting():
    result = check_deploy(**PRODUCTION, TRUSTED_PROXIES="10.0.0.0/8, proxy.internal")

    assert result.returncode != 0
    assert "TRUSTED_PROXIES: 'proxy.internal' does not appear to be an IPv4 or IPv6 network" in (
        result.stderr
    )

"""The desk's webhooks, posted to a real HTTP server on loopback."""

import hashlib
import hmac
import http.server
import json
import threading
import time

import pytest
from django.core.exceptions import PermissionDenied

from factcheck import services
from factcheck.models import Channel, Delivery, Webhook
from factcheck.services import notifications

SECRET = "desk-secret-1"


class _Hook(http.server.BaseHTTPRequestHandler):
    # Set per test: the statuses to answer with, in turn (the last one repeats).
    statuses = [200]
    delay = 0.0
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), body))
        time.sleep(self.delay)
        status = self.statuses[min(len(self.received), len(self.statuses)) - 1]
        self.send_response(status)
        if status in (301, 302):
            self.send_header("Location", "http://127.0.0.1:9/elsewhere")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def hook_server():
    _Hook.statuses, _Hook.delay, _Hook.received = [200], 0.0, []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/hook"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def webhook(hook_server, superuser, settings):
    settings.NOTIFICATIONS_WEBHOOK_ALLOW_PRIVATE = True  # the test server is on loopback
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 4
    return notifications.webhook_save(
        webhook=Webhook(name="Desk chat", url=hook_server, secret=SECRET), acting_user=superuser
    )


def send_back(claim, editor, run_tasks):
    with run_tasks():
        services.claim_send_back(claim=claim, acting_user=editor, note="Check the date.")
    return Delivery.objects.get(channel=Channel.WEBHOOK, event="sent_back")


def test_a_post_is_signed_with_the_webhooks_secret(webhook, ready_claim, editor, run_tasks):
    delivery = send_back(ready_claim, editor, run_tasks)

    [(headers, body)] = _Hook.received
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Factcheck-Signature"], expected)
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Factcheck-Event"] == "sent_back"
    payload = json.loads(body)
    assert payload["event"] == "sent_back"
    assert payload["text"].startswith("Sent back to you: claim #")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 1, "")


def test_another_secret_does_not_verify(webhook, ready_claim, editor, run_tasks):
    send_back(ready_claim, editor, run_tasks)

    [(headers, body)] = _Hook.received
    forged = "sha256=" + hmac.new(b"other", body, hashlib.sha256).hexdigest()
    assert headers["X-Factcheck-Signature"] != forged


def test_a_failed_post_is_retried_until_it_goes_through(webhook, ready_claim, editor, run_tasks):
    _Hook.statuses = [500, 503, 200]

    delivery = send_back(ready_claim, editor, run_tasks)

    delivery.refresh_from_db()
    assert len(_Hook.received) == 3
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 3)
    # Every attempt posts the same signed body.
    assert len({body for _, body in _Hook.received}) == 1


def test_a_post_that_keeps_failing_is_recorded_as_failed(webhook, ready_claim, editor, run_tasks):
    _Hook.statuses = [500]

    delivery = send_back(ready_claim, editor, run_tasks)

    delivery.refresh_from_db()
    assert len(_Hook.received) == 4
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, 4)
    assert "HTTP 500" in delivery.last_error


def test_private_addresses_are_refused_unless_allowed(
    webhook, ready_claim, editor, run_tasks, settings
):
    settings.NOTIFICATIONS_WEBHOOK_ALLOW_PRIVATE = False

    delivery = send_back(ready_claim, editor, run_tasks)

    delivery.refresh_from_db()
    assert _Hook.received == []
    # Refused for good: the address will not become public by trying again.
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, 1)
    assert "a private or reserved address" in delivery.last_error


def test_redirects_are_not_followed(webhook, ready_claim, editor, run_tasks, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 1
    _Hook.statuses = [302]

    delivery = send_back(ready_claim, editor, run_tasks)

    delivery.refresh_from_db()
    assert len(_Hook.received) == 1
    assert delivery.status == Delivery.Status.FAILED
    assert "HTTP 302" in delivery.last_error


def test_a_slow_receiver_times_out(webhook, ready_claim, editor, run_tasks, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 1
    settings.NOTIFICATIONS_WEBHOOK_TIMEOUT = 0.2
    _Hook.delay = 1.0

    delivery = send_back(ready_claim, editor, run_tasks)

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert "timed out" in delivery.last_error


def test_an_inactive_webhook_gets_nothing(webhook, ready_claim, editor, run_tasks):
    webhook.is_active = False
    webhook.save()

    with run_tasks():
        services.claim_send_back(claim=ready_claim, acting_user=editor, note="Check the date.")

    assert _Hook.received == []
    assert not Delivery.objects.filter(channel=Channel.WEBHOOK, event="sent_back").exists()


def test_only_the_superuser_configures_webhooks(editor, hook_server):
    with pytest.raises(PermissionDenied):
        notifications.webhook_save(
            webhook=Webhook(name="Mine", url=hook_server, secret="x"), acting_user=editor
        )

    assert not Webhook.objects.exists()

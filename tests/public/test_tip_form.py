"""The "Suggest a claim to check" form: a reader's tip reaches the queue; bots
and floods do not."""

import time

import pytest
from django.urls import reverse

from factcheck.models import Tip
from factcheck.models.tips import STATEMENT_MAX
from factcheck.public.forms import issued_token
from factcheck.services.setup import pages_install_default

pytestmark = pytest.mark.django_db

URL = "/suggest/"


def filled(**overrides):
    """What a person sends, having taken ten seconds over it."""
    data = {
        "statement": "The mayor said the new bridge cost nothing to taxpayers.",
        "seen_at": "https://example.org/mayor-interview",
        "contact_name": "Ada Reader",
        "contact_email": "ada@example.org",
        "website": "",
        "issued": issued_token(time.time() - 10),
    }
    data.update(overrides)
    return data


def send(client, address="203.0.113.9", **overrides):
    return client.post(URL, filled(**overrides), REMOTE_ADDR=address)


def test_the_form_asks_for_the_claim_where_it_was_seen_and_optional_contact(client):
    response = client.get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Suggest a claim to check" in page
    assert 'name="statement"' in page and 'name="seen_at"' in page
    assert 'name="contact_email"' in page and "we never publish them" in page
    assert 'name="csrfmiddlewaretoken"' in page
    # The honeypot is in the page, off screen and hidden from screen readers.
    assert 'class="tip-form__trap" aria-hidden="true"' in page
    assert "no-cache" in response["Cache-Control"]


def test_a_reader_tip_lands_in_the_queue_and_the_reader_is_thanked(client):
    response = send(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("public:tip_thanks")
    tip = Tip.objects.get()
    assert tip.status == Tip.Status.NEW
    assert tip.statement == "The mayor said the new bridge cost nothing to taxpayers."
    assert tip.contact_email == "ada@example.org"
    thanks = client.get(response["Location"]).content.decode()
    assert "your suggestion reached our fact-checkers" in thanks


def test_contact_details_are_optional(client):
    send(client, contact_name="", contact_email="")

    assert Tip.objects.get().contact_email == ""


def test_the_form_refuses_a_post_without_the_csrf_token():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(URL, filled(), REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 403
    assert not Tip.objects.exists()


def test_a_filled_honeypot_is_thanked_and_dropped(client):
    response = send(client, website="http://spam.example/")

    assert response.status_code == 302
    assert response["Location"] == reverse("public:tip_thanks")
    assert not Tip.objects.exists()


def test_a_form_sent_back_too_quickly_is_refused_and_can_be_sent_again(client):
    response = send(client, issued=issued_token(time.time()))

    page = response.content.decode()
    assert response.status_code == 400
    assert "That was very quick" in page
    assert not Tip.objects.exists()
    # The reader's words come back, with a fresh time to send them with.
    assert "cost nothing to taxpayers" in page


def test_a_forged_or_missing_time_is_refused(client):
    assert send(client, issued="12345").status_code == 400
    assert send(client, issued="").status_code == 400
    assert not Tip.objects.exists()


def test_a_form_left_open_too_long_is_shown_again(client, settings):
    settings.TIP_FORM_MAX_AGE = 60

    response = send(client, issued=issued_token(time.time() - 120))

    assert response.status_code == 400
    assert "open for a long time" in response.content.decode()
    assert not Tip.objects.exists()


def test_an_oversized_statement_is_refused(client):
    response = send(client, statement="x" * (STATEMENT_MAX + 1))

    assert response.status_code == 400
    assert f"at most {STATEMENT_MAX} characters" in response.content.decode()
    assert not Tip.objects.exists()


@pytest.mark.parametrize(
    "statement",
    [
        "binary \x00\x01\x02 data",
        "bell \x07 and escape \x1b[31m",
        "text with a \u202e bidi override",
        "undecodable bytes \ufffd\ufffd",
    ],
    ids=["nul", "controls", "bidi", "binary"],
)
def test_control_characters_and_binary_input_are_refused(client, statement):
    response = send(client, statement=statement)

    assert response.status_code == 400
    assert not Tip.objects.exists()


def test_raw_undecodable_bytes_are_refused(client):
    body = (
        b"statement=\xff\xfe\x00binary&seen_at=somewhere&issued="
        + issued_token(time.time() - 10).encode()
    )

    response = client.post(
        URL, body, content_type="application/x-www-form-urlencoded", REMOTE_ADDR="203.0.113.9"
    )

    assert response.status_code == 400
    assert not Tip.objects.exists()


def test_html_is_kept_as_plain_text_and_shown_escaped(client):
    send(client, statement="<script>alert(1)</script> is what he said")

    assert Tip.objects.get().statement == "<script>alert(1)</script> is what he said"


def test_a_flood_from_one_address_is_stopped_at_the_limit(client, settings):
    settings.TIP_RATE_LIMIT = 3

    statuses = [send(client, statement=f"Claim number {n}").status_code for n in range(5)]

    assert statuses == [302, 302, 302, 429, 429]
    assert Tip.objects.count() == 3
    assert "Too many suggestions" in send(client).content.decode()


def test_the_limit_counts_each_address_alone(client, settings):
    settings.TIP_RATE_LIMIT = 1

    assert send(client, address="203.0.113.9").status_code == 302
    flooded = send(client, address="203.0.113.9")
    assert flooded.status_code == 429
    assert "we did not keep this one" in flooded.content.decode()
    assert send(client, address="198.51.100.4").status_code == 302
    assert Tip.objects.count() == 2  # the refused one was not stored


def test_behind_a_trusted_proxy_the_limit_counts_the_forwarded_client(client, settings):
    settings.TIP_RATE_LIMIT = 1
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    def via_proxy(client_ip):
        return client.post(
            URL, filled(), REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=client_ip
        ).status_code

    assert via_proxy("203.0.113.9") == 302
    assert via_proxy("198.51.100.4") == 302
    assert via_proxy("203.0.113.9") == 429


def test_an_untrusted_sender_cannot_dodge_the_limit_with_a_forged_header(client, settings):
    settings.TIP_RATE_LIMIT = 1

    def forged(fake):
        return client.post(
            URL, filled(), REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=fake
        ).status_code

    assert forged("198.51.100.1") == 302
    assert forged("198.51.100.2") == 429


def test_the_corrections_page_and_the_footer_link_to_the_form(client):
    pages_install_default()

    home = client.get("/").content.decode()
    corrections = client.get(reverse("public:corrections")).content.decode()

    assert f'href="{URL}">Suggest a claim to check' in home
    assert corrections.count(f'href="{URL}"') == 2  # in the page and in the footer

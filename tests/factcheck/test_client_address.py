"""factcheck.auth.client_address: which address a request is counted under."""

import pytest
from django.test import RequestFactory

from factcheck.auth import client_address


def request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.fixture
def proxies(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8:ff::/48"]


def test_without_a_proxy_setting_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []

    assert client_address(request("203.0.113.5", "192.0.2.1")) == "203.0.113.5"


def test_an_untrusted_peer_is_the_client_whatever_it_forwards(proxies):
    assert client_address(request("203.0.113.5", "192.0.2.1, 10.0.0.1")) == "203.0.113.5"


def test_a_trusted_proxy_hands_over_the_nearest_untrusted_hop(proxies):
    forwarded = "198.51.100.66, 192.0.2.1, 10.1.1.1"  # invented, client, inner proxy

    assert client_address(request("10.0.0.2", forwarded)) == "192.0.2.1"


def test_a_proxy_without_the_header_counts_as_itself(proxies):
    assert client_address(request("10.0.0.2")) == "10.0.0.2"


def test_an_unreadable_hop_stops_at_the_last_trusted_one(proxies):
    assert client_address(request("10.0.0.2", "192.0.2.1, unknown")) == "10.0.0.2"


def test_only_trusted_hops_give_the_farthest_one(proxies):
    assert client_address(request("10.0.0.2", "10.9.9.9, 10.1.1.1")) == "10.9.9.9"


def test_ports_brackets_and_mapped_addresses_are_normalised(proxies):
    assert client_address(request("10.0.0.2", "192.0.2.1:51000")) == "192.0.2.1"
    assert client_address(request("10.0.0.2", "[2001:db8::7]:443")) == "2001:db8::7"
    assert client_address(request("::ffff:10.0.0.2", "192.0.2.3")) == "192.0.2.3"
    assert client_address(request("2001:db8:ff::1", "2001:DB8::8")) == "2001:db8::8"


def test_no_usable_peer_address_gives_none(proxies):
    assert client_address(request("")) is None

"""The one stored spelling of a web address (articles.analysis.urlnorm)."""

import pytest

from articles.analysis.urlnorm import looks_like_url, normalise_url


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        # Scheme and host case; the path keeps its case (servers may tell it apart).
        ("HTTPS://WWW.Example.ORG/Report", "https://www.example.org/Report"),
        # Default ports go, others stay.
        ("https://example.org:443/a", "https://example.org/a"),
        ("http://example.org:80/a", "http://example.org/a"),
        ("http://example.org:8080/a", "http://example.org:8080/a"),
        ("https://example.org:80/a", "https://example.org:80/a"),
        # Tracking parameters go, the others stay in their order.
        (
            "https://example.org/a?utm_source=news&id=7&utm_medium=email&page=2",
            "https://example.org/a?id=7&page=2",
        ),
        ("https://example.org/a?b=2&a=1&fbclid=IwAR0", "https://example.org/a?b=2&a=1"),
        ("https://example.org/a?gclid=x&mc_cid=y&mc_eid=z", "https://example.org/a"),
        ("https://example.org/p/Cx?igshid=abc&ref_src=twsrc", "https://example.org/p/Cx"),
        ("https://example.org/a?UTM_Campaign=x&q=utm_source", "https://example.org/a?q=utm_source"),
        # Fragments go.
        ("https://example.org/a#section-2", "https://example.org/a"),
        # Trailing slashes: the root keeps its one slash, other paths lose it.
        ("https://example.org", "https://example.org/"),
        ("https://example.org/", "https://example.org/"),
        ("https://example.org/reports/2024/", "https://example.org/reports/2024"),
        # An empty query goes, as do empty pairs.
        ("https://example.org/a?", "https://example.org/a"),
        ("https://example.org/a?&&x=1&", "https://example.org/a?x=1"),
        # A Unicode host is written in ASCII, whatever its case.
        ("https://Bücher.example/katalog", "https://xn--bcher-kva.example/katalog"),
        ("https://xn--bcher-kva.example/katalog", "https://xn--bcher-kva.example/katalog"),
        ("http://例え.テスト/", "http://xn--r8jz45g.xn--zckzah/"),
        # Percent-escapes in one case; unreserved characters need none.
        (
            "https://example.org/%7euser/a%2fb?q=%e2%82%ac",
            "https://example.org/~user/a%2Fb?q=%E2%82%AC",
        ),
        # Surrounding spaces; blank stays blank.
        ("  https://example.org/a  ", "https://example.org/a"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_one_page_has_one_stored_address(written, stored):
    assert normalise_url(written) == stored


def test_normalising_twice_changes_nothing():
    once = normalise_url("HTTP://Bücher.example:80/a/?utm_source=x&b=1#top")
    assert once == "http://xn--bcher-kva.example/a?b=1"
    assert normalise_url(once) == once


def test_what_is_not_an_absolute_address_is_only_stripped():
    assert normalise_url(" example.org/a/ ") == "example.org/a/"
    assert normalise_url("https://example.org:notaport/") == "https://example.org:notaport/"


def test_addresses_are_told_from_words():
    assert looks_like_url("https://example.org/a?b=1")
    assert looks_like_url("HTTP://Example.org")
    assert not looks_like_url("census 2020")
    assert not looks_like_url("example.org/a")
    assert not looks_like_url("mailto:desk@example.org")

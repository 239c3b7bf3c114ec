"""One spelling per web address, so that a source cited five times is stored once.

:func:`normalise_url` maps the ways one page is written (host case, default
ports, tracking parameters, fragments, a trailing slash, a Unicode host) to a
single form. It only rewrites what does not change which page a server returns
for an ordinary request; ``http`` and ``https``, ``www.`` and the order of the
remaining query parameters are kept, since sites may serve different pages for
them.
"""

import re
from urllib.parse import unquote, urlsplit, urlunsplit

# Query parameters that say how a reader arrived, not which page they read:
# analytics campaigns, ad click ids, newsletter and share trackers.
TRACKING_PREFIXES = ("utm_", "mtm_", "oly_")
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "mc_cid",
        "mc_eid",
        "igshid",
        "igsh",
        "ref_src",
        "ref_url",
        "_ga",
        "_gl",
        "mkt_tok",
        "vero_id",
        "vero_conv",
        "hsctatracking",
        "wt_mc",
        "cmpid",
        "s_cid",
        "pk_campaign",
        "pk_kwd",
        "pk_source",
        "pk_medium",
        "_hsenc",
        "_hsmi",
        "__hssc",
        "__hstc",
        "__hsfp",
        "ncid",
    }
)

DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21, "ftps": 990}

# RFC 3986 §2.3: letters, digits and these never need escaping; %41 is "A".
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")


def is_tracking_parameter(name: str) -> bool:
    name = unquote(name).lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def looks_like_url(text: str) -> bool:
    """Whether ``text`` is a web address (scheme and host) rather than words."""
    text = text.strip()
    if not text or any(c.isspace() for c in text):
        return False
    parts = urlsplit(text)
    return parts.scheme.lower() in DEFAULT_PORTS and bool(parts.hostname)


def normalise_url(url: str) -> str:
    """The one stored form of ``url``; ``""`` stays ``""``.

    Lower-cases the scheme and host, writes a Unicode host in ASCII (IDNA),
    drops the default port, the fragment, tracking parameters, an empty query
    and the trailing slash of a path (the root stays ``/``), and writes
    percent-escapes in one case, decoding those of unreserved characters.
    Text that is not an absolute address comes back stripped only.
    """
    url = url.strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a malformed port or IPv6 literal: nothing safe to rewrite
        return url
    scheme = parts.scheme.lower()
    if not scheme or not parts.hostname:
        return url
    netloc = _host(parts.hostname)
    if ":" in netloc:  # an IPv6 literal keeps its brackets
        netloc = f"[{netloc}]"
    if port is not None and port != DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{port}"
    if "@" in parts.netloc:
        netloc = f"{parts.netloc.rpartition('@')[0]}@{netloc}"
    path = _escapes(parts.path).rstrip("/") or "/"
    query = "&".join(
        _escapes(pair)
        for pair in parts.query.split("&")
        if pair and not is_tracking_parameter(pair.partition("=")[0])
    )
    return urlunsplit((scheme, netloc, path, query, ""))


def _host(hostname: str) -> str:
    """``hostname`` (already lower-cased by urlsplit) in ASCII, labels IDNA-encoded."""
    hostname = hostname.rstrip(".")
    if hostname.isascii():
        return hostname
    try:
        return hostname.encode("idna").decode("ascii")
    except UnicodeError:  # not a valid IDN: keep it as written rather than guess
        return hostname


def _escapes(text: str) -> str:
    def one(match):
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else f"%{match.group(1).upper()}"

    return _ESCAPE.sub(one, text)

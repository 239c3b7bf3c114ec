"""
Fetch one article page over HTTP(S), safely. Standard library only, no Django.

The URL comes from a newsroom user, so the fetcher must not become a way into
the internal network: only http and https, only public addresses (checked for
the first URL, every redirect target and the socket actually connected), a
size cap and an overall deadline. Every failure is an :class:`ImportRefused`.
"""

from __future__ import annotations

import dataclasses
import functools
import http.client
import ipaddress
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request

from .base import ImportRefused

USER_AGENT = "factcheck-cms/0.1 (newsroom fact-checking CMS; article importer)"
MAX_REDIRECTS = 5
_SCHEMES = ("http", "https")
_CHUNK = 64 * 1024
_VALIDATOR_MAX = 255

type _Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclasses.dataclass(frozen=True)
class Fetched:
    """A fetched document: the body, the final URL after redirects, and its
    ``Content-Type`` header (empty when the server sent none).

    ``etag`` and ``last_modified`` are the validators the server sent, for a
    later conditional request. ``not_modified`` is true when that request was
    answered 304: ``data`` is then empty and the copy already held is current.
    """

    data: bytes
    url: str
    content_type: str
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False
    # The answer as the server gave it, for an archived copy (a WARC record):
    # its status line and every header, in order.
    status: int = 200
    reason: str = "OK"
    headers: tuple[tuple[str, str], ...] = ()


class FetchFailed(ImportRefused):
    """The server answered with an error status (``status``, e.g. 404 or 503)."""

    def __init__(self, message: str, *, status: int):
        super().__init__(message)
        self.status = status


def fetch_url(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    allow_private: bool,
    etag: str = "",
    last_modified: str = "",
) -> Fetched:
    """GET ``url`` and return its body.

    ``timeout`` (seconds) bounds the whole fetch, not each socket read, so a
    server that trickles bytes cannot hold the request open. Bodies larger
    than ``max_bytes`` are refused. ``allow_private`` lifts the public-address
    rule (tests serve pages from 127.0.0.1). ``etag`` and ``last_modified``,
    from an earlier fetch, make the request conditional (``If-None-Match``,
    ``If-Modified-Since``); a 304 answer comes back as ``not_modified``.
    """
    _check_url(url, allow_private=allow_private)
    opener = _opener(url, allow_private)
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (_check_url: http(s) only)
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            final_url = response.geturl()
            data = _read_capped(response, url=final_url, max_bytes=max_bytes, deadline=deadline)
            content_type = response.headers.get("Content-Type", "")
            validators = _validators(response.headers)
            answer = {
                "status": response.status,
                "reason": response.reason or "",
                "headers": tuple(response.headers.items()),
            }
    except urllib.error.HTTPError as exc:
        exc.close()
        # urllib reports a 304 as an error; to a conditional request it is the answer.
        if exc.code == 304 and (etag or last_modified):
            return Fetched(
                data=b"",
                url=exc.url or url,
                content_type="",
                etag=exc.headers.get("ETag", "") or etag,
                last_modified=exc.headers.get("Last-Modified", "") or last_modified,
                not_modified=True,
            )
        status = f"HTTP {exc.code} {exc.reason}"
        raise FetchFailed(f"fetch failed: {exc.url or url} ({status})", status=exc.code) from exc
    except urllib.error.URLError as exc:
        raise ImportRefused(f"unreachable: {url} ({_reason(exc.reason, timeout)})") from exc
    except (TimeoutError, OSError, http.client.HTTPException) as exc:
        raise ImportRefused(f"unreachable: {url} ({_reason(exc, timeout)})") from exc
    return Fetched(data=data, url=final_url, content_type=content_type, **validators, **answer)


def post_url(
    url: str, *, data: bytes, headers: dict[str, str], timeout: float, allow_private: bool
) -> int:
    """POST ``data`` to ``url`` and return the HTTP status of a 2xx answer.

    The same address rules as :func:`fetch_url` (for outgoing webhooks: a
    configured address must not reach into the internal network either).
    Redirects are not followed: a POST would be replayed elsewhere, or turn
    into a GET. Any other answer or failure is an :class:`ImportRefused`.
    """
    _check_url(url, allow_private=allow_private)
    handlers: list[urllib.request.BaseHandler] = [urllib.request.ProxyHandler({}), _NoRedirects()]
    if not allow_private:
        handlers += [_CheckedHTTPHandler(), _CheckedHTTPSHandler()]
    opener = urllib.request.build_opener(*handlers)
    request = urllib.request.Request(  # noqa: S310 (_check_url: http(s) only)
        url, data=data, headers={"User-Agent": USER_AGENT, **headers}, method="POST"
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            # The answer's body says nothing we need; read a little so the
            # server sees the request through.
            response.read(_CHUNK)
            return response.status
    except urllib.error.HTTPError as exc:
        exc.close()
        raise ImportRefused(f"post failed: {url} (HTTP {exc.code} {exc.reason})") from exc
    except urllib.error.URLError as exc:
        raise ImportRefused(f"unreachable: {url} ({_reason(exc.reason, timeout)})") from exc
    except (TimeoutError, OSError, http.client.HTTPException) as exc:
        raise ImportRefused(f"unreachable: {url} ({_reason(exc, timeout)})") from exc


def _validators(headers) -> dict[str, str]:
    """The response's ETag and Last-Modified; one too long to be real is
    dropped (cut short it would never match, and it is stored)."""
    values = {"etag": headers.get("ETag", ""), "last_modified": headers.get("Last-Modified", "")}
    return {name: v if len(v) <= _VALIDATOR_MAX else "" for name, v in values.items()}


def _read_capped(response, *, url: str, max_bytes: int, deadline: float) -> bytes:
    too_large = f"refused: {url} (larger than the {max_bytes:,} byte limit)"
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise ImportRefused(too_large)
    chunks: list[bytes] = []
    size = 0
    # One byte over the cap is enough to know the body is too large.
    while size <= max_bytes:
        if time.monotonic() > deadline:
            raise TimeoutError
        # read1 returns what has arrived instead of waiting for a full chunk,
        # so the deadline is checked while a slow body trickles in.
        chunk = response.read1(min(_CHUNK, max_bytes + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > max_bytes:
        raise ImportRefused(too_large)
    return b"".join(chunks)


def _reason(error: object, timeout: float) -> str:
    if isinstance(error, TimeoutError):
        return f"timed out after {timeout:g}s"
    if isinstance(error, socket.gaierror):
        return "cannot resolve the host name"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, ssl.SSLError):
        return f"TLS error: {error.reason or error}"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error) or type(error).__name__


# Address checks ----------------------------------------------------------------


def _check_url(url: str, *, allow_private: bool) -> None:
    """Refuse ``url`` unless it is http(s) and its host resolves only to
    addresses we may fetch from."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise ImportRefused(f"refused: {url} (not a valid URL: {exc})") from exc
    if parts.scheme.lower() not in _SCHEMES:
        raise ImportRefused(f"refused: {url} (only http and https URLs can be fetched)")
    if not parts.hostname:
        raise ImportRefused(f"refused: {url} (the URL has no host)")
    if allow_private:
        return
    try:
        addresses = _resolve(parts.hostname, port)
    except OSError as exc:
        raise ImportRefused(f"unreachable: {url} (cannot resolve the host name)") from exc
    for address in addresses:
        _check_address(address, url)


def _resolve(host: str, port: int) -> list[_Address]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    # Drop an IPv6 zone ("fe80::1%eth0"); ipaddress does not need it to classify.
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]


def _check_address(address: _Address, url: str) -> None:
    if _is_forbidden(address):
        raise ImportRefused(
            f"refused: {url} (resolves to {address}, a private or reserved address)"
        )


def _is_forbidden(address: _Address) -> bool:
    """True for any address that is not a public unicast one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        # Catches what the flags above miss, such as 100.64.0.0/10 (carrier NAT).
        or not address.is_global
    )


# Opener --------------------------------------------------------------------------


def _opener(url: str, allow_private: bool) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [
        # No environment proxies: through a proxy the connected peer is the
        # proxy, and the address checks would say nothing about the target.
        urllib.request.ProxyHandler({}),
        _CheckedRedirects(url, allow_private),
    ]
    if not allow_private:
        handlers += [_CheckedHTTPHandler(), _CheckedHTTPSHandler()]
    return urllib.request.build_opener(*handlers)


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows at most ``MAX_REDIRECTS`` redirects, each to a URL that passes
    the same checks as the first one."""

    # urllib's own loop limits sit above ours so that ours, with its clearer
    # message, always applies first.
    max_redirections = max_repeats = MAX_REDIRECTS + 1

    def __init__(self, url: str, allow_private: bool):
        self.url = url
        self.allow_private = allow_private
        self.followed = 0

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        self.followed += 1
        if self.followed > MAX_REDIRECTS:
            fp.close()
            raise ImportRefused(f"refused: {self.url} (more than {MAX_REDIRECTS} redirects)")
        try:
            _check_url(newurl, allow_private=self.allow_private)
        except ImportRefused:
            fp.close()
            raise
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Turns every redirect into the error it answers (see :func:`post_url`)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class _PeerCheck:
    """Checks the address the socket really connected to. The name may
    resolve differently now than when the URL was checked (DNS rebinding)."""

    def connect(self):
        super().connect()
        peer = ipaddress.ip_address(self.sock.getpeername()[0].split("%", 1)[0])
        if _is_forbidden(peer):
            self.close()
            raise ImportRefused(
                f"refused: {self.host} (connected to {peer}, a private or reserved address)"
            )


class _CheckedHTTPConnection(_PeerCheck, http.client.HTTPConnection):
    pass


# HTTPSConnection first, so its connect() wraps the already checked socket in
# TLS: the check runs before any TLS bytes are sent.
class _CheckedHTTPSConnection(http.client.HTTPSConnection, _CheckedHTTPConnection):
    pass


class _CheckedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_CheckedHTTPConnection, req)


class _CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(functools.partial(_CheckedHTTPSConnection, context=self._context), req)

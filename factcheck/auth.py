"""
Login throttling against password guessing.

Failed logins are counted in the shared cache per user name and per client
address; past the limit, :class:`ThrottledModelBackend` refuses every attempt
for that name or address (even a right password) until the window passes. A
successful login clears the name's count. The shared cache (database or
Redis) makes the count hold across every web process.

The client address is :func:`client_address`: ``REMOTE_ADDR``, unless that is
one of the ``TRUSTED_PROXIES``, in which case the nearest untrusted hop of
``X-Forwarded-For``. Behind a proxy, ``REMOTE_ADDR`` is the proxy for every
user, so counting it would let five failures lock the whole newsroom out;
reading the header from anyone else would let a guesser pick a fresh address
for each attempt. Anything else that keys on the client's address must call
the same function.
"""

import functools
import hashlib
import ipaddress

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

LIMIT_SETTING, WINDOW_SETTING = "LOGIN_FAILURE_LIMIT", "LOGIN_FAILURE_WINDOW"


def _limit():
    return getattr(settings, LIMIT_SETTING, 5)


def _window():
    return getattr(settings, WINDOW_SETTING, 15 * 60)


@functools.cache
def _trusted(networks):
    return tuple(ipaddress.ip_network(network, strict=False) for network in networks)


def _address(value):
    """The address in one ``REMOTE_ADDR`` or ``X-Forwarded-For`` entry, or None."""
    value = value.strip()
    if value.startswith("["):  # "[2001:db8::1]:443"
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:  # "192.0.2.1:443"
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    # "::ffff:192.0.2.1" from a dual-stack socket is the IPv4 client.
    return getattr(address, "ipv4_mapped", None) or address


def client_address(request) -> str | None:
    """
    The address of the client that sent ``request``, as far as it can be trusted.

    ``X-Forwarded-For`` is read only when the connection comes from a trusted
    proxy, and from the right: each proxy appends the address it received the
    request from, so the entries right of the first untrusted one were written
    by our own proxies and the ones left of it by whoever sent the request.
    The nearest untrusted hop is the client. An unreadable hop ends the walk
    at the last trusted one, which then stands for its clients.
    """
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return None
    trusted = _trusted(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    address = remote
    if any(address in network for network in trusted):
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        for hop in reversed(hops):
            hop_address = _address(hop)
            if hop_address is None:
                break
            address = hop_address
            if not any(address in network for network in trusted):
                break
    return str(address)


def _keys(request, username):
    keys = []
    if username:
        digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
        keys.append(f"login-failures:user:{digest}")
    address = client_address(request) if request is not None else None
    if address:
        keys.append(f"login-failures:addr:{address}")
    return keys


def is_locked(request, username) -> bool:
    return any((cache.get(key) or 0) >= _limit() for key in _keys(request, username))


def record_failure(sender, credentials, request=None, **kwargs):
    """``user_login_failed`` receiver: count the attempt for name and address."""
    for key in _keys(request, credentials.get("username")):
        if not cache.add(key, 1, timeout=_window()):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=_window())


def clear_failures(sender, request, user, **kwargs):
    """``user_logged_in`` receiver: a right password clears the name's count."""
    cache.delete_many(_keys(None, user.get_username()))


class ThrottledModelBackend(ModelBackend):
    """Django's model backend, refusing names or addresses with too many failures."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if is_locked(request, username or kwargs.get(self._username_field())):
            # PermissionDenied stops Django trying any other backend.
            raise PermissionDenied("Too many failed logins; try again later.")
        return super().authenticate(request, username=username, password=password, **kwargs)

    @staticmethod
    def _username_field():
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD

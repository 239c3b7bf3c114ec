"""
Login throttling against password guessing.

Failed logins are counted in the shared cache per user name and per client
address; past the limit, :class:`ThrottledModelBackend` refuses every attempt
for that name or address (even a right password) until the window passes. A
successful login clears the name's count. The shared cache (database or
Redis) makes the count hold across every web process.
"""

import hashlib

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

LIMIT_SETTING, WINDOW_SETTING = "LOGIN_FAILURE_LIMIT", "LOGIN_FAILURE_WINDOW"


def _limit():
    return getattr(settings, LIMIT_SETTING, 5)


def _window():
    return getattr(settings, WINDOW_SETTING, 15 * 60)


def _keys(request, username):
    keys = []
    if username:
        digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
        keys.append(f"login-failures:user:{digest}")
    address = request.META.get("REMOTE_ADDR") if request is not None else None
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

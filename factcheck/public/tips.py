"""The "Suggest a claim to check" form and its thank-you page.

The form page is never cached (it carries a CSRF token and a fresh signed
time). Every POST counts against its client address
(:func:`factcheck.auth.client_address`, which reads ``X-Forwarded-For`` from
``TRUSTED_PROXIES`` only) in the shared cache, so the limit holds across web
processes; past ``TIP_RATE_LIMIT`` in ``TIP_RATE_WINDOW`` the answer is a 429
and nothing is stored. A filled honeypot is answered like a success, so that
a bot learns nothing, and stores nothing.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from ..auth import client_address
from ..services import WorkflowError, tip_receive
from .caching import public_page
from .forms import TipForm

logger = logging.getLogger(__name__)


def _rate_key(request):
    address = client_address(request)
    return f"tips:addr:{address}" if address else None


def _count_send(request) -> int:
    """Count this POST against its address; how many it has sent in the window."""
    key = _rate_key(request)
    if key is None:
        return 0
    if cache.add(key, 1, timeout=settings.TIP_RATE_WINDOW):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.TIP_RATE_WINDOW)
        return 1


@never_cache
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def tip_form(request):
    if request.method != "POST":
        return TemplateResponse(request, "public/tip_form.html", {"form": TipForm()})
    if _count_send(request) > settings.TIP_RATE_LIMIT:
        return TemplateResponse(request, "public/tip_too_many.html", status=429)
    form = TipForm(request.POST)
    if form.is_bot:
        logger.info("A reader tip with its honeypot filled was dropped.")
        return redirect("public:tip_thanks")
    if form.is_valid():
        data = form.cleaned_data
        try:
            tip_receive(
                statement=data["statement"],
                seen_at=data["seen_at"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
            )
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("public:tip_thanks")
    # Shown again with a fresh time: the reader may send it once corrected.
    form.data = form.data.copy()
    form.data["issued"] = TipForm().initial["issued"]
    return TemplateResponse(request, "public/tip_form.html", {"form": form}, status=400)


@require_safe
@public_page
def tip_thanks(request):
    return TemplateResponse(request, "public/tip_thanks.html")

"""
The benchmark's own pages, served only while it runs: the framework floor and
the plain admin peer. :func:`benchmarks.__main__.setup_django` makes
:mod:`benchmarks.urls` the root URLconf, which is the project's own with these
added, so the settings and middleware are exactly the project's.

- The framework floor of a page renders, through the project's template
  engine with its context processors, a template that loops over rows
  already in memory (the page's SQL floor's rows), padded to the page's size
  in bytes. What it costs is what any response of that size costs here:
  middleware, URL resolving, sessions and authentication, the template
  engine, the test client.
- The peer of the claims changelist is a plain ``ModelAdmin`` on the same
  table, with Django's defaults and the project's page size, on an
  ``AdminSite`` of its own.
"""

from __future__ import annotations

import dataclasses

from django.contrib import admin
from django.http import Http404, HttpResponse
from django.template import engines

from factcheck.admin.claims import ClaimAdmin
from factcheck.models import Claim, Notification

# A page's shape: a header, a list of rows with a few cells each, a footer.
TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><header><a href="/">{{ request.path }}</a>
{% if user.is_authenticated %}{{ user.get_username }}{% endif %}</header>
<main><ol>{% for row in rows %}
<li>{% for cell in row %}<span>{{ cell }}</span>{% endfor %}</li>{% endfor %}
</ol>{{ padding }}</main></body></html>
"""


@dataclasses.dataclass
class Floor:
    rows: list
    padding: str = ""


# Set by benchmarks.pages before a page's framework floor is timed.
FLOORS: dict[str, Floor] = {}
_template = None


def template():
    global _template
    if _template is None:
        _template = engines["django"].from_string(TEMPLATE)
    return _template


def framework_floor(request, name):
    floor = FLOORS.get(name)
    if floor is None:
        raise Http404(name)
    body = template().render({"title": name, "rows": floor.rows, "padding": floor.padding}, request)
    return HttpResponse(body)


class PeerAdminSite(admin.AdminSite):
    site_header = "Plain admin peer (benchmark only)"


peer_site = PeerAdminSite(name="benchpeer")


class PlainClaimAdmin(admin.ModelAdmin):
    # Django's defaults but for the page size, which is the project's.
    list_per_page = ClaimAdmin.list_per_page


peer_site.register(Claim, PlainClaimAdmin)
# The project's admin header (templates/admin/base_site.html) links to the
# notifications list of whichever site serves the page: the peer keeps the
# project's chrome, header query included, so only the changelist differs.
peer_site.register(Notification)

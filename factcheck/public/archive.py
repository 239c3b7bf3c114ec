"""Archived copies of cited sources, as the public reads them.

A copy is someone else's page, kept as evidence: it must never run in the
site's origin, where it could read a visitor's session or the site's storage.
So only its extracted text is served, as ``text/plain``, and the answer
carries a sandboxing Content Security Policy (a unique origin, no script, no
loads of any kind), ``nosniff`` so no browser takes the text for HTML, and no
referrer. Only copies of sources cited by published claims are served; every
other address is the site's one 404.
"""

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from ..models import SourceSnapshot
from ..services.snapshots import archive_headers
from .views import not_found


@require_safe
def source_archive(request, source_id, snapshot_id):
    snapshot = (
        SourceSnapshot.objects.public()
        .filter(pk=snapshot_id, source_id=source_id)
        .select_related("source")
        .defer("warc")
        .first()
    )
    if snapshot is None:
        return not_found(request)
    fetched = timezone.localtime(snapshot.fetched_at)
    heading = (
        f"Archived copy of {snapshot.url}\n"
        f"Source: {snapshot.source.title}\n"
        f"Fetched {fetched:%Y-%m-%d %H:%M %Z}, HTTP {snapshot.status}; "
        f"text SHA-256 {snapshot.text_sha256}\n"
        "This is the text of the page as the newsroom archived it, not the live page.\n"
    )
    body = f"{heading}\n{'-' * 72}\n\n{snapshot.text or '(no text could be read from the page)'}\n"
    response = HttpResponse(body, content_type="text/plain; charset=utf-8")
    return archive_headers(response)

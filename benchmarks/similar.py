"""
"Checked before" on the whole archive: :func:`factcheck.search.similar_claims`
for statements reworded from claims of the archive, and the admin's live
endpoint that the claim form calls as a statement is typed, as a superuser.

Each sample statement is an archive claim's, reworded (a clause put first, a
word changed); ``extra.found_first`` says how often that claim came first.
"""

from __future__ import annotations

import contextlib
import itertools
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse

from factcheck.models import Claim
from factcheck.search import similar_claims

from . import archive
from .pages import PageFailed
from .report import Measure, Target, sample

# The live list answers as a statement is typed, debounced: it must feel at once.
LIVE_MAX_MS = 150
SAMPLES = 10


def reworded(statement: str) -> str:
    """The statement as another report might word it."""
    words = statement.rstrip(".").split()
    if " said " in statement:
        speaker, _, said = statement.rstrip(".").partition(" said ")
        return f"{said[:1].upper()}{said[1:]}, according to {speaker}."
    return " ".join(words[1:] + ["reportedly"]) + "."


def sample_claims(count=SAMPLES) -> list[tuple[int, str]]:
    """``count`` claims spread over the archive, by key."""
    keys = Claim.objects.order_by("pk").values_list("pk", flat=True)
    total = keys.count()
    step = max(1, total // count)
    picked = [keys[n * step] for n in range(min(count, total))]
    return list(Claim.objects.filter(pk__in=picked).order_by("pk").values_list("pk", "statement"))


@contextlib.contextmanager
def counting():
    """The SQL run inside the block, as a list (an execute wrapper: it sees
    every query, whatever the connection's debug log holds)."""
    seen = []

    def record(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield seen


def run(*, repeats: int, budget: float | None = None) -> list[Measure]:
    user = get_user_model().objects.get(username=archive.SUPERUSER)
    claims = sample_claims()
    texts = [reworded(statement) for _, statement in claims]
    found_first = sum(
        1
        for (pk, _), text in zip(claims, texts, strict=True)
        if (rows := similar_claims(text, user=user)) and rows[0].claim and rows[0].claim.pk == pk
    )
    cycle = itertools.cycle(texts)
    with counting() as queries:
        similar_claims(texts[0], user=user)
    read = sample(lambda: similar_claims(next(cycle), user=user), repeats=repeats, budget=budget)

    client = Client()
    client.force_login(user)
    url = reverse("admin:factcheck_claim_similar")
    urls = itertools.cycle(f"{url}?{urlencode({'statement': text})}" for text in texts)
    client.get(next(urls))
    with counting() as page_queries:
        client.get(next(urls))

    def live():
        response = client.get(next(urls))
        if response.status_code != 200:
            raise PageFailed(f"{url} answered {response.status_code}")

    page = sample(live, repeats=repeats, budget=budget)
    extra = {"found_first": f"{found_first}/{len(claims)}", "sample": texts[0]}
    return [
        Measure.from_stats(
            "similar",
            "similar_claims() for a reworded statement",
            read,
            queries=len(queries),
            target=Target(max_ms=LIVE_MAX_MS),
            extra=extra,
        ),
        Measure.from_stats(
            "similar",
            "live list under the claim form (admin endpoint)",
            page,
            queries=len(page_queries),
            target=Target(max_ms=LIVE_MAX_MS),
            extra={"url": url},
        ),
    ]

"""The JSON format of ``backup_archive``: Django's own, with every datetime and
time to the microsecond.

Django's ``DjangoJSONEncoder`` cuts them to the millisecond, so a restored
archive held other moments than the database it came from (and a moment 1-999
microseconds past a millisecond even lost its fraction). ``loaddata`` reads the
full precision with the ordinary JSON deserializer, so archives keep their
``.json`` name.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.serializers.json import Deserializer as Deserializer  # noqa: PLC0414
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.utils.timezone import is_aware

from articles.analysis.urlnorm import normalise_url

FORMAT = "archive-json"


class ArchiveJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            if is_aware(o):
                raise ValueError("JSON can't represent timezone-aware times.")
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ArchiveJSONEncoder


@dataclass
class SourceMerge:
    """Sources of one address in an archive from before one source per URL
    (migration 0019): ``duplicates`` were folded into ``keep``, and the
    citations in ``moved`` (by model label) now cite it."""

    keep: int
    duplicates: list[int]
    url: str
    rows: list[dict] = field(default_factory=list)
    moved: dict[str, list[int]] = field(default_factory=dict)
    normalised: bool = False


_CITATIONS = ("factcheck.citation", "factcheck.discrepancycitation")
_FILLED_ON_MERGE = ("publisher", "published_on", "archive_url", "accessed_at")


def merge_duplicate_sources(objects: list[dict]) -> list[SourceMerge]:
    """Rewrite an archive's rows, in place, as migration 0019 rewrote the
    database: every source address normalised, the sources sharing one merged
    into the oldest, their citations moved to it, blanks filled from the
    duplicates and their notes kept. Returns what changed, for the history.

    Archives written before that migration may hold one address several times;
    loading them as they are would break the one-source-per-URL constraint and
    restore nothing.
    """
    sources = [o for o in objects if o["model"] == "factcheck.source"]
    by_url: dict[str, list[dict]] = defaultdict(list)
    for source in sources:
        if source["fields"].get("url"):
            by_url[normalise_url(source["fields"]["url"])].append(source)

    merges, dropped = [], {}
    for url, group in by_url.items():
        group.sort(key=lambda s: (_moment(s["fields"].get("created_at")), s["pk"]))
        keep, *duplicates = group
        if not duplicates and keep["fields"]["url"] == url:
            continue
        merge = SourceMerge(
            keep=keep["pk"],
            duplicates=[d["pk"] for d in duplicates],
            url=url,
            rows=duplicates,
            normalised=keep["fields"]["url"] != url,
        )
        fields = keep["fields"]
        for name in _FILLED_ON_MERGE:
            found = [d["fields"].get(name) for d in duplicates if d["fields"].get(name)]
            if found and not fields.get(name):
                fields[name] = found[0]
        notes = [fields.get("notes", "")]
        notes += [
            d["fields"]["notes"]
            for d in duplicates
            if d["fields"].get("notes") and d["fields"]["notes"] not in notes[0]
        ]
        fields["notes"] = "\n\n".join(n for n in notes if n)
        fields["url"] = url
        dropped.update({d["pk"]: merge for d in duplicates})
        merges.append(merge)

    if dropped:
        for row in objects:
            if row["model"] in _CITATIONS and row["fields"]["source"] in dropped:
                merge = dropped[row["fields"]["source"]]
                row["fields"]["source"] = merge.keep
                merge.moved.setdefault(row["model"], []).append(row["pk"])
        objects[:] = [
            o for o in objects if not (o["model"] == "factcheck.source" and o["pk"] in dropped)
        ]
    return merges


def _moment(text):
    return (
        datetime.datetime.fromisoformat(text)
        if text
        else datetime.datetime.max.replace(tzinfo=datetime.UTC)
    )

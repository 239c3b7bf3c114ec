"""The detection corpus on disk: stories of real reports with hand annotations.

Layout and annotation rules: ``benchmarks/detection_corpus/README.md``. One
folder per story holds a ``story.json`` and one text file per report.
:func:`load_story` reads a folder and checks it; a story that breaks a rule is
refused with every problem listed, so a bad annotation cannot slip into the
figures (and ``tests/benchmarks/test_detection_corpus.py`` fails on it).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / "detection_corpus" / "stories"
SPLITS = ("dev", "heldout", "seed")
KINDS = ("number", "date", "quote", "attribution", "description", "other")


class CorpusError(ValueError):
    """A story folder that does not follow the corpus format."""


@dataclasses.dataclass(frozen=True)
class Report:
    id: str
    body: str
    outlet: str
    headline: str = ""
    url: str = ""
    published: datetime.date | None = None


@dataclasses.dataclass(frozen=True)
class GoldItem:
    """A discrepancy or an agreement: one phrase per report taking part."""

    id: str
    what: str
    phrases: dict[str, str]
    kind: str = ""  # discrepancies only


@dataclasses.dataclass(frozen=True)
class SingleSource:
    id: str
    report: str
    phrase: str
    what: str = ""


@dataclasses.dataclass(frozen=True)
class Story:
    slug: str
    split: str
    path: Path
    reports: list[Report]
    discrepancies: list[GoldItem]
    agreements: list[GoldItem]
    single_source: list[SingleSource]
    event_date: datetime.date | None = None


def story_folders(roots) -> list[Path]:
    """Every story folder (one holding a ``story.json``) under ``roots``, by name."""
    folders = []
    for root in roots:
        root = Path(root)
        if not root.is_dir():
            raise CorpusError(f"{root}: no such corpus folder")
        folders.extend(p.parent for p in root.glob("*/story.json"))
    return sorted(folders, key=lambda p: (p.name, str(p)))


def load_corpus(roots=(DEFAULT_CORPUS,)) -> list[Story]:
    return [load_story(folder) for folder in story_folders(roots)]


def _date(value, where, problems):
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        problems.append(f"{where}: {value!r} is not a date (YYYY-MM-DD)")
        return None


def load_story(folder) -> Story:
    folder = Path(folder)
    try:
        data = json.loads((folder / "story.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise CorpusError(f"{folder}/story.json: {error}") from error
    problems: list[str] = []
    if not isinstance(data, dict):
        raise CorpusError(f"{folder}/story.json: not a JSON object")
    split = data.get("split")
    if split not in SPLITS:
        problems.append(f"split {split!r} is not one of {', '.join(SPLITS)}")
    reports = _reports(folder, data.get("reports"), problems)
    bodies = {r.id: r.body for r in reports}
    discrepancies = _items(data.get("discrepancies", []), "discrepancies", bodies, problems)
    agreements = _items(data.get("agreements", []), "agreements", bodies, problems)
    singles = _singles(data.get("single_source", []), bodies, problems)
    ids = [i.id for i in discrepancies + agreements] + [s.id for s in singles]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"annotation id {duplicate!r} is used twice")
    if problems:
        raise CorpusError(f"{folder}:\n  " + "\n  ".join(problems))
    return Story(
        slug=str(data.get("slug") or folder.name),
        split=split,
        path=folder,
        reports=reports,
        discrepancies=discrepancies,
        agreements=agreements,
        single_source=singles,
        event_date=_date(data.get("event_date"), "event_date", problems),
    )


def _reports(folder, entries, problems) -> list[Report]:
    if not isinstance(entries, list) or len(entries) < 2:
        problems.append("a story needs a list of at least two reports")
        return []
    reports, seen = [], set()
    for n, entry in enumerate(entries):
        where = f"reports[{n}]"
        if not isinstance(entry, dict) or not entry.get("id"):
            problems.append(f"{where}: needs an id and a file")
            continue
        if not entry.get("file") and not entry.get("repo_path"):
            problems.append(f"{where}: needs an id and a file (or a repo_path)")
            continue
        if entry["id"] in seen:
            problems.append(f"{where}: report id {entry['id']!r} is used twice")
            continue
        seen.add(entry["id"])
        if not entry.get("outlet"):
            problems.append(f"{where} ({entry['id']}): needs an outlet")
        path = (
            folder / entry["file"] if entry.get("file") else _repo_file(folder, entry["repo_path"])
        )
        name = entry.get("file") or entry["repo_path"]
        try:
            body = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(f"{where} ({entry['id']}): cannot read {name}: {error}")
            continue
        if not body.strip():
            problems.append(f"{where} ({entry['id']}): {entry['file']} is empty")
        reports.append(
            Report(
                id=entry["id"],
                body=body,
                outlet=entry.get("outlet") or "",
                headline=entry.get("headline") or "",
                url=entry.get("url") or "",
                published=_date(entry.get("published"), f"{where}.published", problems),
            )
        )
    return reports


REPO_ROOT = Path(__file__).resolve().parents[2]


def _repo_file(folder: Path, repo_path: str) -> Path:
    """A report kept elsewhere in the repository (the seed story's reports
    are the files under ``seeds/``): ``repo_path`` is relative to the
    repository holding the story folder (``<root>/benchmarks/detection_corpus/
    stories/<slug>``), else to this one."""
    folder = folder.resolve()
    roots = [folder.parents[3]] if len(folder.parents) > 3 else []
    for root in [*roots, REPO_ROOT]:
        path = (root / repo_path).resolve()
        if path.is_relative_to(root) and path.is_file():
            return path
    return REPO_ROOT / repo_path


def _items(entries, section, bodies, problems) -> list[GoldItem]:
    items = []
    if not isinstance(entries, list):
        problems.append(f"{section}: not a list")
        return items
    for n, entry in enumerate(entries):
        where = f"{section}[{n}]"
        if not isinstance(entry, dict) or not entry.get("id"):
            problems.append(f"{where}: needs an id")
            continue
        where = f"{section} {entry['id']}"
        kind = entry.get("kind", "")
        if section == "discrepancies" and kind not in KINDS:
            problems.append(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
        phrases = entry.get("phrases")
        if not isinstance(phrases, dict) or len(phrases) < 2:
            problems.append(f"{where}: needs phrases from at least two reports")
            continue
        for report, phrase in phrases.items():
            _check_phrase(where, report, phrase, bodies, problems)
        items.append(GoldItem(entry["id"], entry.get("what", ""), dict(phrases), kind))
    return items


def _singles(entries, bodies, problems) -> list[SingleSource]:
    singles = []
    if not isinstance(entries, list):
        problems.append("single_source: not a list")
        return singles
    for n, entry in enumerate(entries):
        if not isinstance(entry, dict) or not entry.get("id"):
            problems.append(f"single_source[{n}]: needs an id")
            continue
        where = f"single_source {entry['id']}"
        report, phrase = entry.get("report"), entry.get("phrase")
        _check_phrase(where, report, phrase, bodies, problems)
        singles.append(SingleSource(entry["id"], report, phrase or "", entry.get("what", "")))
    return singles


def _check_phrase(where, report, phrase, bodies, problems):
    if report not in bodies:
        problems.append(f"{where}: no report {report!r} in this story")
    elif not isinstance(phrase, str) or not phrase.strip():
        problems.append(f"{where}: empty phrase for {report}")
    elif phrase not in bodies[report]:
        problems.append(f"{where}: {phrase!r} is not in report {report}'s text")

"""Value objects shared by the detection modules. Offsets are into the article body."""

from __future__ import annotations

import dataclasses
import datetime


@dataclasses.dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    index: int  # position in the article, from 0
    paragraph: int  # paragraph number, from 0


@dataclasses.dataclass(frozen=True)
class Person:
    """A person named in a text. ``key`` folds name variants together
    (see :func:`articles.analysis.text.name_key`); ``surname_key`` lets "Mr. Lee" and
    "Lee" find "Lee Jae-myung"."""

    name: str
    key: str
    titles: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Quote:
    """A direct quotation: ``start``/``end`` cover the quoted words without the
    quotation marks. ``speaker`` is the resolved person's full name as written
    in the article (``None`` when nobody can be named with confidence)."""

    start: int
    end: int
    text: str
    speaker: str | None
    speaker_key: str | None
    verb: str | None = None  # "said", "wrote", ...
    platform: str | None = None  # "X", "Instagram", "social media", ...
    sentence_index: int | None = None


@dataclasses.dataclass(frozen=True)
class DateMention:
    """A date in the text. ``value`` is set when it resolves to a single day;
    ``year``/``month``/``weekday`` keep what is known otherwise."""

    start: int
    end: int
    text: str
    value: datetime.date | None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # Monday = 0
    relative: bool = False
    granularity: str = "day"  # "day", "weekday", "month", "year"


@dataclasses.dataclass(frozen=True)
class NumberMention:
    """A number, with the noun it counts or measures when there is one."""

    start: int
    end: int
    text: str
    value: float
    unit: str = ""  # folded, singular head noun or unit ("guest", "$", "percent")
    approximate: bool = False  # "about", "nearly", "more than", ...

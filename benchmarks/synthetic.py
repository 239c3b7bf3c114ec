"""Deterministic synthetic news text for benchmarks. Plain Python, no Django.

A story is a set of facts (who did what, when, how many, how it looked); each
report tells a random subset of them in its own order and words, gets some
details wrong, and adds background sentences of its own, so a story of many
reports looks like a real news cycle to the detection engine.
"""

from __future__ import annotations

import datetime
import random

FIRST = "Amara Elena Tom Jonas Mei Kwame Sofia Ravi Ingrid Tariq Lena Omar Hana Pavel Noor".split()
LAST = (
    "Osei Ruiz Berg Lindqvist Tanaka Mensah Rossi Iyer Dahl Haddad Novak Farouk Kim Silva".split()
)
PLACES = "Millbrook Kessel Port-Alder Northgate Saltmarsh Eastwick Holloway Brennan Cardale".split()
THINGS = "bridge tunnel stadium library hospital museum ferry terminal harbour wall".split()
COLOURS = "green blue red grey white golden silver black".split()
NOUNS = "guests residents workers protesters visitors engineers students volunteers".split()
VERBS = "opened inaugurated unveiled completed launched reopened dedicated".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
TOPICS = (
    "budget council election transport housing schools water energy tourism fishing "
    "trade weather festival railway airport police courts health farming market"
).split()
ADJECTIVES = "long-running contested delayed ambitious costly modest local regional".split()


def _person(rng):
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def make_story(n_articles: int, *, seed: int = 0, sentences_per_article: int = 32):
    """``[(source, body, reference_date)]`` for one story of ``n_articles`` reports."""
    rng = random.Random(seed)
    date = datetime.date(2026, 3, 4)
    place, thing = rng.choice(PLACES), rng.choice(THINGS)
    speakers = [_person(rng) for _ in range(4)]
    facts = []
    for index in range(16):
        speaker = speakers[index % len(speakers)]
        facts.append(
            {
                "speaker": speaker,
                "count": rng.randint(20, 900),
                "noun": rng.choice(NOUNS),
                "day": rng.choice(WEEKDAYS),
                "colour": rng.choice(COLOURS),
                "verb": rng.choice(VERBS),
                "topic": rng.choice(TOPICS),
                "quote": f"this {thing} will change {place} for {rng.choice(['a', 'the'])} "
                f"{rng.choice(['generation', 'decade', 'century'])} {index}",
            }
        )
    articles = []
    for number in range(n_articles):
        body = []
        told = rng.sample(facts, k=min(len(facts), sentences_per_article // 2))
        for fact in told:
            count = fact["count"] if rng.random() > 0.1 else fact["count"] + rng.randint(5, 80)
            colour = fact["colour"] if rng.random() > 0.1 else rng.choice(COLOURS)
            day = fact["day"] if rng.random() > 0.05 else rng.choice(WEEKDAYS)
            quote = (
                fact["quote"]
                if rng.random() > 0.15
                else fact["quote"].replace("change", "transform")
            )
            style = rng.randrange(3)
            if style == 0:
                body.append(
                    f"The {place} {thing} was {fact['verb']} on {day} before {count} "
                    f"{fact['noun']}, and its {fact['topic']} wing is painted {colour}."
                )
            elif style == 1:
                body.append(
                    f"“{quote[0].upper() + quote[1:]},” {fact['speaker']} said of the "
                    f"{fact['topic']} plans."
                )
            else:
                body.append(
                    f"{count} {fact['noun']} watched on {day} as officials {fact['verb']} "
                    f"the {colour} {thing} in {place}, a {rng.choice(ADJECTIVES)} "
                    f"{fact['topic']} project."
                )
        for _ in range(sentences_per_article - len(told)):
            topic, other = rng.sample(TOPICS, 2)
            body.append(
                f"{_person(rng)} of {rng.choice(PLACES)} said the {rng.choice(ADJECTIVES)} "
                f"{topic} debate had little to do with {other} in {rng.randint(1990, 2025)}."
            )
        rng.shuffle(body)
        paragraphs = [" ".join(body[i : i + 3]) for i in range(0, len(body), 3)]
        articles.append((f"report-{number:04d}.txt", "\n\n".join(paragraphs), date))
    return articles

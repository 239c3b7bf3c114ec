"""The engine on arbitrary text: never fails, and every passage it returns is
the exact text at its offsets."""

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.analysis.detection.engine import ArticleInput, detect

WORDS = st.sampled_from(
    'the quake killed at least 12 people , 4:30 p.m. Monday said Ana Lopes “ ” " '
    "magnitude-6.1 $4 million a year 16 km 10 miles of the other nearly dozens 7-2 "
    "votes to injured . U.S. Gov. Jan. 5 two-and-a-half-year deal according police".split()
)
BODY = st.lists(WORDS, max_size=60).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(BODY, min_size=2, max_size=4))
def test_detect_returns_exact_passages_for_any_text(bodies):
    articles = [ArticleInput(n, f"r{n}", body, label=f"R{n}") for n, body in enumerate(bodies)]

    for candidate in detect(articles):
        assert candidate.title and candidate.explanation
        for passage in candidate.passages:
            assert bodies[passage.article][passage.start : passage.end] == passage.text

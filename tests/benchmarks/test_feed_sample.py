"""The pages of the ClaimReview feed traced for its peak memory (``benchmarks.feeds``)."""

from benchmarks.feeds import spread


def test_the_sample_runs_from_the_first_page_to_the_last():
    pages = list(range(800))
    sampled = spread(pages, 12)
    assert len(sampled) == 12
    assert sampled[0] == 0 and sampled[-1] == 799
    assert sampled == sorted(set(sampled))


def test_a_feed_no_longer_than_the_sample_is_read_whole():
    assert spread([1, 2, 3], 12) == [1, 2, 3]
    assert spread([1, 2, 3], 3) == [1, 2, 3]


def test_a_sample_of_one_is_the_first_page():
    assert spread([1, 2, 3], 1) == [1]

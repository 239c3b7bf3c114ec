"""The API's tests use the public site's desk (published work made through
the services) and its empty per-test cache."""

from tests.public.conftest import clock, desk, private_cache, published, queries

__all__ = ["clock", "desk", "private_cache", "published", "queries"]

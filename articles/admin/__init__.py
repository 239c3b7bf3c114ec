"""The admin for outlets, stories and articles: one module per model."""

from .articles import ArticleAdmin
from .base import HistoryAdmin
from .outlets import OutletAdmin
from .stories import StoryAdmin
from .tags import TagAdmin

__all__ = ["ArticleAdmin", "HistoryAdmin", "OutletAdmin", "StoryAdmin", "TagAdmin"]

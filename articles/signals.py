"""Signals the articles app sends. Receivers live in the apps that care.

``article_revised`` is sent after the transaction that gave an article a new
revision commits, with ``article``, ``revision`` (the new one) and
``previous`` (the one it replaced). The fact-check app re-anchors claims on it;
the articles app never imports the fact-check app.
"""

from django.dispatch import Signal

article_revised = Signal()

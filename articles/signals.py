"""Signals the articles app sends. Receivers live in the apps that care.

``article_revised`` is sent inside the transaction that gives an article a new
revision, once the article holds the new body, with ``article``, ``revision``
(the new one) and ``previous`` (the one it replaced). What receivers write is
stored with the revision or not at all, and a receiver that raises undoes the
import: were it sent on commit, a failure in between would leave claims on the
old text for good, since importing the same text again changes nothing. The
fact-check app re-anchors claims on it; the articles app never imports the
fact-check app.

``articles_imported`` is sent once an import batch is over, outside any
transaction of its own, with ``report`` (the batch's
:class:`~articles.services.ImportReport`). The fact-check app refreshes the
database's query statistics on it.

``report_metadata_changed`` is sent once a write that staff made to what the
public may read of reports commits: a story or outlet saved or deleted, an
article's metadata corrected by hand. ``instance`` is the row (its ``pk`` is
None after a delete). The public site refreshes its cached pages on it.

``article_refiled`` is sent inside the transaction that files an article under
another outlet or story (an import, a hand correction), once the article is
saved, with ``article``, ``outlet_was`` and ``story_was`` (the keys it had, or
None). The fact-check app moves the article's published claims between the
outlets' and stories' counts on it.

``tag_relabelled`` is sent inside the transaction that renames a tag or
deletes it (before its rows go), with ``tag``. The fact-check app dates the
change on the published claims filed under it, which their feeds and sitemap
then carry (a consumer reading "what changed since" sees the new keywords).
"""

from django.dispatch import Signal

article_refiled = Signal()
article_revised = Signal()
articles_imported = Signal()
report_metadata_changed = Signal()
tag_relabelled = Signal()

"""
What reports say and how they differ, as plain Python over strings: no Django,
no models, nothing from the apps. Both apps import it; it imports neither.

- ``text``: the canonical text of a report and its folding for comparison;
- ``diff``: word-level diffs between two texts;
- ``anchoring``: placing a quoted passage in a report and re-placing it in a
  later revision;
- ``fingerprint``: the key that recognises a discrepancy already reported;
- ``passages``: passages compared word by word with a reference, and
  highlighted in a report's paragraphs (the admin escapes and renders);
- ``detection``: the discrepancy detection engine across a story's reports.
"""

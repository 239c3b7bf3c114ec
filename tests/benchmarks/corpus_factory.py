"""Invented story folders in the corpus format, for the evaluation's own tests."""

import json

REPORTS = {
    "north": "Floodwater reached 40 homes in Brackwell on Tuesday, the mayor said.\n\n"
    "Crews worked through the night. Nine people were rescued by boat.",
    "south": "Water flooded 55 homes in Brackwell on Tuesday.\n\n"
    "Crews worked overnight, and nine residents were rescued by boat.",
}


def write_story(root, slug="invented-flood", split="dev", **overrides):
    folder = root / slug
    folder.mkdir(parents=True)
    for report, body in REPORTS.items():
        (folder / f"{report}.txt").write_text(body, encoding="utf-8")
    data = {
        "slug": slug,
        "title": "An invented flood",
        "event_date": "2025-03-04",
        "split": split,
        "reports": [
            {"id": r, "file": f"{r}.txt", "outlet": f"The {r.title()} Gazette", "url": ""}
            for r in REPORTS
        ],
        "discrepancies": [
            {
                "id": "d1",
                "kind": "number",
                "what": "Homes flooded",
                "phrases": {"north": "40 homes", "south": "55 homes"},
            }
        ],
        "agreements": [
            {
                "id": "a1",
                "what": "Rescued",
                "phrases": {"north": "Nine people were rescued", "south": "nine residents"},
            }
        ],
        "single_source": [
            {"id": "s1", "report": "north", "phrase": "the mayor said", "what": "source"}
        ],
    }
    data.update(overrides)
    (folder / "story.json").write_text(json.dumps(data), encoding="utf-8")
    return folder

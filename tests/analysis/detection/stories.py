"""Stories written for the engine's tests: invented events, several outlets' styles.

``BRIDGE`` plants one difference of each kind; ``FLOOD`` paraphrases and
reorders the same facts in three reports and must raise no conflict.
"""

import datetime

from articles.analysis.detection.engine import ArticleInput

WEDNESDAY = datetime.date(2026, 3, 4)

BRIDGE = [
    ArticleInput(
        id=1,
        source="coastal-herald.txt",
        label="Coastal Herald",
        reference_date=WEDNESDAY,
        body=(
            "The new Harbour Bridge opened to traffic on Tuesday after four years of "
            "construction.\n\n"
            "Mayor Elena Ruiz cut the ribbon in front of 300 guests at the northern ramp.\n\n"
            "“This bridge connects the two halves of our city,” Ruiz said at the ceremony.\n\n"
            "The bridge cost $48 million, according to the city finance office.\n\n"
            "Engineers from Nordvik Steel designed the cable-stayed span, which is painted "
            "bright green.\n\n"
            "A brass band from Port Alder played as the first cars crossed."
        ),
    ),
    ArticleInput(
        id=2,
        source="bay-daily.html",
        label="Bay Daily",
        reference_date=WEDNESDAY,
        body=(
            "After four years of construction, the Harbour Bridge opened to traffic on "
            "Wednesday.\n\n"
            "Mayor Elena Ruiz cut the ribbon in front of 500 guests at the northern ramp.\n\n"
            "“This bridge unites the two halves of our whole city,” Ruiz told reporters.\n\n"
            "The bridge cost $52 million, according to the regional transport agency.\n\n"
            "Engineers from Nordvik Steel designed the cable-stayed span, which is painted "
            "dark blue.\n\n"
            "Fireworks over Kessel Point lit the sky after the ceremony."
        ),
    ),
    ArticleInput(
        id=3,
        source="https://wire.example/harbour-bridge",
        label="Wire Service",
        reference_date=WEDNESDAY,
        body=(
            "HARBOUR CITY (Wire) — The Harbour Bridge opened to traffic on Tuesday, four "
            "years after construction began.\n\n"
            "Council member Tom Berg said at the ceremony: “This bridge connects the two "
            "halves of our city.”\n\n"
            "Engineers from Nordvik Steel designed the cable-stayed span."
        ),
    ),
]

FLOOD = [
    ArticleInput(
        id=11,
        source="valley-times.txt",
        label="Valley Times",
        reference_date=datetime.date(2026, 5, 12),
        body=(
            "The river Lune burst its banks on Sunday, flooding 120 homes in Millbrook.\n\n"
            "“We have never seen water this high,” said fire chief Amara Osei.\n\n"
            "Volunteers filled sandbags through the night at the village hall."
        ),
    ),
    ArticleInput(
        id=12,
        source="northern-post.txt",
        label="Northern Post",
        reference_date=datetime.date(2026, 5, 12),
        body=(
            "Volunteers worked through the night filling sandbags at the village hall.\n\n"
            "In Millbrook, 120 homes were flooded when the river Lune burst its banks on "
            "Sunday.\n\n"
            "Fire chief Amara Osei said: “We have never seen water this high.”"
        ),
    ),
    ArticleInput(
        id=13,
        source="radio-north.txt",
        label="Radio North",
        reference_date=datetime.date(2026, 5, 10),  # a Sunday: "today" agrees
        body=(
            "Floodwater entered 120 homes in Millbrook today after the river Lune burst its "
            "banks.\n\n"
            "“We have never seen water this high,” fire chief Amara Osei told us."
        ),
    ),
]

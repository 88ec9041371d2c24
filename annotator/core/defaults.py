"""Defaults and limits the program starts from: confidence levels, note length, the reviewer.

Kept apart from the models so that the window can be built (and painted) before the heavier
parts of the core are imported.
"""

from __future__ import annotations

import getpass
import re

CONFIDENCE_NAMES: dict[int, str] = {
    1: "very low",
    2: "low",
    3: "medium",
    4: "high",
    5: "very high",
}
DEFAULT_CONFIDENCE = 3
MAX_NOTE_CHARS = 100_000
MAX_EVIDENCE_URLS = 50
# what counts as an evidence link
WEB_ADDRESS = re.compile(r"^(https?|ftp)://[^\s/$.?#][^\s]*$", re.IGNORECASE)
# what counts as a published fact-check's address (and its ClaimReview's): a web page's
HTTP_ADDRESS = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)

# A document's progress, as stored, and as shown.
STATUSES: dict[str, str] = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "done": "Done",
}

# A claim's verdict, as stored, and as shown: the standard scale's (a session may have its own,
# see annotator.core.factcheck.verdict_scales); every verdict's key has this shape.
VERDICT_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
VERDICTS: dict[str, str] = {
    "unverified": "Unverified",
    "true": "True",
    "mostly_true": "Mostly true",
    "mixed": "Mixed",
    "mostly_false": "Mostly false",
    "false": "False",
    "not_checkable": "Not checkable",
}
MAX_REVIEWER_CHARS = 200

# Where an annotation came from, as stored, and as shown.
ORIGINS: dict[str, str] = {
    "manual": "Tagged by hand",
    "suggested": "Suggested, accepted",
    "suggested-relabelled": "Suggested, accepted under another label",
    "imported": "Imported from a file",
    "merged": "Merged from another session",
}


def default_reviewer() -> str:
    """The operating-system user name, the reviewer's name until they choose another."""
    try:
        name = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in this environment
        name = ""
    return name.strip() or "reviewer"

# The reviewer name of the adjudicated ("gold") layer: the spans an adjudicator accepted.
GOLD_REVIEWER = "gold"

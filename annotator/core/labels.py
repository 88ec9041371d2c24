"""The default label set and the names of the confidence levels."""

from __future__ import annotations

from annotator.core.models import Label

# Okabe–Ito colours: distinguishable with the common forms of colour blindness.
DEFAULT_LABELS: tuple[Label, ...] = (
    Label(
        name="claim",
        title="Claim",
        color="#0072B2",
        shortcut="C",
        position=0,
        description="A checkable statement of fact.",
    ),
    Label(
        name="estimate",
        title="Estimate",
        color="#E69F00",
        shortcut="E",
        position=1,
        description="A number, range or quantity, often hedged (“up to 3,000”).",
    ),
    Label(
        name="attribution",
        title="Attribution",
        color="#CC79A7",
        shortcut="A",
        position=2,
        description="Who a statement is credited to (“according to officials”).",
    ),
)

CONFIDENCE_NAMES: dict[int, str] = {
    1: "very low",
    2: "low",
    3: "medium",
    4: "high",
    5: "very high",
}

DEFAULT_CONFIDENCE = 3

"""The default label set (the confidence levels' names are in :mod:`.defaults`)."""

from __future__ import annotations

from annotator.core.models import Label

__all__ = ["DEFAULT_LABELS", "RESERVED_KEYS"]

# keys a label cannot have: the window's next/previous annotation, next figure, link
RESERVED_KEYS = frozenset("JKNL")

# Made without the model's checks, which are then built only when first used (not at each
# start); tests/unit/test_quick_rows.py checks them with the model.
# Okabe–Ito colours: distinguishable with the common forms of colour blindness.
DEFAULT_LABELS: tuple[Label, ...] = (
    Label.model_construct(
        name="claim",
        title="Claim",
        color="#0072B2",
        shortcut="C",
        position=0,
        description="A checkable statement of fact.",
    ),
    Label.model_construct(
        name="estimate",
        title="Estimate",
        color="#E69F00",
        shortcut="E",
        position=1,
        description="A number, range or quantity, often hedged (“up to 3,000”).",
    ),
    Label.model_construct(
        name="attribution",
        title="Attribution",
        color="#CC79A7",
        shortcut="A",
        position=2,
        description="Who a statement is credited to (“according to officials”).",
    ),
)

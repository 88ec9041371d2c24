"""Errors whose message is written for the reviewer: one clear sentence, no traceback."""

from __future__ import annotations


class AnnotatorError(Exception):
    """Base class: the message is shown as is in the window or on standard error."""


class SessionError(AnnotatorError):
    """A session file cannot be created, opened or written."""


class DocumentError(AnnotatorError):
    """A document cannot be read or imported."""


class ValidationFailed(AnnotatorError):
    """Data that would enter the store breaks one of its rules (span, label, confidence, ...)."""


class NotFound(AnnotatorError):
    """An annotation or document id that the session does not hold."""


def validation_message(exc) -> str:
    """The first problem of a pydantic error, as a sentence a reviewer can read."""
    parts = []
    for error in exc.errors():
        message = str(error.get("msg", "invalid value"))
        message = message.removeprefix("Value error, ")
        field = ".".join(str(p) for p in error.get("loc", ()) if p != "__root__")
        named = field and error.get("type") != "value_error"
        parts.append(f"{field}: {message}" if named else message)
    return "; ".join(parts) if parts else str(exc)


class FormatError(AnnotatorError):
    """An annotation file cannot be read as the format it was given as."""


class DamagedRowError(NotFound):
    """A row of the session was changed by another program so that it breaks the session's
    rules: it is left out (see :mod:`annotator.core.session.damaged_rows`)."""


class VerdictScaleError(ValidationFailed, ValueError):
    """A desk's verdict scale breaks one of its rules, or its stored form cannot be read."""


class IncompleteClaimReviews(ValidationFailed):
    """Claims lack what a published ClaimReview needs, so nothing was written. ``missing``
    maps each claim id to the properties it lacks."""

    def __init__(self, message: str, missing: dict[object, list[str]]):
        super().__init__(message)
        self.missing = missing

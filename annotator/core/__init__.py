"""The annotator's core: plain Python, no Qt. Models, the session store, offsets, importers, exporters."""

from annotator.core.errors import AnnotatorError, DocumentError, SessionError, ValidationFailed
from annotator.core.models import Annotation, Document, DocumentSummary, Label
from annotator.core.store import SessionStore

__all__ = [
    "Annotation",
    "AnnotatorError",
    "Document",
    "DocumentError",
    "DocumentSummary",
    "Label",
    "SessionError",
    "SessionStore",
    "ValidationFailed",
]

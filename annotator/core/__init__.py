"""The annotator's core, plain Python without Qt.

Models, the session store, offsets, importers and exporters.
"""

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

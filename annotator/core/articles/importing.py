"""A document file read and added to a session in one call (what the command line, the sample
articles and the tests do; the window reads the file first, then adds it as an undoable change).

Kept beside the readers, so that the session store does not depend on them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.articles.reading import read_document

if TYPE_CHECKING:
    from annotator.core.models import DocumentSummary
    from annotator.core.session.store import SessionStore


def import_file(store: SessionStore, path: str | Path) -> tuple[DocumentSummary, bool]:
    """Read a document file and add it; returns the document and whether it was new (see
    :meth:`SessionStore.add_document`)."""
    return store.add_document(read_document(path))

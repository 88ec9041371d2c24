"""Starting the window: the application object, which session to open, first-run samples."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from annotator import __version__
from annotator.core.errors import AnnotatorError
from annotator.core.paths import bundled_dir, default_session_path, sample_documents
from annotator.gui.main_window import MainWindow
from annotator.gui.plain_text import escape_markup
from annotator.gui.settings import Settings
from annotator.gui.theme import apply_theme

ORGANISATION = "factcheck-annotator"
APPLICATION = "Fact-check Annotator"


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    app.setDesktopFileName("annotator")
    icon = bundled_dir("resources") / "annotator.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def ensure_default_session(path: Path | None = None) -> Path:
    """The default session, created on first use with the bundled sample articles in it."""
    from annotator.core.articles.importing import import_file
    from annotator.core.session.store import SessionStore

    path = path or default_session_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with SessionStore.open(path, create=True) as store:
            for sample in sample_documents():
                try:
                    import_file(store, sample)
                except AnnotatorError:
                    continue
    return path


def choose_session(settings: Settings, requested: Path | None) -> tuple[Path, str | None]:
    """The session to open, and why it is not the last one used (or None).

    A session named on the command line that cannot be one (a folder, a device, a named pipe,
    a file with hard links) is refused at once (:class:`AnnotatorError`), before any window;
    a last session that became such a thing gives way to the default session.
    """
    from annotator.core.session.names import existing_session_file, session_path

    if requested is not None:
        existing_session_file(session_path(requested))
        return requested, None
    last = settings.last_session
    if last is not None and last.exists():
        try:
            existing_session_file(session_path(last))
        except AnnotatorError as exc:
            return ensure_default_session(), f"The last session was not opened: {exc}"
        return last, None
    return ensure_default_session(), None


def start(
    session: Path | None = None,
    documents: list[Path] | None = None,
    reviewer: str | None = None,
    encoding: str | None = None,
) -> MainWindow | None:
    """The window, shown on a session (the last one, or the default) with ``documents``
    imported into it (text files and pages in ``encoding`` if one is named); None, once the
    reason is on standard error, if it cannot be opened."""
    app = make_application()
    settings = Settings()
    apply_theme(app, settings.theme)
    window = MainWindow(settings, reviewer=reviewer)
    try:
        path, notice = choose_session(settings, session)
    except AnnotatorError as exc:
        print(f"annotator: error: {exc}", file=sys.stderr)
        return None
    if not window.files.open_session(path, create=True):
        print(f"annotator: error: cannot open {path}", file=sys.stderr)
        return None
    window.show()
    # The keyboard starts in the article: the arrows and Page Down read on, C, E and A tag.
    window.article.view.setFocus()
    if session is None and not window.state.store.read_only:
        window.show_welcome()  # a first start, on the default session with the samples
    if notice:
        print(f"annotator: {notice}", file=sys.stderr)
        window.message_bar.show_message(escape_markup(notice), "warning")
    if documents:
        window.files.import_paths(list(documents), encoding)
    return window


def run(
    session: Path | None = None,
    documents: list[Path] | None = None,
    reviewer: str | None = None,
    encoding: str | None = None,
) -> int:
    """Open the window (see :func:`start`) and run it until it is closed."""
    window = start(session, documents, reviewer, encoding)
    if window is None:
        return 1
    return QApplication.instance().exec()

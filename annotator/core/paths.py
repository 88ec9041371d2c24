"""Where the default session lives and where the bundled files (sample articles, icons) are."""

from __future__ import annotations

from pathlib import Path

APP_DIR_NAME = "factcheck-annotator"
_PACKAGE_DIR = Path(__file__).resolve().parents[1]


def default_session_path() -> Path:
    """The session used when none is named: ``default-session.sqlite`` in the user data folder."""
    import platformdirs  # only when no session is named: not before the first window

    return platformdirs.user_data_path(APP_DIR_NAME, appauthor=False) / "default-session.sqlite"


def bundled_dir(name: str) -> Path:
    """A folder shipped with the program: ``sample_docs`` or ``resources``.

    Installed from a wheel they live inside the package (``annotator/_bundled``); run from a
    source checkout (or an editable install) they are the top-level folders of the project.
    """
    installed = _PACKAGE_DIR / "_bundled" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def sample_documents() -> list[Path]:
    """The bundled sample articles, sorted by name."""
    folder = bundled_dir("sample_docs")
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))

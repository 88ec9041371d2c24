"""Fixtures for the window tests: offscreen Qt, private settings and data folders, a session."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.core.articles.importing import import_file  # noqa: E402
from annotator.core.session.store import SessionStore  # noqa: E402
from annotator.gui.app import make_application  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.gui.settings import Settings  # noqa: E402

ARTICLE = (
    "Flood barriers failed in Port Veyra on Thursday, officials said.\n"
    "\n"
    "Up to 3,000 households were evacuated, according to the emergency office. "
    "Some 4,000 volunteers joined the clean-up, a spokesperson said.\n"
    "\n"
    "The wall was built in 1961 and raised by 80 centimetres in 2016, "
    "according to planning documents.\n"
)


@pytest.fixture(autouse=True)
def private_user_folders(tmp_path_factory, monkeypatch):
    """Keep QSettings and the data folder of each test away from the real user's."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "config"))
    yield home


@pytest.fixture
def app(qapp) -> QApplication:
    application = make_application()
    application.setProperty("annotator_quiet_errors", True)
    return application


@pytest.fixture
def article_file(tmp_path: Path) -> Path:
    path = tmp_path / "barriers.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def session_path(tmp_path: Path, article_file: Path) -> Path:
    path = tmp_path / "review.sqlite"
    with SessionStore.open(path, create=True, reviewer="tester") as store:
        import_file(store, article_file)
    return path


def open_window(qtbot, path: Path, reviewer: str = "tester") -> MainWindow:
    window = MainWindow(Settings(), reviewer=reviewer)
    qtbot.addWidget(window)
    assert window.files.open_session(path)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.article.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2000)
    return window


@pytest.fixture
def window(app, qtbot, session_path: Path) -> MainWindow:
    return open_window(qtbot, session_path)

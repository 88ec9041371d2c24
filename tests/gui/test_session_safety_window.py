"""What the window shows and does for read-only sessions, full disks, backups and big files."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.core.articles.importing import import_file
from annotator.core.session.store import SessionStore

from .conftest import open_window


def tag(window, phrase: str, label: str):
    start = window.article.view.text.index(phrase)
    window.article.view.select_span(start, start + len(phrase))
    return window.article.tag_selection(label)


def _fill_disk(store) -> None:
    pages = store._file_db.execute("PRAGMA page_count").fetchone()[0]
    store._file_db.execute(f"PRAGMA max_page_count = {pages}")


def test_a_session_open_elsewhere_opens_read_only_and_says_who_has_it(app, qtbot, session_path):
    holder = SessionStore.open(session_path, reviewer="colleague")
    try:
        window = open_window(qtbot, session_path)
        assert window.state.store.read_only
        assert window.message_bar.isVisible()
        assert "colleague" in window.message_bar.label.text()
        assert "[read-only]" in window.windowTitle()
        start = window.article.view.text.index("Some 4,000")
        window.article.view.select_span(start, start + 10)
        window.article.view.setFocus()
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_C)
        assert holder.annotations() == []
        assert not window.annotations.inspector.isEnabled()
        assert not window.files.import_action.isEnabled()
        assert window.files.export_all_action.isEnabled()  # reading and exporting still work
    finally:
        holder.close()


def test_a_full_disk_keeps_work_in_memory_and_writes_it_later(window, qtbot, session_path):
    store = window.state.store
    _fill_disk(store)
    annotation = tag(window, "Some 4,000 volunteers", "estimate")
    window.annotations.inspector.note.setFocus()
    qtbot.keyClicks(window.annotations.inspector.note, "x" * 20)
    window.annotations.edit(annotation.id, note="n" * 50_000)  # enough to need a new page
    assert annotation is not None
    assert window.annotations.table_model.rowCount() == 1  # the reviewer sees the work
    assert not store.saved_to_disk
    assert window.message_bar.isVisible()
    assert "Not saved to disk" in window.message_bar.label.text()
    assert "disk is full" in window.message_bar.label.text()
    assert "kept in memory" in window.status_line.save_label.text()
    assert window.files.flush_timer.isActive()
    assert window.files.retry_saving() is False  # still full
    store._file_db.execute("PRAGMA max_page_count = 1000000")
    assert window.files.retry_saving() is True
    assert not window.message_bar.isVisible()
    assert "All changes saved" in window.status_line.save_label.text()
    with SessionStore.open(session_path, read_only=True) as other:
        [saved] = other.annotations()
    assert saved.note == "n" * 50_000


def test_closing_with_work_only_in_memory_asks_first(window, qtbot, monkeypatch):
    _fill_disk(window.state.store)
    annotation = tag(window, "Some 4,000 volunteers", "estimate")
    window.annotations.edit(annotation.id, note="n" * 50_000)
    assert not window.state.store.saved_to_disk
    asked = []
    monkeypatch.setattr(window.files, "confirm_losing_unsaved", lambda: asked.append(1) or False)
    window.close()
    assert asked == [1]
    assert window.isVisible()  # the reviewer chose Cancel
    assert window.state.store is not None
    window.state.store._file_db.execute("PRAGMA max_page_count = 1000000")
    window.close()  # writable again: written, then closed without asking
    assert asked == [1]
    assert not window.isVisible()


def test_save_a_copy_and_restore_a_backup(window, qtbot, tmp_path):
    first = tag(window, "Flood barriers failed", "claim")
    snapshot = window.state.store.backup("manual")
    tag(window, "Some 4,000 volunteers", "estimate")
    copy = tmp_path / "copy.sqlite"
    assert window.files.save_copy_to(copy)
    with SessionStore.open(copy, read_only=True) as saved:
        assert len(saved.annotations()) == 2
    assert window.files.restore_backup(snapshot)
    model = window.annotations.table_model
    assert [model.annotation_at(r).id for r in range(model.rowCount())] \
        == [first.id]
    assert not window.undo_group.canUndo()
    assert any(b.reason == "before-restore" for b in window.state.store.backups())


def test_a_large_document_is_read_in_the_background(window, qtbot, tmp_path):
    paragraph = "Officials said up to 3,000 households were evacuated, a source said. " * 20
    big = tmp_path / "long-report.txt"
    big.write_text("Long report\n\n" + "\n\n".join([paragraph] * 900), "utf-8")
    assert big.stat().st_size > 1_000_000
    [document] = window.files.import_paths([big])
    assert document.char_count > 1_000_000
    assert window.article.view.text.startswith("Long report")
    assert window.article.article_title.text() == "Long report"


def test_damaged_utf8_is_imported_with_a_warning(window, qtbot, tmp_path):
    damaged = tmp_path / "damaged.txt"
    text = "Damaged copy\n\nOfficials said “up to 3,000” people left — café.\n"
    data = text.encode("utf-8")
    damaged.write_bytes(data[:30] + b"\xff" + data[30:])
    [document] = window.files.import_paths([damaged])
    assert "\ufffd" in window.article.view.text
    assert window.message_bar.isVisible()
    assert "invalid UTF-8" in window.message_bar.label.text()
    assert "up to 3,000” people left — café." in window.article.view.text  # the rest is intact


def test_export_runs_in_the_background_and_can_be_cancelled(window, qtbot, tmp_path, monkeypatch):
    import csv

    from annotator.gui import exchange as main_window_module

    tag(window, "Some 4,000 volunteers", "estimate")
    out = tmp_path / "out.csv"
    assert window.files.exchange.export_to(out) == 1
    with out.open(encoding="utf-8", newline="") as handle:
        assert [r["text"] for r in csv.DictReader(handle)] == ["Some 4,000 volunteers"]

    def cancelled(parent, label, work, *, on_cancel=None, **_):
        on_cancel()  # the reviewer pressed Cancel
        raise main_window_module.Cancelled()

    monkeypatch.setattr(main_window_module, "run_with_progress", cancelled)
    other = tmp_path / "other.csv"
    assert window.files.exchange.export_to(other) is None
    assert not other.exists()
    assert "cancelled" in window.status_line.save_label.text()


def test_a_cancelled_export_leaves_no_file(tmp_path):
    import threading

    from annotator.core.formats.csv_format import ExportCancelled, export_csv

    session = tmp_path / "s.sqlite"
    with SessionStore.open(session, create=True) as store:
        article = tmp_path / "a.txt"
        line = "Up to 3,000 households left, officials said.\n"
        article.write_text(line * 100, "utf-8")
        doc, _ = import_file(store, article)
        for n in range(100):
            store.add_annotation(doc.id, n * len(line), n * len(line) + 5, "claim")
        stop = threading.Event()
        stop.set()
        out = tmp_path / "out.csv"
        try:
            export_csv(store, out, cancel=stop)
        except ExportCancelled:
            pass
        else:
            raise AssertionError("the export was not cancelled")
    assert list(tmp_path.glob("*out.csv*")) == []


def test_a_session_whose_lock_cannot_be_written_opens_read_only(app, qtbot, session_path,
                                                                 monkeypatch):
    import errno

    from annotator.core.session import locking

    def full(self, reviewer=""):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(locking.SessionLock, "acquire", full)
    window = open_window(qtbot, session_path)
    assert window.state.store is not None and window.state.store.read_only
    assert window.message_bar.isVisible()
    assert "No space left on device" in window.message_bar.label.text()
    assert "[read-only]" in window.windowTitle()
    assert window.files.export_all_action.isEnabled()


def test_reports_and_figures_are_never_saved_over_the_session_files(window, tmp_path):
    from annotator.gui.statistics import StatisticsDialog

    lock = window.state.store.path.with_name(window.state.store.path.name + ".lock")
    wal = window.state.store.path.with_name(window.state.store.path.name + "-wal")
    before = lock.read_bytes()
    assert window.files.exchange.export_report(wal) is False
    assert "write-ahead log of the session" in window.status_line.save_label.text()
    state = window.state
    dialog = StatisticsDialog(state.store, state.labels, state.document_id, window)
    assert dialog.save_png(lock) is False
    assert "lock file of the session" in dialog.last_error
    assert lock.read_bytes() == before
    assert dialog.save_png(tmp_path / "charts.png") is True
    assert (tmp_path / "charts.png").read_bytes().startswith(b"\x89PNG")

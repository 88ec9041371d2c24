"""The window's background process and lower priorities: slow work done in Python away from the
window's interpreter, and on a busy machine after the window's own work."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from annotator.core.background_process import BackgroundProcess
from annotator.core.session.file_check import FileCheck, check_session_file
from annotator.core.session.store import SessionStore
from annotator.core.thread_priority import LOWER_PRIORITY, lower_thread_priority
from tests.tampered_sessions import sound_session, tampered_session

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="a thread has a priority of its own on Linux")


def _priority(pid: int = 0) -> int:
    return os.getpriority(os.PRIO_PROCESS, pid)


@linux_only
def test_a_thread_lowers_its_own_priority_and_no_other():
    ours = _priority(threading.get_native_id())
    seen = {}

    def work():
        lower_thread_priority()
        seen["worker"] = _priority(threading.get_native_id())

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen["worker"] == min(ours + LOWER_PRIORITY, 19)
    assert _priority(threading.get_native_id()) == ours


@linux_only
@pytest.mark.parametrize("background", [True, False])
def test_a_background_process_runs_at_a_lower_priority_than_its_caller(background):
    process = BackgroundProcess(background=background)
    try:
        assert len(process.run("suggest", "Up to 3,000 people left.", ("estimate",))[0]) == 1
        lowered = min(_priority() + LOWER_PRIORITY, 19) if background else _priority()
        assert _priority(process.pid) == lowered
    finally:
        process.close()


@pytest.mark.parametrize("variant", ["quote_mismatch", "unknown_label", "bad_created_at"])
def test_the_check_job_finds_what_the_store_finds(tmp_path, variant):
    path = tampered_session(tmp_path, variant)
    with SessionStore.open(path, read_only=True, defer_integrity_check=True) as store:
        expected = store.find_damage_apart()
    process = BackgroundProcess()
    try:
        checked = process.run("check", str(path))
    finally:
        process.close()
    assert isinstance(checked, FileCheck) and checked.page_problem is None
    assert checked.damage == expected and 1 in checked.damage.annotations
    assert checked.damage.hidden_ids == (1,)


def test_a_sound_session_checks_clean_and_a_file_that_is_none_says_so(tmp_path):
    checked = check_session_file(sound_session(tmp_path))
    assert checked.page_problem is None and checked.damage is not None
    assert not checked.damage
    other = tmp_path / "notes.sqlite"
    other.write_bytes(b"These are notes, not a session. " * 200)
    checked = check_session_file(other)
    assert checked.damage is None and checked.page_problem
    assert "Traceback" not in checked.page_problem
    assert other.read_bytes() == b"These are notes, not a session. " * 200  # left as it was


def test_the_pending_job_reads_what_the_store_reads_in_columns(tmp_path):
    from annotator.core.background_suggestions import PendingSuggestions, suggest_text

    path = sound_session(tmp_path)
    with SessionStore.open(path, reviewer="ana") as store:
        text = store.document_text(1)
        found, rules = suggest_text(text, ("estimate", "attribution", "claim"))
        assert store.add_suggestions(1, found.rows(), rules) == len(found) > 2
        first = store.pending_suggestions(1)[0]
        store.decide_suggestion(first.id, "rejected")
        expected = store.pending_suggestions(1)
    process = BackgroundProcess()
    try:
        pending = process.run("pending", str(path), 1)
        assert isinstance(pending, PendingSuggestions) and len(pending) == len(expected)
        assert pending.stored() == expected and first not in pending.stored()
        assert process.run("pending", str(path), 99).stored() == []
    finally:
        process.close()


def test_a_jobs_own_error_comes_back_as_itself_and_a_stop_now_ends_the_job(tmp_path):
    from annotator.core.background_process import WorkerStopped
    from annotator.core.errors import DocumentError

    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Up to 3,000 homes were evacuated.</p></body></html>",
                    "utf-8")
    process = BackgroundProcess(background=False)
    try:
        assert "Up to 3,000 homes" in process.run("read_document", str(page), None).text
        with pytest.raises(DocumentError, match=r"missing\.txt"):
            process.run("read_document", str(tmp_path / "missing.txt"), None)
        pid = process.pid
        timer = threading.Timer(0.3, process.stop_now)
        timer.start()
        with pytest.raises(WorkerStopped) as stopped:
            process.run("read_document", str(_slow_markdown(tmp_path)), None)
        assert stopped.value.started
        assert process.pid is None and pid is not None
        assert "Up to 3,000 homes" in process.run("read_document", str(page), None).text
    finally:
        process.close()


def _slow_markdown(folder):
    path = folder / "long.md"
    path.write_text(("Some *emphasis* and _more_ text here. " * 20 + "\n\n") * 3_000, "utf-8")
    return path


def test_a_process_that_cannot_start_says_so(monkeypatch):
    import subprocess

    from annotator.core.background_process import WorkerStopped

    def cannot(*_args, **_kwargs):
        raise OSError("no such interpreter")

    monkeypatch.setattr(subprocess, "Popen", cannot)
    process = BackgroundProcess()
    with pytest.raises(WorkerStopped, match="cannot be started") as stopped:
        process.run("check", "x")
    assert not stopped.value.started

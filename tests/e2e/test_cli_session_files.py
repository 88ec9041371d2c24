"""The command line on a session's names, its files, odd paths and outputs that fail."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from annotator.core.session.store import SessionStore

from .test_cli_sessions import make_session


def one_error_line(result) -> str:
    assert result.returncode not in (0, 70), str(result)
    assert len(result.stderr_lines) == 1, str(result)
    line = result.stderr_lines[0]
    assert line.startswith("annotator: error: "), str(result)
    assert "unexpected" not in line and "ANNOTATOR_DEBUG" not in line, str(result)
    return line


def more_article(cli) -> Path:
    extra = cli.cwd / "more.txt"
    extra.write_text("More\n\nSome 4,000 volunteers joined, a source said.\n", "utf-8")
    return extra


def test_a_hard_link_to_a_session_is_refused_by_every_command(cli):
    session = make_session(cli)
    os.link(session, cli.cwd / "hard.sqlite")
    before = session.read_bytes()
    for args in (("import", "hard.sqlite", more_article(cli)), ("info", "hard.sqlite"),
                 ("export", "hard.sqlite"), ("import", session, more_article(cli))):
        assert "2 names (hard links)" in one_error_line(cli.run(*args))
    assert session.read_bytes() == before


def test_a_symbolic_link_finds_the_session_already_open(cli):
    session = make_session(cli)
    (cli.cwd / "alias.sqlite").symlink_to(session.name)
    with SessionStore.open(session, reviewer="desk.editor"):
        line = one_error_line(cli.run("import", "alias.sqlite", more_article(cli)))
        assert "already open: desk.editor" in line
    assert "imported" in cli.ok("import", "alias.sqlite", more_article(cli)).stdout
    assert len(json.loads(cli.ok("info", session, "--json").stdout)["documents"]) == 2


def test_a_named_pipe_as_the_session_is_refused_at_once(cli):
    cli.timeout = 20  # each of these hung for ever
    pipe = cli.cwd / "pipe.sqlite"
    os.mkfifo(pipe)
    article = more_article(cli)
    for args in (("info", pipe), ("export", pipe), ("import", pipe, article), ("open", pipe)):
        assert "named pipe (FIFO), not a regular file" in one_error_line(cli.run(*args))


def test_a_device_as_the_session_is_refused_and_nothing_is_written_beside_it(cli):
    device = cli.cwd / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    except PermissionError:
        device = Path(os.devnull)
    article = more_article(cli)
    before = sorted(os.listdir(device.parent))
    line = one_error_line(cli.run("import", device, article))
    assert "is a device, not a regular file" in line
    assert sorted(os.listdir(device.parent)) == before


@pytest.mark.parametrize("suffix", ["-wal", "-shm", ".lock", "-journal", ".backups/a.csv"])
def test_no_export_replaces_a_file_of_a_session_in_use(cli, suffix):
    session = make_session(cli)
    with SessionStore.open(session, reviewer="desk.editor", auto_backup=False) as holder:
        (cli.cwd / "s.sqlite.backups").mkdir(exist_ok=True)
        target = cli.cwd / f"s.sqlite{suffix}"
        if not target.exists():
            target.write_bytes(b"")
        inode = target.stat().st_ino
        line = one_error_line(cli.run("export", session, "-o", target.relative_to(cli.cwd)))
        assert "of the session" in line and "must not replace" in line
        assert target.stat().st_ino == inode
        if suffix == "-journal":
            target.unlink()
        holder.add_annotation(1, 0, 5, "claim")
    # the lock still holds: a second writer is refused while the first has it
    with SessionStore.open(session, reviewer="desk.editor"):
        assert "already open" in one_error_line(cli.run("import", session, more_article(cli)))


def test_an_export_does_not_replace_a_read_only_file(cli):
    session = make_session(cli)
    target = cli.cwd / "ro.csv"
    target.write_text("precious\n")
    target.chmod(0o444)
    for fmt in ("csv", "jsonl"):
        line = one_error_line(cli.run("export", session, "--format", fmt, "-o", target))
        assert "the file is read-only" in line
    assert target.read_text() == "precious\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


def test_paths_and_ids_the_system_refuses_are_one_sentence(cli):
    session = make_session(cli)
    huge = "99999999999999999999999"
    for command in ("export", "agree"):
        line = one_error_line(cli.run(command, session, "--document", huge))
        assert f"no document {huge}" in line
    line = one_error_line(cli.run("import", "x" * 300 + ".sqlite", more_article(cli)))
    assert "File name too long" in line
    line = one_error_line(cli.run("export", session, "-o", "y" * 300 + ".csv"))
    assert "File name too long" in line
    line = one_error_line(cli.run("export", session, "--format", "brat", "-o", "/"))
    assert "root of the file system" in line


def test_a_brat_export_into_the_current_folder(cli):
    session = make_session(cli)
    folder = cli.cwd / "brat"
    folder.mkdir()
    completed = subprocess.run(
        [*cli.command, "export", str(session), "--format", "brat", "-o", "."],
        cwd=folder, env=cli.env, capture_output=True, timeout=cli.timeout, check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert (folder / "001-flood.ann").is_file()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args", [("export",), ("export", "--format", "jsonl"), ("info",)])
def test_standard_output_on_a_full_disk_is_one_sentence(cli, args):
    session = make_session(cli)
    with open("/dev/full", "w") as full:
        completed = subprocess.run(
            [*cli.command, args[0], str(session), *args[1:]], cwd=cli.cwd, env=cli.env,
            stdout=full, stderr=subprocess.PIPE, timeout=cli.timeout, check=False,
        )
    lines = completed.stderr.decode().splitlines()
    assert completed.returncode == 1, lines
    assert lines == ["annotator: error: the output cannot be written (the disk is full)"]


def test_imports_creating_one_new_session_at_once_never_fail_to_create_it(cli):
    articles = []
    for n in range(2):
        path = cli.cwd / f"a{n}.txt"
        path.write_text(f"Article {n}\n\nThe mayor said {n} ships sank.\n", "utf-8")
        articles.append(path)
    for attempt in range(4):
        session = cli.cwd / f"new{attempt}.sqlite"
        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(lambda a, s=session: cli.run("import", s, a), articles))
        for result in results:
            if result.returncode != 0:
                assert "already open" in one_error_line(result)
        assert any(r.returncode == 0 for r in results)
        info = json.loads(cli.ok("info", session, "--json").stdout)
        assert len(info["documents"]) == sum(r.returncode == 0 for r in results)
        assert not list(cli.cwd.glob(f".new{attempt}.sqlite*"))


# ------------------------------------------------------------------ a read-only folder


def _without_privileges(cli) -> list[str] | None:
    """The command run so that permission bits apply (root keeps its uid, loses its powers)."""
    if os.geteuid() != 0:
        return list(cli.command)
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    probe = subprocess.run([setpriv, "--bounding-set=-all", "--inh-caps=-all", "true"],
                           capture_output=True, check=False)
    if probe.returncode != 0:
        return None
    return [setpriv, "--bounding-set=-all", "--inh-caps=-all", *cli.command]


def _killed_writer(session: Path) -> None:
    """A writer that commits annotations and is killed before it folds its -wal in."""
    script = textwrap.dedent(f"""
        import os, signal
        from annotator.core.session.store import SessionStore
        store = SessionStore.open({str(session)!r}, auto_backup=False)
        store._db.conn.execute("PRAGMA wal_autocheckpoint = 0")
        for start in range(0, 30, 3):
            store.add_annotation(1, start, start + 2, "claim")
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    subprocess.run([sys.executable, "-c", script], check=False, timeout=60)
    assert (session.parent / (session.name + "-wal")).stat().st_size > 0


def test_a_read_only_folder_with_a_crashed_writer_log_is_read_or_refused(cli, tmp_path):
    command = _without_privileges(cli)
    if command is None:
        pytest.skip("cannot run without root's powers here")
    folder = cli.cwd / "shared"
    folder.mkdir()
    session = make_session(cli, "shared/s.sqlite")
    _killed_writer(session)
    folder.chmod(0o555)
    try:
        info = json.loads(cli.run("info", session, "--json", command=command).stdout)
        assert sum(info["annotations"].values()) == 10
        export = cli.run("export", session, "-o", tmp_path / "x.csv", command=command)
        assert export.returncode == 0, str(export)
        with open(tmp_path / "x.csv", newline="", encoding="utf-8") as exported:
            assert len(list(csv.reader(exported))) == 11
        folder.chmod(0o755)
        (folder / "s.sqlite-shm").unlink()  # the log without its index: SQLite cannot read it
        folder.chmod(0o555)
        for args in (("info", session), ("export", session)):
            result = cli.run(*args, command=command)
            assert "s.sqlite-wal" in one_error_line(result)
            assert result.stdout == ""
        folder.chmod(0o755)
        cli.ok("info", session)  # a reader that may write folds the log in and removes it
        assert not list(folder.glob("s.sqlite-*"))  # (the killed writer's lock file stays)
        folder.chmod(0o555)
        info = json.loads(cli.run("info", session, "--json", command=command).stdout)
        assert sum(info["annotations"].values()) == 10
    finally:
        folder.chmod(0o755)
    with sqlite3.connect(session) as conn:
        assert conn.execute("SELECT count(*) FROM annotations").fetchone() == (10,)

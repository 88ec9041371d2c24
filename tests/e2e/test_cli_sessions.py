"""The command line on sessions that are in use, old, hostile or damaged."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from annotator.core.session.store import SessionStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ARTICLE = "Up to 3,000 households were evacuated, according to the emergency office.\n"


def make_session(cli, name: str = "s.sqlite") -> Path:
    article = cli.cwd / "flood.txt"
    article.write_text("Flood\n\n" + ARTICLE, "utf-8")
    session = cli.cwd / name
    cli.ok("import", session, article)
    return session


def one_error_line(result) -> str:
    assert result.returncode != 0, str(result)
    assert len(result.stderr_lines) == 1, str(result)
    line = result.stderr_lines[0]
    assert line.startswith("annotator: error: "), str(result)
    return line


def test_import_into_a_session_open_elsewhere_names_the_holder(cli):
    session = make_session(cli)
    extra = cli.cwd / "more.md"
    extra.write_text("# More\n\nSome 4,000 volunteers joined, a source said.\n", "utf-8")
    with SessionStore.open(session, reviewer="desk.editor"):
        line = one_error_line(cli.run("import", session, extra))
        assert "already open: desk.editor" in line
        # reading and exporting still work while the other program writes
        info = json.loads(cli.ok("info", session, "--json").stdout)
        assert len(info["documents"]) == 1
        assert cli.ok("export", session).stdout.startswith("annotation_id,")
    assert "imported" in cli.ok("import", session, extra).stdout


def test_a_version_1_session_is_read_as_is_and_upgraded_on_first_write(cli):
    session = cli.cwd / "old.sqlite"
    shutil.copy(FIXTURES / "session-v1.sqlite", session)
    before = session.read_bytes()
    info = json.loads(cli.ok("info", session, "--json").stdout)
    assert info["schema_version"] == 6  # the upgraded copy read in memory
    assert sum(info["annotations"].values()) == 4
    rows = cli.ok("export", session, "--raw").stdout.splitlines()
    assert len(rows) == 5
    assert session.read_bytes() == before  # reading never changes the file
    extra = cli.cwd / "more.md"
    extra.write_text("# More\n\nSome 4,000 volunteers joined, a source said.\n", "utf-8")
    cli.ok("import", session, extra)
    conn = sqlite3.connect(session)
    version = conn.execute("SELECT value FROM metadata WHERE key = 'schema_version'").fetchone()
    conn.close()
    assert version == ("6",)
    backups = list((cli.cwd / "old.sqlite.backups").glob("*-before-upgrade-to-v6.sqlite"))
    assert len(backups) == 1


def test_a_session_with_a_trigger_is_refused_by_every_command(cli):
    session = make_session(cli)
    conn = sqlite3.connect(session)
    conn.execute(
        "CREATE TRIGGER spy AFTER INSERT ON annotations BEGIN DELETE FROM documents; END"
    )
    conn.commit()
    conn.close()
    before = session.read_bytes()
    extra = cli.cwd / "more.txt"
    extra.write_text("More\n\nA source said so.\n", "utf-8")
    for args in (("info", session), ("export", session), ("import", session, extra)):
        line = one_error_line(cli.run(*args))
        assert "contains trigger “spy”" in line
        assert "must not run code" in line
    assert session.read_bytes() == before


def test_a_truncated_session_is_refused_untouched(cli):
    session = make_session(cli)
    with SessionStore.open(session) as store:
        for n in range(30):
            store.add_annotation(1, 0, 5 + n, "claim", note="n" * 2000)
    data = session.read_bytes()
    session.write_bytes(data[: len(data) // 2])
    before = session.read_bytes()
    line = one_error_line(cli.run("info", session))
    assert "damaged" in line or "not a session" in line
    assert session.read_bytes() == before

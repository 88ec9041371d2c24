"""Sessions changed by another program, through the command line: one sentence, never a dump.

For each damaged variant (see ``tests/tampered_sessions.py``) ``info``, ``export`` (CSV and JSON
Lines), ``agree`` and ``merge`` either work, naming the damaged row in one warning line, or stop
with one sentence; never exit 70 ("unexpected …"), never a pydantic dump, never a traceback.
"""

from __future__ import annotations

import csv
import io

import pytest

from tests.tampered_sessions import ANNOTATION_VARIANTS, VARIANTS, tampered_session

COMMANDS = {
    "info": lambda s, out: ("info", s),
    "export-csv": lambda s, out: ("export", s),
    "export-jsonl": lambda s, out: ("export", s, "--format", "jsonl"),
    "agree": lambda s, out: ("agree", s),
    "merge": lambda s, out: ("merge", out, s),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_command_gives_a_result_or_one_sentence(cli, tmp_path, variant):
    session = tampered_session(tmp_path, variant)
    for name, arguments in COMMANDS.items():
        result = cli.run(*arguments(session, tmp_path / f"team-{name}.sqlite"))
        where = f"{name}: {result}"
        assert result.returncode in (0, 1), where
        assert "unexpected" not in result.stderr, where
        assert "pydantic" not in result.stderr and "validation error" not in result.stderr, where
        if name == "merge":
            assert "damaged" in result.stderr or "annotation 1" in result.stderr, where
            continue
        warnings = [line for line in result.stderr_lines if "damaged" in line]
        assert len(warnings) == 1, where  # one line names what is damaged
        if name == "export-csv":
            rows = list(csv.DictReader(io.StringIO(result.stdout)))
            assert all(0 <= int(row["start"]) < int(row["end"]) for row in rows), where
            if variant in ANNOTATION_VARIANTS:
                assert "1" not in [row["annotation_id"] for row in rows], where

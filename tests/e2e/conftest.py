"""End-to-end fixtures: the installed ``annotator`` command, run as a subprocess.

Every run gets a timeout, ``QT_QPA_PLATFORM=offscreen`` and its own home and data folders, so
that nothing here reads or changes the real user's settings or last session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

TIMEOUT = 60  # seconds, for every subprocess


def annotator_command() -> list[str]:
    """The installed ``annotator`` command, as the start of an argument list."""
    found = shutil.which("annotator")
    if found:
        return [found]
    bin_dir = Path(sys.executable).parent
    for name in ("annotator", "annotator.exe"):
        beside = bin_dir / name
        if beside.is_file() and os.access(beside, os.X_OK):
            return [str(beside)]
    return [sys.executable, "-m", "annotator"]


@dataclass(frozen=True)
class Result:
    """What a finished run of the command left behind."""

    args: tuple[str, ...]
    returncode: int
    stdout_bytes: bytes
    stderr_bytes: bytes

    @property
    def stdout(self) -> str:
        return self.stdout_bytes.decode("utf-8")

    @property
    def stderr(self) -> str:
        return self.stderr_bytes.decode("utf-8")

    @property
    def stderr_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]

    def __str__(self) -> str:  # shown by pytest when an assertion about a run fails
        return (
            f"$ {' '.join(self.args)}\n[exit {self.returncode}]\n"
            f"--- stdout ---\n{self.stdout_bytes.decode('utf-8', 'replace')}\n"
            f"--- stderr ---\n{self.stderr_bytes.decode('utf-8', 'replace')}"
        )


class Cli:
    """Runs the installed command in a folder of the test's own."""

    timeout = TIMEOUT

    def __init__(self, command: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.command = command
        self.cwd = cwd
        self.env = env

    def argv(self, *args: str | os.PathLike[str]) -> list[str]:
        return [*self.command, *(os.fspath(a) for a in args)]

    def run(self, *args: str | os.PathLike[str], command: Sequence[str] | None = None) -> Result:
        argv = [*command, *(os.fspath(a) for a in args)] if command else self.argv(*args)
        completed = subprocess.run(
            argv,
            cwd=self.cwd,
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=self.timeout,
            check=False,
        )
        result = Result(tuple(argv), completed.returncode, completed.stdout, completed.stderr)
        # The contract: never a traceback, whatever the input.
        assert b"Traceback" not in completed.stdout + completed.stderr, str(result)
        return result

    def ok(self, *args: str | os.PathLike[str]) -> Result:
        """Run and insist on success."""
        result = self.run(*args)
        assert result.returncode == 0, str(result)
        return result

    def popen(self, *args: str | os.PathLike[str], **kwargs) -> subprocess.Popen:
        return subprocess.Popen(
            self.argv(*args), cwd=self.cwd, env=self.env, stdin=subprocess.DEVNULL, **kwargs
        )


@pytest.fixture(scope="session")
def annotator_argv() -> list[str]:
    return annotator_command()


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    for sub in ("", ".config", ".local/share", ".cache"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.pop("ANNOTATOR_DEBUG", None)  # the one-line error path is what is under test
    env.update(
        {
            "QT_QPA_PLATFORM": "offscreen",
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local/share"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


@pytest.fixture
def cli(annotator_argv: list[str], tmp_path: Path, cli_env: dict[str, str]) -> Cli:
    work = tmp_path / "work"
    work.mkdir()
    return Cli(annotator_argv, work, cli_env)

"""Performance benchmarks of the annotator against bare Qt, sqlite3 and csv baselines.

    python benchmarks/run.py                 the full run: a 5 MB article, 100,000 annotations
    python benchmarks/run.py --quick         a smoke run: 200 KB, 2,000 annotations, fewer runs
    python benchmarks/run.py --json out.json also write the figures as JSON

Prints the machine, then a table: metric, ours, baseline, ratio (or value), target, pass/fail.
A missed target is a FAIL in the table, not an error: the exit status is 0 whenever every
scenario ran, however slowly (a process stopped by its timeout reports what it measured before
it was stopped, marked "*", or "not measured"); it is 1 when a process crashed or the window did
not show the article, and the problems are listed under the table.

Every measurement runs in a process of its own (see ``gui_probe.py`` and ``startup_probe.py``),
with ``QT_QPA_PLATFORM=offscreen`` and fresh ``XDG_CONFIG_HOME`` / ``XDG_DATA_HOME`` folders in
a temporary directory, so that memory, caches and settings do not leak between scenarios and
the user's own settings and last session are never touched. Each GUI scenario works on its own
copy of the session, built once by ``make_session.py`` through the core's public API.

The metrics (the JSON keys), with medians over repeated runs unless said otherwise:

* ``open_ratio``: ``window.files.open_session`` + ``processEvents()`` +
  ``view.viewport().repaint()`` of the big session, over ``QPlainTextEdit.setPlainText`` of the
  same text + the same. <= 2
* ``add_p95_ms``: ``window.article.tag_selection("claim")`` + viewport repaint of a span selected
  with ``view.select_span`` in the visible area of a random page (95th percentile; scrolling there
  and selecting are not timed; the ``processEvents()`` after it is reported apart). <= 16
* ``scroll_p95_ms``: paging through the whole article, scroll bar set + synchronous repaint,
  per page (95th percentile). <= 16
* ``export_ratio``: ``annotator export SESSION --format csv -o FILE`` over a bare script
  that writes the same columns (sqlite3 join, csv.writer). <= 1.5
* ``export_<format>_ratio`` for every format (``csv``, ``excel_csv``, ``jsonl``, ``w3c``,
  ``brat``, ``labelstudio``): ``annotator export SESSION --format F -o OUT`` over a script
  that reads the same rows with sqlite3 and writes the same information with the standard
  library (csv.writer, one json.dumps per line or per file, plain lines for brat; see
  ``format_baselines.py``). <= 3. ``export_<format>_peak_rss_mb``: the export's peak
  resident memory (the highest of its runs; the baseline's beside it). <= 400
* ``import_annotations_<format>_ratio`` for ``jsonl``, ``brat`` and ``labelstudio``:
  ``annotator import-annotations`` of the big session's own export into a session that holds
  the article alone, and ``import_annotations_<format>_new_session_ratio`` into a new session
  that takes the article from the file, each over a script that parses the file with the
  standard library and inserts the same rows with one sqlite3 ``executemany`` into tables of
  the session's own columns (adding the article when the database lacks it). <= 3. A series
  whose first run fails or runs out of time is not run again. ``…_peak_rss_mb``: as for the
  exports. <= 400
* ``import_ratio``: ``annotator import`` of the article as a .txt into a new session over a bare
  ``python -c`` that reads, hashes (SHA-256) and inserts it with sqlite3. <= 2
* ``startup_ratio``: from starting the process to a painted window on a small session, the
  annotator's MainWindow over a bare QMainWindow with a QPlainTextEdit. <= 1.5
* ``peak_rss_mb``: peak resident memory of a process with the big session open and painted in
  the window (``VmHWM``; ``ru_maxrss`` too, which on Linux carries the peak of the process that
  started it over ``execve``: the sessions are built in processes of their own so that this
  harness stays small). <= 400
* ``suggest_ratio``: ``annotator suggest`` of the big article (its suggestions made and stored),
  over ``annotator import`` of the same article. <= 1.5
* ``open_suggested_ratio``: ``open_ratio`` for the big session once ``annotator suggest`` has
  stored its suggestions (a reviewer reopening the article later: its pending suggestions are
  shown), over the bare open of the same session. <= 2
* ``open_s_at_N``, ``add_ms_at_N`` for N = 1,000, 10,000, 100,000 annotations on the same
  article: median open time and median add time, to show how the cost grows. (In ``--quick``
  mode they are measured with 1/50 of those annotations on the small article; the JSON's
  ``sizes`` says what was measured.)
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import math
import os
import platform
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAKE_SESSION = HERE / "make_session.py"
GUI_PROBE = HERE / "gui_probe.py"
STARTUP_PROBE = HERE / "startup_probe.py"
FORMAT_BASELINES = HERE / "format_baselines.py"
SCALE_POINTS = (1_000, 10_000, 100_000)
BUILD_TIMEOUT = 1800.0  # seconds to build one session (not a measurement)

TARGETS: dict[str, float] = {
    "open_ratio": 2.0,
    "add_p95_ms": 16.0,
    "scroll_p95_ms": 16.0,
    "export_ratio": 1.5,
    "import_ratio": 2.0,
    "startup_ratio": 1.5,
    "peak_rss_mb": 400.0,
    "suggest_ratio": 1.5,
    "open_suggested_ratio": 2.0,
}
# every annotation format, as ``annotator export --format`` names it
EXPORT_FORMATS = ("csv", "excel-csv", "jsonl", "w3c", "brat", "labelstudio")
# the formats whose files bring annotations (and the article) into a session
IMPORT_FORMATS = ("jsonl", "brat", "labelstudio")
FORMAT_RATIO = 3.0  # each format's export and import, over its plain baseline
FORMAT_RSS_MB = 400.0  # peak resident memory of each export and import



def compile_package() -> None:
    """Write the program's bytecode once, as installing it does (pip compiles a package's
    modules when it installs it). Without this, a machine that sets PYTHONDONTWRITEBYTECODE
    (or a source checkout that was never run) compiles every module of the program again at
    each start, and the start-up figures measure the compiler rather than the program."""
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parents[1] / "annotator"), quiet=1)

def _key(fmt: str) -> str:
    return fmt.replace("-", "_")


def export_keys(fmt: str) -> tuple[str, str]:
    """The ratio and peak-memory metrics of exporting in ``fmt``."""
    return f"export_{_key(fmt)}_ratio", f"export_{_key(fmt)}_peak_rss_mb"


def import_keys(fmt: str, new_session: bool) -> tuple[str, str]:
    """The ratio and peak-memory metrics of importing a ``fmt`` file into the session that has
    the article, or (``new_session``) into a new session that takes the article from the file."""
    stem = f"import_annotations_{_key(fmt)}" + ("_new_session" if new_session else "")
    return f"{stem}_ratio", f"{stem}_peak_rss_mb"


for _fmt in EXPORT_FORMATS:
    _ratio, _rss = export_keys(_fmt)
    TARGETS[_ratio], TARGETS[_rss] = FORMAT_RATIO, FORMAT_RSS_MB
for _fmt in IMPORT_FORMATS:
    for _new in (False, True):
        _ratio, _rss = import_keys(_fmt, _new)
        TARGETS[_ratio], TARGETS[_rss] = FORMAT_RATIO, FORMAT_RSS_MB

SCALE_KEYS = tuple(
    f"{kind}_at_{n}" for n in SCALE_POINTS for kind in ("open_s", "add_ms")
)
FLOOR_KEYS = ("startup_floor_ratio", "import_floor_ratio")
ALL_KEYS = (*TARGETS, *FLOOR_KEYS, *SCALE_KEYS)


@dataclass(frozen=True)
class Mode:
    name: str
    chars: int
    annotations: int
    scale_divisor: int  # the scale points are measured with N // scale_divisor annotations
    open_repeats: int
    adds: int
    startup_repeats: int
    cli_repeats: int
    timeout: float  # seconds, for each process
    scroll_seconds: float  # paging stops after this long (and says so)
    format_repeats: int = 5  # runs of each format's export and import (and of its baseline)
    small_chars: int = 20_000
    small_annotations: int = 50


FULL = Mode("full", 5_000_000, 100_000, 1, open_repeats=5, adds=50, startup_repeats=7,
            cli_repeats=5, timeout=600.0, scroll_seconds=400.0)
QUICK = Mode("quick", 200_000, 2_000, 50, open_repeats=3, adds=20, startup_repeats=3,
             cli_repeats=3, timeout=120.0, scroll_seconds=60.0, format_repeats=1)

IMPORT_BASELINE = r"""
import hashlib, sqlite3, sys
from pathlib import Path
data = Path(sys.argv[1]).read_bytes()
text = data.decode("utf-8")
digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
conn = sqlite3.connect(sys.argv[2])
conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, title TEXT NOT NULL, "
             "text TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE, char_count INTEGER NOT NULL)")
conn.execute("INSERT INTO documents (title, text, sha256, char_count) VALUES (?, ?, ?, ?)",
             [Path(sys.argv[1]).stem, text, digest, len(text)])
conn.commit()
conn.close()
"""

# A floor, not a target: the bare import above, after loading the libraries the program is built
# on (click, pydantic, sqlite-utils as the program loads it, without numpy and pandas), and with
# the full-text index a session keeps for its document search. No program built on them can
# import faster than this.
IMPORT_FLOOR = r"""
import hashlib, sqlite3, sys
from pathlib import Path
import click
from pydantic import BaseModel
from annotator.core.session.sqlite_utils_import import sqlite_utils
data = Path(sys.argv[1]).read_bytes()
text = data.decode("utf-8")
digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
conn = sqlite3.connect(sys.argv[2])
conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, title TEXT NOT NULL, "
             "text TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE, char_count INTEGER NOT NULL)")
conn.execute("CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content=[documents], "
             "tokenize='unicode61 remove_diacritics 2')")
doc_id = conn.execute(
    "INSERT INTO documents (title, text, sha256, char_count) VALUES (?, ?, ?, ?)",
    [Path(sys.argv[1]).stem, text, digest, len(text)]).lastrowid
conn.execute("INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)",
             [doc_id, Path(sys.argv[1]).stem, text])
conn.commit()
conn.close()
"""


# ---------------------------------------------------------------------------------- helpers


def percentile(values: Sequence[float], pct: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    rank = (len(ordered) - 1) * pct / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def annotator_command() -> list[str]:
    """The installed ``annotator`` command: beside this Python, on PATH, or ``-m annotator``."""
    beside = Path(sys.executable).parent / "annotator"
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    found = shutil.which("annotator")
    if found:
        return [found]
    return [sys.executable, "-m", "annotator"]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class ChildResult:
    argv: list[str]
    returncode: int | None
    timed_out: bool
    seconds: float
    peak_rss_kb: int | None = None  # the process's peak resident memory (ru_maxrss)
    lines: list[dict] = field(default_factory=list)
    stdout: str = ""
    stderr: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    def problem(self, timeout: float) -> str | None:
        if self.timed_out:
            return f"timed out after {timeout:g} s"
        if self.returncode != 0:
            lines = [line.strip() for line in self.stderr.splitlines() if line.strip()]
            fatal = [line for line in lines if line.startswith(("Fatal Python error", "Traceback"))]
            where = [line for line in lines if line.startswith('File "')]
            shown = (fatal[:1] + where[-1:]) if fatal else lines[-2:]
            return f"exit status {self.returncode}: {' | '.join(shown)[-400:]}"
        return None

    def samples(self, key: str) -> list[float]:
        values: list[float] = []
        for line in self.lines:
            value = line.get("sample", {}).get(key)
            if isinstance(value, list):
                values.extend(value)
            elif value is not None:
                values.append(value)
        return values

    def info(self, key: str):
        for line in self.lines:
            if key in line.get("info", {}):
                return line["info"][key]
        return None

    def done(self, key: str) -> int | None:
        for line in self.lines:
            if "done" in line:
                return line["done"].get(key)
        return None


def run_child(argv: list[str], env: dict[str, str], timeout: float, cwd: Path) -> ChildResult:
    """Run a process, collecting its JSON lines as they come; kill it (only it) on timeout."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, start_new_session=True,
    )
    out_lines: list[str] = []
    err_chunks: list[bytes] = []

    def read_out() -> None:
        for raw in proc.stdout:
            out_lines.append(raw.decode("utf-8", "replace"))

    def read_err() -> None:
        err_chunks.append(proc.stderr.read())

    readers = [threading.Thread(target=read_out), threading.Thread(target=read_err)]
    for reader in readers:
        reader.start()
    # A timer kills the process on timeout, so that the wait itself is a plain blocking
    # waitpid: Popen.wait(timeout=...) polls, with sleeps of up to 50 ms that would show in the
    # timing of short processes.
    stopped = threading.Event()

    def stop() -> None:
        stopped.set()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # the group of the process started above

    timer = threading.Timer(timeout, stop)
    timer.start()
    try:
        # wait4, not Popen.wait: the same blocking wait, and the child's peak resident memory
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    except BaseException:  # Ctrl+C in the harness: take the measurement down with it
        stop()
        proc.wait()
        raise
    finally:
        timer.cancel()
    timed_out = stopped.is_set()
    for reader in readers:
        reader.join()
    seconds = time.perf_counter() - started
    result = ChildResult(argv, proc.returncode, timed_out, seconds,
                         peak_rss_kb=usage.ru_maxrss,
                         stdout="".join(out_lines),
                         stderr=b"".join(err_chunks).decode("utf-8", "replace"))
    for line in out_lines:
        with contextlib.suppress(json.JSONDecodeError):
            parsed = json.loads(line)
            if isinstance(parsed, dict):
                result.lines.append(parsed)
    return result


def remove_session(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    shutil.rmtree(path.with_name(path.name + ".backups"), ignore_errors=True)


# ---------------------------------------------------------------------------------- the runner


@dataclass
class Measure:
    """One row of the table."""

    key: str
    label: str
    ours: float | None = None
    baseline: float | None = None
    value: float | None = None
    unit: str = ""
    note: str = ""
    partial: bool = False
    extra: dict = field(default_factory=dict)


class Bench:
    def __init__(self, mode: Mode, workdir: Path, seed: int) -> None:
        self.mode = mode
        self.workdir = workdir
        self.seed = seed
        self.problems: list[str] = []
        self.warnings: list[str] = []
        self.homes = 0
        self.cache = workdir / "cache"
        self.runtime = workdir / "runtime"
        self.cache.mkdir()
        self.runtime.mkdir(mode=0o700)
        self.sessions: dict[str, Path] = {}
        self.sizes: dict[str, dict] = {}
        self.text_file = workdir / "article.txt"
        self.annotator = annotator_command()
        self.exported: dict[str, Path] = {}  # the big session's own export in each format

    # ------------------------------------------------------------------ environment

    def env(self) -> dict[str, str]:
        """A child environment with settings and data folders of its own."""
        self.homes += 1
        home = self.workdir / "homes" / str(self.homes)
        for sub in ("config", "data"):
            (home / sub).mkdir(parents=True)
        env = dict(os.environ)
        env.update({
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(self.cache),
            "XDG_RUNTIME_DIR": str(self.runtime),
        })
        return env

    def copy_session(self, name: str, scenario: str) -> Path:
        folder = self.workdir / "runs" / scenario
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / self.sessions[name].name
        shutil.copyfile(self.sessions[name], target)
        return target

    # ------------------------------------------------------------------ sessions

    def build(self) -> None:
        """Build every session with make_session.py, each in a process of its own."""
        mode = self.mode
        log(f"building sessions in {self.workdir} …")
        counts = {mode.annotations} | {n // mode.scale_divisor for n in SCALE_POINTS}
        for count in sorted(counts, reverse=True):
            text_out = self.text_file if count == mode.annotations else None
            self._build(f"n{count}", mode.chars, count, text_out)
        self._build("small", mode.small_chars, mode.small_annotations)
        self._build("switch", 2_000, 5)

    def _build(self, name: str, chars: int, count: int, text_out: Path | None = None) -> None:
        path = self.workdir / "sessions" / f"{name}.sqlite"
        path.parent.mkdir(exist_ok=True)
        argv = [sys.executable, str(MAKE_SESSION), str(path), "--chars", str(chars),
                "--annotations", str(count), "--seed", str(self.seed), "--json"]
        if text_out is not None:
            argv += ["--text-out", str(text_out)]
        result = run_child(argv, self.env(), BUILD_TIMEOUT, self.workdir)
        summary = next((line for line in result.lines if "annotations" in line), None)
        if not result.ok or summary is None:
            raise SystemExit(f"run.py: building {name} failed: {result.problem(BUILD_TIMEOUT)}"
                             f"\n{result.stderr}")
        self.sessions[name] = path
        self.sizes[name] = {
            "characters": summary["characters"], "annotations": summary["annotations"],
            "per_label": summary["per_label"], "with_notes": summary["with_notes"],
            "overlapping_others": summary["overlapping_others"],
            "build_s": summary["seconds"],
        }
        log(f"  {name}: {summary['characters']:,} characters, {summary['annotations']:,} "
            f"annotations in {summary['seconds']:.1f} s")

    @property
    def big(self) -> str:
        return f"n{self.mode.annotations}"

    # ------------------------------------------------------------------ GUI scenarios

    def gui(self, scenario: str, session: Path, *extra: str) -> ChildResult:
        argv = [sys.executable, str(GUI_PROBE), scenario, str(session), *extra]
        result = run_child(argv, self.env(), self.mode.timeout, session.parent)
        problem = result.problem(self.mode.timeout)
        status = problem or "ok"
        log(f"  {scenario} {session.name}: {status} ({result.seconds:.1f} s)")
        shown = result.info("characters_shown")
        expected = self.sizes.get(session.stem, {}).get("characters")
        if shown is not None and expected is not None and shown != expected:
            problem = f"{scenario}: the window showed {shown:,} characters, not {expected:,}"
            log(f"    {problem}")
            self.problems.append(problem)
        if problem and not result.timed_out:
            self.problems.append(f"{scenario}: {problem}")
        for line in result.lines:
            error = line.get("info", {}).get("error")
            if error:
                log(f"    {scenario}: {error}")
        lost = result.info("none_refs_lost_per_call")
        if lost:
            warning = (
                f"PySide6 drops {lost:g} reference(s) to None on every void method call on "
                f"this Python ({platform.python_version()}). The GUI probes add references to "
                "None so that they can finish; any process using this PySide6, the annotator "
                "included (its paint code calls QPainter.fillRect for every highlight), aborts "
                "with 'Fatal Python error: none_dealloc' once the few thousand references None "
                "has are used up"
            )
            if warning not in self.warnings:
                self.warnings.append(warning)
        return result

    def open_times(self, name: str) -> tuple[list[float], ChildResult]:
        session = self.copy_session(name, f"open-{name}")
        switch = self.copy_session("switch", f"open-{name}")
        result = self.gui("open", session, "--switch", str(switch),
                          "--repeats", str(self.mode.open_repeats))
        return result.samples("open_s"), result

    def add_times(self, name: str) -> tuple[list[float], ChildResult]:
        session = self.copy_session(name, f"add-{name}")
        result = self.gui("add", session, "--adds", str(self.mode.adds), "--seed", str(self.seed))
        return result.samples("add_ms"), result

    def measure_open(self) -> tuple[Measure, dict]:
        m = Measure("open_ratio", "open big session, to painted", unit="s")
        ours, result = self.open_times(self.big)
        bare = self.gui("open-bare", self.sessions[self.big],
                        "--repeats", str(self.mode.open_repeats))
        base = bare.samples("open_s")
        m.ours, m.baseline = median(ours), median(base)
        if m.ours is not None and m.baseline:
            m.value = m.ours / m.baseline
        m.partial = result.timed_out or bare.timed_out
        m.note = _problems(self.mode.timeout, result, bare)
        m.extra = {"runs": len(ours), "baseline_runs": len(base),
                   "first_open_s": result.info("first_open_s"),
                   "baseline_first_open_s": bare.info("first_open_s"),
                   "samples_s": ours, "baseline_samples_s": base}
        return m, {"open_s": ours}

    def measure_add(self) -> tuple[Measure, dict]:
        m = Measure("add_p95_ms", "add one annotation, to painted (p95)", unit="ms")
        adds, result = self.add_times(self.big)
        if adds:
            m.ours = m.value = percentile(adds, 95)
            m.extra = {
                "adds": len(adds),
                "median_ms": median(adds),
                "max_ms": max(adds),
                "tag_p95_ms": percentile(result.samples("tag_ms"), 95),
                "paint_p95_ms": percentile(result.samples("paint_ms"), 95),
                "then_events_p95_ms": percentile(result.samples("events_ms"), 95),
                "first_add": result.info("first_add"),
            }
        m.partial = result.timed_out
        m.note = _problems(self.mode.timeout, result)
        return m, {"add_ms": adds}

    def measure_scroll(self) -> Measure:
        m = Measure("scroll_p95_ms", "page through the article (p95 per page)", unit="ms")
        session = self.copy_session(self.big, "scroll")
        seconds = f"{self.mode.scroll_seconds:g}"
        ours = self.gui("scroll", session, "--max-seconds", seconds)
        bare = self.gui("scroll-bare", self.sessions[self.big], "--max-seconds", seconds)
        pages, base = ours.samples("page_ms"), bare.samples("page_ms")
        if pages:
            m.ours = m.value = percentile(pages, 95)
        if base:
            m.baseline = percentile(base, 95)
        stopped = ours.info("stopped")
        m.partial = ours.timed_out or bare.timed_out or stopped is not None
        m.note = _problems(self.mode.timeout, ours, bare) or (stopped or "")
        m.extra = {"pages": len(pages), "baseline_pages": len(base),
                   "median_ms": median(pages), "max_ms": max(pages, default=None),
                   "baseline_median_ms": median(base), "lines": ours.info("lines")}
        return m

    def measure_rss(self) -> Measure:
        m = Measure("peak_rss_mb", "peak memory, big session open", unit="MB")
        session = self.copy_session(self.big, "rss")
        ours = self.gui("rss", session)
        bare = self.gui("rss-bare", self.sessions[self.big])
        if ours.done("peak_rss_kb") is not None:
            m.ours = m.value = ours.done("peak_rss_kb") / 1024
        if bare.done("peak_rss_kb") is not None:
            m.baseline = bare.done("peak_rss_kb") / 1024
        m.extra = {"ru_maxrss_mb": _mb(ours.done("maxrss_kb")),
                   "baseline_ru_maxrss_mb": _mb(bare.done("maxrss_kb"))}
        m.partial = ours.timed_out or bare.timed_out
        m.note = _problems(self.mode.timeout, ours, bare)
        return m

    # ------------------------------------------------------------------ process scenarios

    def interleaved(
        self, label: str, repeats: int, series: dict[str, Callable[[bool], float | None]],
        *, drop_failed: bool = False,
    ) -> dict[str, list[float]]:
        """One warm-up of each series (``run(True)``, not counted), then ``repeats`` runs of
        each, taking turns; the times of each series by its name. With ``drop_failed``, a
        series whose warm-up failed (or ran out of time) is not run again."""
        failed = {name for name, run in series.items() if run(True) is None and drop_failed}
        times: dict[str, list[float]] = {name: [] for name in series}
        for _ in range(repeats):
            for name, run in series.items():
                if name in failed:
                    continue
                value = run(False)
                if value is not None:
                    times[name].append(value)
        log(f"  {label}: " + ", ".join(f"{name} {_fmt_list(t)}" for name, t in times.items()))
        return times

    def process(self, argv: list[str], cwd: Path, label: str, env: dict | None = None
                ) -> ChildResult:
        result = run_child(argv, env or self.env(), self.mode.timeout, cwd)
        problem = result.problem(self.mode.timeout)
        if problem:
            log(f"  {label}: {problem}")
            if not result.timed_out:
                self.problems.append(f"{label}: {problem}")
        return result

    def measure_startup(self) -> list[Measure]:
        m = Measure("startup_ratio", "start to a painted window (small session)", unit="s")
        session = self.copy_session("small", "startup")
        folder = session.parent
        ours_env, bare_env = self.env(), self.env()  # a returning user: settings are kept
        script: dict[str, list[float]] = {"ours": [], "bare": [], "libraries": []}
        wall: dict[str, list[float]] = {"ours": [], "bare": [], "libraries": []}

        def start(kind: str, env: dict, warm: bool) -> float | None:
            launched = time.monotonic()
            result = self.process([sys.executable, str(STARTUP_PROBE), kind, str(session)],
                                  folder, f"startup {kind}", env)
            ended = time.monotonic()
            reported = next((line for line in result.lines if "painted_monotonic" in line), None)
            if not result.ok or reported is None:
                return None
            if not warm:
                script[kind].append(reported["script_s"])
                wall[kind].append(ended - launched)
            return reported["painted_monotonic"] - launched

        times = self.interleaved("startup", self.mode.startup_repeats, {
            "ours": lambda warm: start("ours", ours_env, warm),
            "baseline": lambda warm: start("bare", bare_env, warm),
            "floor": lambda warm: start("libraries", self.env(), warm),
        })
        ours, base = times["ours"], times["baseline"]
        m.ours, m.baseline = median(ours), median(base)
        if m.ours is not None and m.baseline:
            m.value = m.ours / m.baseline
        m.extra = {
            "runs": len(ours), "samples_s": ours, "baseline_samples_s": base,
            "in_script_s": median(script["ours"]),
            "baseline_in_script_s": median(script["bare"]),
            "to_exit_s": median(wall["ours"]),
            "baseline_to_exit_s": median(wall["bare"]),
        }
        if len(ours) < self.mode.startup_repeats or len(base) < self.mode.startup_repeats:
            m.partial = True
            m.note = "some runs failed"
        floor = self.floor(
            "startup_floor_ratio", "floor: bare window after pydantic + sqlite-utils",
            times["floor"], m.baseline, self.mode.startup_repeats,
            in_script_s=median(script["libraries"]),
        )
        return [m, floor]

    def floor(self, key: str, label: str, samples: list[float], baseline: float | None,
              repeats: int, **extra) -> Measure:
        """A row without a target: the bare baseline made to load what the program must
        (see ``IMPORT_FLOOR`` and ``startup_probe.py libraries``), over the bare baseline."""
        m = Measure(key, label, ours=median(samples), baseline=baseline, unit="s")
        if m.ours is not None and baseline:
            m.value = m.ours / baseline
        m.extra = {"runs": len(samples), "samples_s": samples, **extra}
        if len(samples) < repeats:
            m.partial = True
            m.note = "some runs failed"
        return m

    def timed_process(self, argv: list[str], cwd: Path, label: str,
                      peaks: list[tuple[int, bool]],
                      prepare: Callable[[], None] | None = None) -> float | None:
        """Seconds ``argv`` took (``None`` if it failed), after ``prepare()`` (not timed); its
        peak memory (kB) is added to ``peaks``, with whether it ran to its end."""
        if prepare is not None:
            prepare()
        started = time.perf_counter()
        result = self.process(argv, cwd, label)
        elapsed = time.perf_counter() - started
        if result.peak_rss_kb is not None:
            peaks.append((result.peak_rss_kb, result.ok))
        return elapsed if result.ok else None

    def format_measures(
        self, ratio_key: str, rss_key: str, label: str, times: dict[str, list[float]],
        peaks: dict[str, list[tuple[int, bool]]], **extra,
    ) -> list[Measure]:
        """The ratio row (median over median) and the peak-memory row (the highest of the
        runs) of one format's export or import."""
        ours, base = times["ours"], times["baseline"]
        ratio = Measure(ratio_key, label, ours=median(ours), baseline=median(base), unit="s")
        if ratio.ours is not None and ratio.baseline:
            ratio.value = ratio.ours / ratio.baseline
        ratio.extra = {"runs": len(ours), "baseline_runs": len(base), "samples_s": ours,
                       "baseline_samples_s": base, **extra}
        if not ours or not base:
            ratio.note = "not measured: " + ("ours" if not ours else "the baseline") + \
                " failed or ran out of time"
        rss = Measure(rss_key, f"peak memory: {label}", unit="MB")
        if peaks["ours"]:
            rss.ours = rss.value = max(kb for kb, _ in peaks["ours"]) / 1024
            if not all(ok for _, ok in peaks["ours"]):  # the peak until it was stopped
                rss.partial = True
                rss.note = "a run failed or was stopped: its peak until then is counted"
        if peaks["baseline"]:
            rss.baseline = max(kb for kb, _ in peaks["baseline"]) / 1024
        return [ratio, rss]

    def measure_export(self) -> list[Measure]:
        """``annotator export`` of the big session in every format over its plain baseline
        (``format_baselines.py export``); for CSV also ``export_ratio``, the same figures
        against the tighter target."""
        count = self.sizes[self.big]["annotations"]
        session = self.copy_session(self.big, "export")
        measures: list[Measure] = []
        for fmt in EXPORT_FORMATS:
            found = self.measure_one_export(fmt, session, count)
            if fmt == "csv":
                measures.append(dataclasses.replace(
                    found[0], key="export_ratio", label=f"export {count:,} annotations as CSV"))
            measures.extend(found)
        return measures

    def measure_one_export(self, fmt: str, session: Path, count: int) -> list[Measure]:
        folder = session.parent / _key(fmt)
        folder.mkdir()
        suffix = {"csv": ".csv", "excel-csv": ".csv", "jsonl": ".jsonl", "w3c": ".jsonld",
                  "brat": "", "labelstudio": ".json"}[fmt]
        ours_out, bare_out = folder / f"ours{suffix}", folder / f"bare{suffix}"
        peaks: dict[str, list[tuple[int, bool]]] = {"ours": [], "baseline": []}
        ours_argv = [*self.annotator, "export", str(session), "--format", fmt, "-o",
                     str(ours_out)]
        bare_argv = [sys.executable, str(FORMAT_BASELINES), "export", fmt, str(session),
                     str(bare_out)]
        # CSV as many times as before it had a row per format: it is also export_ratio
        repeats = self.mode.cli_repeats if fmt == "csv" else self.mode.format_repeats
        times = self.interleaved(f"export {fmt}", repeats, {
            "ours": lambda _warm: self.timed_process(
                ours_argv, folder, f"annotator export --format {fmt}", peaks["ours"],
                lambda: _remove(ours_out)),
            "baseline": lambda _warm: self.timed_process(
                bare_argv, folder, f"baseline export {fmt}", peaks["baseline"],
                lambda: _remove(bare_out)),
        })
        found = self.format_measures(
            *export_keys(fmt), f"export {count:,} annotations as {fmt}", times, peaks,
            bytes=_size(ours_out), baseline_bytes=_size(bare_out),
        )
        if fmt in ("csv", "excel-csv"):
            rows, bare_rows = _csv_rows(ours_out), _csv_rows(bare_out)
            found[0].extra.update(rows=rows, baseline_rows=bare_rows)
            if rows != bare_rows:
                found[0].note = f"row counts differ: {rows} vs {bare_rows}"
        self.exported[fmt] = ours_out
        return found

    def measure_import_annotations(self) -> list[Measure]:
        """``annotator import-annotations`` of the big session's own export in each format,
        into a session that has the article and into a new session, over a plain parse of the
        file and one ``executemany`` into tables of the session's columns (see
        ``format_baselines.py``). A series whose first run fails or runs out of time is not
        run again."""
        folder = self.workdir / "runs" / "import-annotations"
        folder.mkdir(parents=True)
        article_session = self.article_session(folder)
        empty_db, article_db = self.baseline_databases(folder, article_session)
        measures: list[Measure] = []
        for fmt in IMPORT_FORMATS:
            source = self.exported.get(fmt) or self.export_once(fmt, folder)
            measures += self.measure_one_import(fmt, source, folder, article_session, article_db)
            measures += self.measure_one_import(fmt, source, folder, None, empty_db)
        return measures

    def measure_one_import(self, fmt: str, source: Path, folder: Path,
                           article_session: Path | None, template: Path) -> list[Measure]:
        """Import ``source`` into a copy of ``article_session`` (or, with ``None``, a new
        session); the baseline into a copy of ``template``."""
        count = self.sizes[self.big]["annotations"]
        new_session = article_session is None
        where = "a new session" if new_session else "the session with the article"
        stem = f"{_key(fmt)}-{'new' if new_session else 'article'}"
        ours_session, bare_db = folder / f"{stem}.sqlite", folder / f"{stem}-bare.sqlite"
        peaks: dict[str, list[tuple[int, bool]]] = {"ours": [], "baseline": []}

        def prepare_ours() -> None:
            remove_session(ours_session)
            if article_session is not None:
                shutil.copyfile(article_session, ours_session)

        ours_argv = [*self.annotator, "import-annotations", str(ours_session), str(source),
                     "--format", fmt]
        bare_argv = [sys.executable, str(FORMAT_BASELINES), "import", fmt, str(source),
                     str(bare_db)]
        times = self.interleaved(f"import-annotations {fmt} into {where}",
                                 self.mode.format_repeats, {
            "ours": lambda _warm: self.timed_process(
                ours_argv, folder, f"annotator import-annotations {fmt}", peaks["ours"],
                prepare_ours),
            "baseline": lambda _warm: self.timed_process(
                bare_argv, folder, f"baseline import {fmt}", peaks["baseline"],
                lambda: shutil.copyfile(template, bare_db)),
        }, drop_failed=True)
        return self.format_measures(
            *import_keys(fmt, new_session), f"import {count:,} annotations ({fmt}) into {where}",
            times, peaks, annotations=_annotation_count(ours_session),
            baseline_annotations=_annotation_count(bare_db),
        )

    def article_session(self, folder: Path) -> Path:
        """A session holding the big session's article alone (``annotator import`` of the
        same text: the same SHA-256)."""
        path = folder / "article.sqlite"
        result = self.process([*self.annotator, "import", str(path), str(self.text_file)],
                              folder, "annotator import (article only)")
        if not result.ok:
            raise SystemExit(f"run.py: importing the article failed: {result.stderr}")
        return path

    def baseline_databases(self, folder: Path, article_session: Path) -> tuple[Path, Path]:
        """Databases with the session's ``documents`` and ``annotations`` tables (their own
        definitions, read from the session): one empty, one with the article."""
        empty, article = folder / "bare-empty.sqlite", folder / "bare-article.sqlite"
        source = sqlite3.connect(article_session)
        try:
            tables = [sql for (sql,) in source.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' "
                "AND name IN ('documents', 'annotations') ORDER BY name DESC")]
        finally:
            source.close()
        for path in (empty, article):
            conn = sqlite3.connect(path)
            with conn:
                for sql in tables:
                    conn.execute(sql)
                if path == article:
                    conn.execute("ATTACH DATABASE ? AS session", [str(article_session)])
                    conn.execute("INSERT INTO documents SELECT * FROM session.documents")
            conn.close()
        return empty, article

    def export_once(self, fmt: str, folder: Path) -> Path:
        """The big session exported in ``fmt`` (when the export scenario did not run)."""
        suffix = {"jsonl": ".jsonl", "brat": "", "labelstudio": ".json"}[fmt]
        out = folder / f"export-{_key(fmt)}{suffix}"
        result = self.process([*self.annotator, "export", str(self.sessions[self.big]),
                               "--format", fmt, "-o", str(out)], folder, f"export {fmt}")
        if not result.ok:
            raise SystemExit(f"run.py: exporting {fmt} failed: {result.stderr}")
        self.exported[fmt] = out
        return out

    def measure_import(self) -> list[Measure]:
        size = self.text_file.stat().st_size
        m = Measure("import_ratio", f"import a {size / 1e6:.1f} MB .txt", unit="s")
        folder = self.workdir / "runs" / "import"
        folder.mkdir(parents=True)
        ours_session, bare_db = folder / "imported.sqlite", folder / "bare.sqlite"
        floor_db = folder / "floor.sqlite"

        def timed(argv: list[str], target: Path, label: str) -> float | None:
            remove_session(target)
            started = time.perf_counter()
            result = self.process(argv, folder, label)
            elapsed = time.perf_counter() - started
            return elapsed if result.ok else None

        times = self.interleaved("import", self.mode.cli_repeats, {
            "ours": lambda _warm: timed([*self.annotator, "import", str(ours_session),
                                         str(self.text_file)], ours_session, "annotator import"),
            "baseline": lambda _warm: timed([sys.executable, "-c", IMPORT_BASELINE,
                                             str(self.text_file), str(bare_db)], bare_db,
                                            "baseline import"),
            "floor": lambda _warm: timed([sys.executable, "-c", IMPORT_FLOOR,
                                          str(self.text_file), str(floor_db)], floor_db,
                                         "floor import"),
        })
        ours, base = times["ours"], times["baseline"]
        m.ours, m.baseline = median(ours), median(base)
        if m.ours is not None and m.baseline:
            m.value = m.ours / m.baseline
        m.extra = {"runs": len(ours), "samples_s": ours, "baseline_samples_s": base,
                   "bytes": size}
        floor = self.floor(
            "import_floor_ratio", "floor: bare import + libraries + search index",
            times["floor"], m.baseline, self.mode.cli_repeats,
        )
        return [m, floor]

    def measure_suggest(self) -> list[Measure]:
        """``annotator suggest`` of the big article (its suggestions made and stored), over
        ``annotator import`` of the same article, each into a fresh copy of its session."""
        size = self.text_file.stat().st_size
        m = Measure("suggest_ratio", f"suggest in a {size / 1e6:.1f} MB article, over importing it",
                    unit="s")
        folder = self.workdir / "runs" / "suggest"
        folder.mkdir(parents=True)
        article = self.article_session(folder)
        target, imported = folder / "suggested.sqlite", folder / "imported.sqlite"

        def timed(argv: list[str], session: Path, label: str, copy: bool) -> float | None:
            remove_session(session)
            if copy:
                shutil.copyfile(article, session)
            started = time.perf_counter()
            result = self.process(argv, folder, label)
            elapsed = time.perf_counter() - started
            return elapsed if result.ok else None

        times = self.interleaved("suggest", self.mode.cli_repeats, {
            "ours": lambda _warm: timed([*self.annotator, "suggest", str(target)], target,
                                        "annotator suggest", copy=True),
            "baseline": lambda _warm: timed([*self.annotator, "import", str(imported),
                                             str(self.text_file)], imported,
                                            "annotator import", copy=False),
        })
        m.ours, m.baseline = median(times["ours"]), median(times["baseline"])
        if m.ours is not None and m.baseline:
            m.value = m.ours / m.baseline
        m.extra = {"samples_s": times["ours"], "baseline_samples_s": times["baseline"],
                   "suggestions": _count_rows(target, "suggestions")}
        return [m, self.measure_open_suggested(target, folder)]

    def measure_open_suggested(self, suggested: Path, folder: Path) -> Measure:
        """``open_ratio`` for the session ``annotator suggest`` left (its suggestions stored
        and pending), over the bare open of the same session."""
        m = Measure("open_suggested_ratio", "open big session with its suggestions, to painted",
                    unit="s")
        session, switch = folder / "reopened.sqlite", folder / "switch.sqlite"
        shutil.copyfile(suggested, session)
        shutil.copyfile(self.sessions["switch"], switch)
        result = self.gui("open", session, "--switch", str(switch),
                          "--repeats", str(self.mode.open_repeats))
        bare = self.gui("open-bare", suggested, "--repeats", str(self.mode.open_repeats))
        ours, base = result.samples("open_s"), bare.samples("open_s")
        m.ours, m.baseline = median(ours), median(base)
        if m.ours is not None and m.baseline:
            m.value = m.ours / m.baseline
        m.partial = result.timed_out or bare.timed_out
        m.note = _problems(self.mode.timeout, result, bare)
        m.extra = {"runs": len(ours), "samples_s": ours, "baseline_samples_s": base,
                   "suggestions": _count_rows(suggested, "suggestions")}
        return m

    # ------------------------------------------------------------------ everything

    def run(self, only: set[str] | None) -> list[Measure]:
        def wanted(name: str) -> bool:
            return only is None or name in only

        compile_package()

        measures: list[Measure] = []
        by_count: dict[int, dict[str, list[float]]] = {}
        notes: dict[int, str] = {}
        big = self.mode.annotations
        if wanted("open"):
            log("open …")
            measure, samples = self.measure_open()
            measures.append(measure)
            by_count.setdefault(big, {}).update(samples)
            notes[big] = measure.note
        if wanted("add"):
            log("add …")
            measure, samples = self.measure_add()
            measures.append(measure)
            by_count.setdefault(big, {}).update(samples)
        if wanted("scroll"):
            log("scroll …")
            measures.append(self.measure_scroll())
        if wanted("rss"):
            log("peak memory …")
            measures.append(self.measure_rss())
        for name, title, measure_all in (
            ("startup", "start-up", self.measure_startup),
            ("export", "export", self.measure_export),
            ("import", "import", self.measure_import),
            ("suggest", "suggest", self.measure_suggest),
            ("import-annotations", "import-annotations", self.measure_import_annotations),
        ):
            if wanted(name):
                log(f"{title} …")
                measures.extend(measure_all())
        if wanted("scale"):
            log("scale …")
            for point in SCALE_POINTS:
                count = point // self.mode.scale_divisor
                found = by_count.setdefault(count, {})
                if "open_s" not in found:
                    found["open_s"], result = self.open_times(f"n{count}")
                    notes[count] = _problems(self.mode.timeout, result)
                if "add_ms" not in found:
                    found["add_ms"], result = self.add_times(f"n{count}")
                    notes[count] = "; ".join(
                        n for n in (notes.get(count), _problems(self.mode.timeout, result)) if n
                    )
                shown = f"{count:,}" if count == point else f"{count:,} (quick; full: {point:,})"
                opened = median(found["open_s"])
                added = median(found["add_ms"])
                measures.append(Measure(f"open_s_at_{point}", f"open, {shown} annotations",
                                        ours=opened, value=opened, unit="s",
                                        note=notes.get(count, "")))
                measures.append(Measure(f"add_ms_at_{point}", f"add, {shown} annotations",
                                        ours=added, value=added, unit="ms",
                                        note=notes.get(count, "")))
        return measures


def _problems(timeout: float, *results: ChildResult) -> str:
    """What went wrong in these runs, if anything: "open: timed out after 600 s"."""
    return "; ".join(
        f"{' '.join(r.argv[2:3])}: {problem}"
        for r in results if (problem := r.problem(timeout))
    )


def _mb(kb: int | None) -> float | None:
    return None if kb is None else kb / 1024


def _fmt_list(values: list[float]) -> str:
    return "[" + ", ".join(f"{v:.3f}" for v in values) + "]"


def _csv_rows(path: Path) -> int | None:
    import csv

    if not path.exists():
        return None
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def _size(path: Path) -> int | None:
    """Bytes of a file, or of the files in a folder (brat)."""
    if path.is_dir():
        return sum(item.stat().st_size for item in path.iterdir())
    return path.stat().st_size if path.exists() else None


def _remove(path: Path) -> None:
    """Remove an export left by a previous run: a file, or a folder (brat)."""
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _count_rows(path: Path, table: str) -> int | None:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            return db.execute(f"SELECT COUNT(*) FROM [{table}]").fetchone()[0]
    except sqlite3.Error:
        return None


def _annotation_count(path: Path) -> int | None:
    if not path.exists():
        return None
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT COUNT(*) FROM annotations").fetchone()[0]
    except sqlite3.Error:
        return None
    finally:
        conn.close()


# ---------------------------------------------------------------------------------- reporting


def machine() -> dict:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        qt = f"Qt {qVersion()} (PySide6 {PySide6.__version__})"
    except ImportError:
        qt = "Qt not importable"
    from annotator import __version__

    commit = ""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        repo = HERE.parent
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo,
                              capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "annotator"], cwd=repo,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        commit = head + (" + uncommitted changes in annotator/" if dirty else "")
    cores = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    return {
        "cpu": cpu,
        "cores": cores,
        "usable_cores": usable,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "qt": qt,
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "annotator": __version__,
        "commit": commit,
    }


def _num(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    if unit == "MB" or abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.3g}" if unit not in ("s",) else f"{value:.3f}"
    return f"{text} {unit}".strip()


def verdict(m: Measure) -> str:
    target = TARGETS.get(m.key)
    if target is None:
        return "info" if m.value is not None else "not measured"
    if m.value is None:
        return "not measured"
    result = "PASS" if m.value <= target else "FAIL"
    return result + ("*" if m.partial else "")


def render_table(measures: list[Measure]) -> str:
    header = ("metric", "what", "ours", "baseline", "ratio/value", "target", "result")
    rows = [header]
    for m in measures:
        target = TARGETS.get(m.key)
        ratio = m.key.endswith("_ratio")
        value = "—" if m.value is None else (f"{m.value:.2f}" if ratio else _num(m.value, m.unit))
        rows.append((
            m.key, m.label, _num(m.ours, m.unit), _num(m.baseline, m.unit), value,
            "—" if target is None else (f"≤ {target:g}" + ("" if ratio else f" {m.unit}")),
            verdict(m),
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for n, row in enumerate(rows):
        cells = [cell.rjust(w) if 2 <= i <= 5 else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def render_details(measures: list[Measure]) -> str:
    lines = []
    for m in measures:
        shown = {k: v for k, v in m.extra.items() if not k.endswith("samples_s")}
        parts = [f"{k}={_short(v)}" for k, v in shown.items() if v is not None]
        if m.note:
            parts.append(f"note: {m.note}")
        if parts:
            lines.append(f"  {m.key}: " + ", ".join(parts))
    return "\n".join(lines)


def _short(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_short(v)}" for k, v in value.items()) + "}"
    return str(value)


def _clean(value):
    """JSON-safe: no NaN or infinity."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="200 KB and 2,000 annotations, fewer runs (a smoke run)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the figures as JSON")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the sessions")
    parser.add_argument("--only", metavar="LIST",
                        help="comma-separated subset: open,add,scroll,rss,startup,export,"
                             "import,suggest,import-annotations,scale")
    parser.add_argument("--keep", action="store_true", help="keep the working folder")
    parser.add_argument("--timeout", type=float, help="seconds allowed to each process")
    args = parser.parse_args(argv)
    mode = QUICK if args.quick else FULL
    if args.timeout:
        mode = dataclasses.replace(mode, timeout=args.timeout)
    only = set(args.only.split(",")) if args.only else None

    started = time.perf_counter()
    info = machine()
    print(f"Machine   {info['cpu']}, {info['cores']} cores ({info['usable_cores']} usable)")
    print(f"Software  {info['python']}, {info['qt']}, SQLite {info['sqlite']}, "
          f"annotator {info['annotator']} {info['commit']}".rstrip())
    print(f"Mode      {mode.name}: {mode.chars:,}-character article, "
          f"{mode.annotations:,} annotations; {mode.open_repeats} opens, {mode.adds} adds, "
          f"{mode.startup_repeats} start-ups, {mode.cli_repeats} exports and imports, "
          f"{mode.format_repeats} of each annotation format; "
          f"{mode.timeout:g} s per process", flush=True)

    workdir = Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    try:
        bench = Bench(mode, workdir, args.seed)
        bench.build()
        measures = bench.run(only)
    finally:
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    elapsed = time.perf_counter() - started

    print()
    print(render_table(measures))
    print()
    print("Details")
    print(render_details(measures))
    if any(m.partial for m in measures):
        print("  * partial: a process was stopped by its timeout; the figure is from what it "
              "measured before")
    for warning in bench.warnings:
        print(f"WARNING: {warning}")
    if bench.problems:
        print("Problems")
        for problem in bench.problems:
            print(f"  {problem}")
    print(f"\n{mode.name} run: {elapsed:.0f} s")

    if args.json:
        by_key = {m.key: m for m in measures}
        payload: dict = {key: (by_key[key].value if key in by_key else None) for key in ALL_KEYS}
        payload.update({
            "mode": mode.name,
            "seconds": round(elapsed, 1),
            "machine": info,
            "targets": TARGETS,
            "results": {m.key: verdict(m) for m in measures},
            "sizes": {
                "sessions": bench.sizes,
                "big_session": bench.big,
                "scale_points": {
                    str(n): n // mode.scale_divisor for n in SCALE_POINTS
                },
            },
            "details": {
                m.key: {"ours": m.ours, "baseline": m.baseline, "unit": m.unit,
                        "what": m.label, "partial": m.partial, "note": m.note, **m.extra}
                for m in measures
            },
            "problems": bench.problems,
            "warnings": bench.warnings,
        })
        args.json.write_text(json.dumps(_clean(payload), indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    return 1 if bench.problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""What the window loads before it is first painted: the libraries and modules the first article
does not need (document readers, exchange formats, agreement, fuzzy matching, the suggestion
engine) are loaded only when first used, so that start-up stays quick."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from annotator.core.articles.importing import import_file
from annotator.core.session.store import SessionStore

# Run in a fresh interpreter: the test process has loaded everything already.
PROBE = r"""
import json, sys
from pathlib import Path
from annotator.gui.app import make_application
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Settings

app = make_application()
app.setProperty("annotator_quiet_errors", True)
window = MainWindow(Settings(), reviewer="tester")
assert window.files.open_session(Path(sys.argv[1]), create=False)
before_show = sorted(sys.modules)
from annotator.core import models
built = [m.__name__ for m in (models.Label, models.DocumentSummary, models.Document,
                              models.Annotation) if m.__pydantic_complete__]
held = window.first_paint.painted
window.show()
app.processEvents()
window.grab()
print(json.dumps({"before_show": before_show, "painted": sorted(sys.modules), "built": built,
                  "held_before_show": not held, "document": window.state.document_id}))
window.close()
app.processEvents()
"""

# Never needed to show an article that is already in the session.
NOT_BEFORE_FIRST_PAINT = (
    "rapidfuzz", "trafilatura", "bs4", "docx", "pypdf", "charset_normalizer", "lxml",
    "markdown_it", "krippendorff", "platformdirs", "ahocorasick_rs",
    "annotator.core.review.agreement", "annotator.core.review.merge",
    "annotator.core.review.adjudication", "annotator.core.formats",
    "annotator.core.factcheck.claim_matching", "annotator.core.factcheck.claimreview",
    "annotator.core.articles.reading", "annotator.core.articles.importing",
    "annotator.core.session.changes", "annotator.gui.dialogs", "annotator.gui.exchange",
    "annotator.gui.article_import", "annotator.gui.article_properties",
    "annotator.gui.labels_dialog", "annotator.gui.verdicts_dialog", "annotator.gui.statistics",
    "annotator.gui.agreement_view", "annotator.gui.adjudication_panel",
    "annotator.gui.web_address_dialog",
    # the standard library's slower modules the first paint has no use for, and the metadata
    # reader pydantic loads when it first builds a model's validator (none is built before then)
    "concurrent.futures", "socket", "_strptime", "importlib.metadata",
    "pydantic.plugin._loader", "annotator.core.articles.provenance",
)
# The suggestions are made in a worker thread that starts once the window has been painted.
NOT_BEFORE_SHOW = ("annotator.core.suggestions",)


def _loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == n or m.startswith(n + ".") for n in names)]


def test_the_first_paint_loads_no_module_it_does_not_need(tmp_path: Path):
    article = tmp_path / "article.txt"
    article.write_text("Officials said 3,000 households were evacuated.\n\n" * 40,
                       encoding="utf-8")
    session = tmp_path / "small.sqlite"
    with SessionStore.open(session, create=True, reviewer="tester") as store:
        import_file(store, article)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-c", PROBE, str(session)], env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["document"] is not None  # the article is shown
    assert report["held_before_show"]
    assert _loaded(report["painted"], NOT_BEFORE_FIRST_PAINT) == []
    assert _loaded(report["before_show"], NOT_BEFORE_SHOW) == []
    # the session was opened without building the models' validators (built once painted)
    assert report["built"] == []
    # the probe sees the modules the window loads: the store and the panes are there
    assert "annotator.core.session.store" in report["painted"]
    assert "annotator.gui.panes.article" in report["painted"]

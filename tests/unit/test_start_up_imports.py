"""What the program loads to start: heavy packages only when a feature needs them."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("numpy", "pandas", "krippendorff", "docx", "pypdf", "trafilatura")


def loaded_after(statement: str) -> dict[str, bool]:
    code = (f"import json, sys\n{statement}\n"
            f"print(json.dumps({{name: name in sys.modules for name in {HEAVY!r}}}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=60)
    return json.loads(result.stdout)


def test_the_store_loads_no_heavy_package():
    assert loaded_after("import annotator.core.store") == dict.fromkeys(HEAVY, False)


def test_numpy_still_imports_after_the_store():
    loaded = loaded_after("import annotator.core.store\nimport numpy\nimport krippendorff")
    assert loaded["numpy"] and loaded["krippendorff"]

"""What the program loads to start: heavy packages only when a feature needs them."""

from __future__ import annotations

import json
import os
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
    assert loaded_after("import annotator.core.session.store") == dict.fromkeys(HEAVY, False)


def test_numpy_still_imports_after_the_store():
    loaded = loaded_after("import annotator.core.session.store\nimport numpy\nimport krippendorff")
    assert loaded["numpy"] and loaded["krippendorff"]


def test_building_the_models_does_not_look_for_pydantic_plugins():
    """pydantic would read every installed package's metadata for plugins at the first model."""
    code = (
        "import importlib.metadata as metadata, os\n"
        "os.environ.pop('PYDANTIC_DISABLE_PLUGINS', None)\n"
        "calls = []\n"
        "real = metadata.distributions\n"
        "metadata.distributions = lambda *a, **k: calls.append(1) or real(*a, **k)\n"
        "from annotator.core import models\n"
        "models.Label(name='claim', title='Claim', color='#123456')\n"
        "print(len(calls))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=60)
    assert result.stdout.strip() == "0"


def test_a_plugin_setting_of_the_users_own_is_kept():
    code = ("from annotator.core import models\nimport os\n"
            "print(os.environ['PYDANTIC_DISABLE_PLUGINS'])")
    env = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": "logfire"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=60, env=env)
    assert result.stdout.strip() == "logfire"

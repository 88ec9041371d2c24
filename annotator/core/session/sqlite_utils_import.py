"""sqlite-utils, imported without pandas and numpy.

When pandas or numpy is installed, sqlite-utils imports it at once, only to map pandas and numpy
value types to column types. A session holds only text, integers and nulls, so that mapping is
never used, while the import costs every start of the program a tenth of a second (numpy) or
more (pandas). The two are kept out while sqlite-utils loads and stay importable for any other
use (the agreement measures use numpy).

    from annotator.core.session.sqlite_utils_import import sqlite_utils
"""

from __future__ import annotations

import sys

_KEPT_OUT = ("pandas", "numpy")


def _import_sqlite_utils():
    if "sqlite_utils" in sys.modules:
        return sys.modules["sqlite_utils"]
    blocked = [name for name in _KEPT_OUT if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment] - makes `import name` fail
    try:
        import sqlite_utils
    finally:
        for name in blocked:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]
    return sqlite_utils


sqlite_utils = _import_sqlite_utils()

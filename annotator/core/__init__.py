"""The annotator's core, plain Python without Qt.

Models (:mod:`.models`), the session store (:mod:`.store`), offsets (:mod:`.offsets`), importers
(:mod:`.importers`), the CSV exporter (:mod:`.export_csv`), backups and locks. Import what you need
from those modules; this package itself imports nothing, so that ``annotator --version`` and the
error paths of the command line start fast.
"""

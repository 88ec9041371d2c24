"""The annotator's core, plain Python without Qt.

Models (:mod:`.models`), offsets (:mod:`.offsets`), and packages by concern: :mod:`.session` (the
store, its files, backups and locks), :mod:`.articles` (reading documents), :mod:`.formats`
(annotation files), :mod:`.review` (merge, agreement, adjudication). Import what you need
from those modules; this package itself imports nothing, so that ``annotator --version`` and the
error paths of the command line start fast.
"""

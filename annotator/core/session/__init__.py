"""The session store: one SQLite file per session, and the one API that reads and writes it.

:mod:`.store` (the :class:`~.store.SessionStore` API, with the reads in :mod:`.queries` and the
damage checks in :mod:`.checks`), :mod:`.schema` (the tables), :mod:`.database` (recognising,
creating, upgrading and connecting to the file), :mod:`.names` (the files a session keeps beside
it), :mod:`.locking` (one writer), :mod:`.backups`, and :mod:`.damaged_rows` (rows edited outside
the program).
"""

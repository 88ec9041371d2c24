"""The window: PySide6 widgets and Qt models over the core. Nothing here writes SQL."""

# The core is loaded before PySide6: once PySide6 is loaded, its import hook reads the source of
# every module imported after it (for its `__feature__` switches), which costs the many modules
# of pydantic and sqlite-utils some 40 ms at each start of the window.
import annotator.core.session.store  # noqa: F401

"""The window: PySide6 widgets and Qt models over the core. Nothing here writes SQL."""

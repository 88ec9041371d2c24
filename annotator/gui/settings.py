"""Per-user preferences kept in QSettings: reviewer name, last session, layout, font size."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from annotator.core.defaults import default_reviewer

DEFAULT_FONT_POINTS = 12
RECENT_LIMIT = 8
PUBLISHING_KEYS = ("org_name", "org_url", "url_template")


class Settings:
    """Typed access to the application's QSettings."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._s = settings or QSettings()

    @property
    def reviewer(self) -> str:
        value = str(self._s.value("reviewer", "") or "").strip()
        return value or default_reviewer()

    @reviewer.setter
    def reviewer(self, name: str) -> None:
        self._s.setValue("reviewer", name.strip())

    @property
    def last_session(self) -> Path | None:
        value = str(self._s.value("session/last", "") or "")
        return Path(value) if value else None

    @last_session.setter
    def last_session(self, path: Path) -> None:
        resolved = str(Path(path).resolve())
        self._s.setValue("session/last", resolved)
        recent = [p for p in self.recent_sessions_raw() if p != resolved]
        self._s.setValue("session/recent", [resolved, *recent][:RECENT_LIMIT])

    def recent_sessions_raw(self) -> list[str]:
        value = self._s.value("session/recent", [])
        if isinstance(value, str):  # QSettings gives a lone string for a one-item list
            value = [value]
        return [str(v) for v in (value or []) if v]

    def recent_sessions(self) -> list[Path]:
        """Sessions opened lately, newest first, that still exist."""
        return [Path(p) for p in self.recent_sessions_raw() if Path(p).exists()]

    @property
    def publishing(self) -> dict[str, str]:
        """The fact-checking organisation's name and address, and the address template of its
        fact-checks, for ClaimReview exports (empty when not set)."""
        return {key: str(self._s.value(f"publishing/{key}", "") or "").strip()
                for key in PUBLISHING_KEYS}

    @publishing.setter
    def publishing(self, values: dict[str, str]) -> None:
        for key in PUBLISHING_KEYS:
            self._s.setValue(f"publishing/{key}", (values.get(key) or "").strip())

    @property
    def welcomed(self) -> bool:
        return str(self._s.value("welcomed", "")) == "yes"

    @welcomed.setter
    def welcomed(self, value: bool) -> None:
        self._s.setValue("welcomed", "yes" if value else "")

    @property
    def font_points(self) -> int:
        try:
            value = int(self._s.value("view/font_points", DEFAULT_FONT_POINTS))
        except (TypeError, ValueError):
            value = DEFAULT_FONT_POINTS
        return min(max(value, 7), 40)

    @font_points.setter
    def font_points(self, points: int) -> None:
        self._s.setValue("view/font_points", int(points))

    @property
    def theme(self) -> str:
        value = str(self._s.value("view/theme", "system") or "system")
        return value if value in ("system", "light", "dark", "contrast") else "system"

    @theme.setter
    def theme(self, name: str) -> None:
        self._s.setValue("view/theme", name)

    @property
    def show_suggestions(self) -> bool:
        return str(self._s.value("view/suggestions", "yes")) != "no"

    @show_suggestions.setter
    def show_suggestions(self, shown: bool) -> None:
        self._s.setValue("view/suggestions", "yes" if shown else "no")

    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        return self._s.value("window/geometry"), self._s.value("window/state")

    def save_window_state(self, geometry: QByteArray, state: QByteArray) -> None:
        self._s.setValue("window/geometry", geometry)
        self._s.setValue("window/state", state)

    def sync(self) -> None:
        self._s.sync()

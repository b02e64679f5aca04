"""Light and dark: View → Theme (system, light, dark) and ``--theme``. The system choice follows
the desktop's colour scheme as it changes; the other two use Fusion with their own palette, so
they look the same on every platform. Highlight colours come from ``reader.core.kinds``, which
makes each kind's hue readable on the page of either theme."""

from __future__ import annotations

from typing import Literal, get_args

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from reader.core.kinds import PAGES, Theme

ThemeChoice = Literal["system", "light", "dark"]
THEME_CHOICES: tuple[ThemeChoice, ...] = get_args(ThemeChoice)

_Role = QPalette.ColorRole
_DARK_COLOURS: dict[QPalette.ColorRole, str] = {
    _Role.Window: "#2b2d30",
    _Role.WindowText: PAGES["dark"].text,
    _Role.Base: PAGES["dark"].base,
    _Role.AlternateBase: "#26282b",
    _Role.ToolTipBase: "#2b2d30",
    _Role.ToolTipText: PAGES["dark"].text,
    _Role.PlaceholderText: "#8c8f94",
    _Role.Text: PAGES["dark"].text,
    _Role.Button: "#33363a",
    _Role.ButtonText: PAGES["dark"].text,
    _Role.BrightText: "#ff7b7b",
    _Role.Link: "#79b0ff",
    _Role.Highlight: "#2f5d9e",
    _Role.HighlightedText: "#ffffff",
    _Role.Light: "#45484d",
    _Role.Midlight: "#3a3d41",
    _Role.Mid: "#303236",
    _Role.Dark: "#1a1b1d",
    _Role.Shadow: "#101011",
}
_DISABLED_DARK = "#74777c"


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _DARK_COLOURS.items():
        palette.setColor(role, QColor(colour))
    for role in (_Role.Text, _Role.ButtonText, _Role.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(_DISABLED_DARK))
    return palette


def light_palette() -> QPalette:
    fusion = QStyleFactory.create("Fusion")
    palette = fusion.standardPalette()
    palette.setColor(_Role.Base, QColor(PAGES["light"].base))
    palette.setColor(_Role.Text, QColor(PAGES["light"].text))
    return palette


class ThemeManager(QObject):
    """The application's theme: one per application, since the palette is the application's."""

    changed = Signal(str)  # the theme now in use: "light" or "dark"

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.native_style = app.style().name()
        self.choice: ThemeChoice = "system"  # the application starts in the desktop's own look
        self.theme: Theme = self._system_theme()
        app.styleHints().colorSchemeChanged.connect(self._system_changed)

    def apply(self, choice: ThemeChoice) -> Theme:
        """Every window applies the remembered choice as it opens: the same one again costs
        nothing (recreating the style and palette would repolish every widget)."""
        if choice == self.choice:
            return self.theme
        self.choice = choice
        hints = self.app.styleHints()
        if choice == "system":
            hints.unsetColorScheme()
            self.app.setStyle(self.native_style)
            self.app.setPalette(QPalette())  # back to the platform's own
            theme = self._system_theme()
        else:
            theme = choice
            hints.setColorScheme(Qt.ColorScheme.Dark if theme == "dark" else Qt.ColorScheme.Light)
            self.app.setStyle("Fusion")
            self.app.setPalette(dark_palette() if theme == "dark" else light_palette())
        self.theme = theme
        self.changed.emit(theme)
        return theme

    def _system_theme(self) -> Theme:
        scheme = self.app.styleHints().colorScheme()
        if scheme == Qt.ColorScheme.Dark:
            return "dark"
        if scheme == Qt.ColorScheme.Light:
            return "light"
        # a desktop that says nothing: judge by its palette's page
        return "dark" if self.app.palette().color(_Role.Base).lightness() < 128 else "light"

    def _system_changed(self, _scheme: Qt.ColorScheme) -> None:
        theme = self._system_theme()
        if self.choice == "system" and theme != self.theme:
            self.theme = theme
            self.changed.emit(theme)


_managers: dict[int, ThemeManager] = {}


def theme_manager() -> ThemeManager:
    """The application's theme manager, made with the first window."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    manager = _managers.get(id(app))
    if manager is None:
        manager = _managers[id(app)] = ThemeManager(app)
    return manager

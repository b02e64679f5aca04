"""Help → Keyboard Shortcuts: read from the menus themselves, so the list cannot fall behind
the keys the window really has."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

# Keys that belong to a widget rather than to a menu.
WIDGET_KEYS: tuple[tuple[str, str, str], ...] = (
    ("Facts panel", "Down (in the filter)", "Move into the list of facts"),
    ("Facts panel", "Up / Down, Enter", "Walk the facts; show one in the text"),
    ("Find bar", "Enter / Shift+Enter", "Next / previous match"),
    ("Find bar", "Esc", "Close the find bar"),
    ("Note editor", "Tab / Shift+Tab", "Move between the note, its tags and the buttons"),
    ("Note editor", "Ctrl+Enter", "Save the note"),
    ("Note editor", "Esc", "Cancel"),
)


def menu_shortcuts(menus: list[QMenu]) -> list[tuple[str, str, str]]:
    """(menu, keys, command) for every command with a key, in menu order."""
    rows = []
    for menu in menus:
        for action in menu.actions():
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
            if keys and action.text():
                rows.append((_plain(menu.title()), " or ".join(keys), _plain(action.text())))
    return rows


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget, menus: list[QMenu]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        rows = menu_shortcuts(menus) + list(WIDGET_KEYS)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Where", "Keys", "What they do"])
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, item)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(620, 560)

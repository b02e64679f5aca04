"""Help → About Fact Reader and Help → Licences: the version, the model and where it comes from,
and every distributed component's licence, the same list as ``factreader licenses``."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reader import __version__
from reader.core.errors import ReaderError
from reader.core.licenses import Component, components, licence_text, model_provenance

HEADINGS = ("Name", "Version", "Licence")


def about_html() -> str:
    """The About tab's text: what the program is, its licence, and the model it analyses with."""
    lines = [
        f"<h2>Fact Reader {html.escape(__version__)}</h2>",
        "<p>Reads articles for who said what, and how much money is at stake.</p>",
        "<p>Licensed under the MIT licence. The Licences tab lists every component it "
        "distributes, with its licence and text.</p>",
    ]
    model = model_provenance()
    if model is None:
        lines.append("<p>No spaCy model is installed.</p>")
    else:
        sources = "".join(
            f"<li>{html.escape(name)}: {html.escape(licence)}</li>"
            for name, licence in model.sources
        )
        summary = (
            f", which describes itself as “{html.escape(model.summary)}”" if model.summary else ""
        )
        lines += [
            f"<p>Language model: <b>{html.escape(model.name)} {html.escape(model.version)}</b> "
            f"by {html.escape(model.author)}, licence {html.escape(model.licence)}, from the "
            f"package {html.escape(model.package)}{summary}.</p>",
            f"<p>It was trained on:</p><ul>{sources}</ul>" if sources else "",
        ]
    return "".join(lines)


class LicencesView(QSplitter):
    """A table of components above the selected one's note and licence text."""

    def __init__(self, items: list[Component]) -> None:
        super().__init__(Qt.Orientation.Vertical)
        self.items = items
        self.table = QTableWidget(len(items), len(HEADINGS))
        self.table.setHorizontalHeaderLabels(list(HEADINGS))
        for row, item in enumerate(items):
            for column, value in enumerate((item.name, item.version, item.licence)):
                cell = QTableWidgetItem(value)
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, cell)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.addWidget(self.table)
        self.addWidget(self.text)
        self.setSizes([300, 300])
        self.table.currentCellChanged.connect(lambda row, *_: self.show_row(row))
        if items:
            self.table.selectRow(0)

    def show_row(self, row: int) -> None:
        if not 0 <= row < len(self.items):
            return
        item = self.items[row]
        try:
            body = licence_text(item)
        except OSError as error:
            body = f"Cannot read the licence text: {error}"
        where = "\n".join(str(t.path) for t in item.texts)
        note = f"{item.note}\n\n" if item.note else ""
        self.text.setPlainText(
            f"{item.name} {item.version}: {item.licence}\n\n{note}{where}\n\n{body}"
        )

    def select(self, name: str) -> bool:
        """Show a component by name, as a person would pick its row."""
        for row, item in enumerate(self.items):
            if item.name == name:
                self.table.selectRow(row)
                return True
        return False


class AboutDialog(QDialog):
    """Two tabs: About and Licences."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Fact Reader")
        self.tabs = QTabWidget()
        about = QLabel(about_html())
        about.setWordWrap(True)
        about.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        about.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        about.setContentsMargins(12, 12, 12, 12)
        self.tabs.addTab(about, "About")
        try:
            self.licences: LicencesView | None = LicencesView(components())
            self.tabs.addTab(self.licences, "Licences")
        except ReaderError as error:  # a bundle whose licences folder is damaged
            self.licences = None
            self.tabs.addTab(QLabel(str(error)), "Licences")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(760, 640)

    def show_licences(self) -> None:
        self.tabs.setCurrentIndex(1)


def open_about_dialog(parent: QWidget, licences: bool = False) -> AboutDialog:
    dialog = AboutDialog(parent)
    if licences:
        dialog.show_licences()
    dialog.open()
    return dialog

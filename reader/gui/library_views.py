"""The views across articles: the Library with search over everything, Sources, Figures and
money, and what changed in an article. Each is a dialog over ``reader.core.crossref`` and
``reader.core.changes``; choosing a row asks the window to open its article at the passage.

Rows live in table models, not in one widget item per cell: a library of 10,000 articles is
shown at once instead of after 40,000 items are made.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar, Literal

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.core import conflicts, crossref, library_search
from reader.core.changes import Change, Comparison
from reader.core.conflicts import DISAGREE
from reader.core.dates import published_day
from reader.core.export import ExportError, write_file
from reader.core.quoting import shown_words
from reader.core.review import REVIEW_MARK
from reader.core.store import Store, StoredArticle
from reader.gui.formats import plain_tooltip

SORT_ROLE = Qt.ItemDataRole.UserRole + 10
DISPUTED_TINT = QColor(245, 158, 11, 55)  # amber, faint enough for either theme
SEARCH_DELAY_MS = 150  # a search per pause in typing, not per key
Index = QModelIndex | QPersistentModelIndex
# A header, the value of a record under it, and the column's width (None: the rest of the row;
# the last column takes the rest anyway).
Column = tuple[str, Callable[[Any], object], int | None]


class RecordModel(QAbstractTableModel):
    """Frozen records as rows, one column per (header, value) pair."""

    def __init__(self, columns: Sequence[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.records: list[Any] = []

    def set_records(self, records: Sequence[Any], columns: Sequence[Column] | None = None) -> None:
        self.beginResetModel()
        self.records = list(records)
        if columns is not None:
            self.columns = list(columns)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        value = self.columns[index.column()][1](self.records[index.row()])
        if role == SORT_ROLE:
            return value if isinstance(value, (int, float)) else str(value).casefold()
        if role == Qt.ItemDataRole.DisplayRole:
            return _shown(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(_shown(value))
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, (int, float)):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _shown(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.0f}" if value == int(value) and abs(value) >= 1000 else f"{value:,g}"
    return "" if value is None else " ".join(str(value).split())


_FACT_NAMES = {"statement": "quote", "money": "amount", "figure": "figure"}


def _when(stamp: str) -> str:
    return stamp[:16].replace("T", " ")


def _statement_cell(statement: crossref.Statement) -> str:
    """The quoted words only, in quotation marks when they were quoted, a guessed speaker marked
    as in the article's window."""
    mark = REVIEW_MARK if statement.needs_review else ""
    fixed = " (corrected)" if statement.corrected else ""
    said = shown_words(statement.kind, statement.quoted or statement.content)
    return f"{mark}{statement.speaker}{fixed}: {said}"


def _speaker_cell(amount: crossref.Amount) -> str:
    if amount.speaker is None:
        return ""
    return (REVIEW_MARK if amount.speaker_needs_review else "") + amount.speaker


def record_table(
    model: RecordModel, sortable: bool = True, proxy: QSortFilterProxyModel | None = None
) -> tuple[QTableView, QSortFilterProxyModel]:
    """A read-only table of ``model`` that sorts by a header click and filters by any column."""
    proxy = proxy or QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    table = QTableView()
    table.setModel(proxy)
    # rows come in their own order (most quoted first, date order): no sort until a click
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(sortable)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    fit_columns(table, model)
    return table, proxy


def fit_columns(table: QTableView, model: RecordModel) -> None:
    for number, (_, _, width) in enumerate(model.columns):
        if width is not None:
            table.setColumnWidth(number, width)


def record_at(proxy: QSortFilterProxyModel, index: Index) -> Any:
    """The record on the row of ``index`` as the table shows it (sorted, filtered)."""
    source = proxy.mapToSource(proxy.index(index.row(), 0))
    model = proxy.sourceModel()
    assert isinstance(model, RecordModel)
    return model.records[source.row()] if source.isValid() else None


class LibraryDialog(QDialog):
    """Stored articles; with a search, every article and note holding the words, each opening
    at the first place they occur."""

    open_requested = Signal(str, int, int)  # article id, start and end of the passage (-1: none)

    ARTICLE_COLUMNS: Sequence[Column] = (
        ("Title", lambda a: a.title, 340),
        ("Last opened", lambda a: _when(a.last_opened), 130),
        ("Notes", lambda a: a.note_count, 60),
        ("Changed", lambda a: f"{a.version_count + 1} versions" if a.version_count else "", 90),
        ("Source", lambda a: a.source, None),
    )
    HIT_COLUMNS: Sequence[Column] = (
        ("Title", lambda h: h.title, 260),
        ("Date", lambda h: h.date[:10], 90),
        ("Found in", lambda h: "a note" if h.where == "note" else "the text", 80),
        ("Words around it", lambda h: h.snippet, None),
    )

    def __init__(self, parent: QWidget, store: Store) -> None:
        super().__init__(parent)
        self.setWindowTitle("Library")
        self.resize(900, 520)
        self.store = store
        self.query = QLineEdit(
            placeholderText="Search titles, article text and notes", clearButtonEnabled=True
        )
        self.model = RecordModel(self.ARTICLE_COLUMNS)
        self.table, self.proxy = record_table(self.model, sortable=False)
        self.summary = QLabel(textFormat=Qt.TextFormat.PlainText)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.query.textChanged.connect(lambda _text: self._timer.start())
        self.query.returnPressed.connect(self._open_first)
        self.table.activated.connect(self._open)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.refresh()

    def refresh(self) -> None:
        words = self.query.text().strip()
        if not words:
            articles = self.store.articles()
            self.model.set_records(articles, self.ARTICLE_COLUMNS)
            fit_columns(self.table, self.model)
            changed = sum(1 for a in articles if a.version_count)
            self.summary.setText(
                f"{len(articles)} articles"
                + (f", {changed} changed at their source" if changed else "")
            )
            return
        hits = library_search.search(self.store, words)
        self.model.set_records(hits, self.HIT_COLUMNS)
        fit_columns(self.table, self.model)
        more = "+" if len(hits) >= library_search.MAX_HITS else ""
        self.summary.setText(
            f"{len(hits)}{more} places hold “{words}”" if hits else f"Nothing holds “{words}”"
        )

    def _open_first(self) -> None:
        self._timer.stop()
        self.refresh()
        if self.proxy.rowCount():
            self._open(self.proxy.index(0, 0))

    def _open(self, index: Index) -> None:
        record = record_at(self.proxy, index)
        if isinstance(record, StoredArticle):
            self.open_requested.emit(record.id, -1, -1)
        elif isinstance(record, library_search.Hit):
            self.open_requested.emit(record.article_id, record.start, record.end)
        else:
            return
        self.accept()


class SourcesDialog(QDialog):
    """Everyone the library quotes or names; for one, every statement, article by article."""

    open_requested = Signal(str, int, int)
    # the source's key, its name for the file, and whether statements with a guessed speaker
    # are in it (marked) or left out
    dossier_requested = Signal(str, str, bool)

    SOURCE_COLUMNS: Sequence[Column] = (
        ("Name", lambda s: s.name, 160),
        ("Statements", lambda s: s.statements, 85),
        ("Direct", lambda s: s.direct, 55),
        ("⚠ Guesses", lambda s: s.guesses or "", 75),
        ("Articles", lambda s: s.articles, 60),
        ("Also called", lambda s: ", ".join(s.forms), None),
    )
    STATEMENT_COLUMNS: Sequence[Column] = (
        ("Published", lambda s: published_day(s.published, ""), 90),
        ("Article", lambda s: s.title, 150),
        ("Kind", lambda s: "direct" if s.kind == "direct" else "reported", 70),
        ("Statement", _statement_cell, 300),  # not last: the reason to check takes the rest
        ("Check because", lambda s: s.review_reason if s.needs_review else "", 220),
    )
    LABELS: ClassVar[dict[str, str | None]] = {
        "Everyone": None,
        "People": "person",
        "Organisations": "organisation",
    }
    KINDS: ClassVar[dict[str, Literal["direct", "reported"] | None]] = {
        "All statements": None,
        "In their own words": "direct",
        "Reported": "reported",
    }

    def __init__(self, parent: QWidget, store: Store) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sources")
        self.resize(1280, 600)
        self.store = store
        self.source: crossref.Source | None = None
        self.filter = QLineEdit(placeholderText="Filter names", clearButtonEnabled=True)
        self.label_choice = QComboBox()
        self.label_choice.addItems(list(self.LABELS))
        self.sources_model = RecordModel(self.SOURCE_COLUMNS)
        self.sources_table, self.sources_proxy = record_table(self.sources_model)
        self.sources_proxy.setFilterKeyColumn(0)
        self.heading = QLabel("Choose a name", textFormat=Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)  # a long name wraps instead of narrowing the names list
        self.kind_choice = QComboBox()
        self.kind_choice.addItems(list(self.KINDS))
        self.dossier_button = QPushButton("Export &Dossier…")
        self.dossier_button.setEnabled(False)
        self.dossier_button.setToolTip(
            "Everything this source said, article by article; statements whose speaker is a "
            "guess are left out"
        )
        self.guesses_button = QPushButton("Export Dossier with &Guesses…")
        self.guesses_button.setEnabled(False)
        self.guesses_button.setToolTip(
            "The dossier with the statements whose speaker is a guess, each marked “⚠ check:”"
        )
        self.statements_model = RecordModel(self.STATEMENT_COLUMNS)
        self.statements_table, self.statements_proxy = record_table(self.statements_model, False)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.label_choice)
        left_layout.addLayout(top)
        left_layout.addWidget(self.sources_table, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        header.addWidget(self.heading, 1)
        header.addWidget(self.kind_choice)
        header.addWidget(self.dossier_button)
        header.addWidget(self.guesses_button)
        right_layout.addLayout(header)
        right_layout.addWidget(self.statements_table, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([440, 840])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)

        self.filter.textChanged.connect(self.sources_proxy.setFilterFixedString)
        self.label_choice.currentTextChanged.connect(lambda _text: self.refresh())
        self.kind_choice.currentTextChanged.connect(lambda _text: self._show_statements())
        self.sources_table.selectionModel().currentRowChanged.connect(self._choose)
        self.statements_table.activated.connect(self._open)
        self.dossier_button.clicked.connect(lambda: self._ask_for_dossier(guesses=False))
        self.guesses_button.clicked.connect(lambda: self._ask_for_dossier(guesses=True))
        self.refresh()

    def refresh(self) -> None:
        label = self.LABELS[self.label_choice.currentText()]
        self.sources_model.set_records(crossref.sources(self.store, label))

    def choose(self, name: str) -> bool:
        """Show the statements of the source ``name`` stands for, as if picked in the list."""
        for row in range(self.sources_proxy.rowCount()):
            record = record_at(self.sources_proxy, self.sources_proxy.index(row, 0))
            if record.name == name or name in record.forms:
                self.sources_table.selectRow(row)
                return True
        return False

    def _choose(self, current: Index, _previous: Index) -> None:
        self.source = record_at(self.sources_proxy, current) if current.isValid() else None
        self._show_statements()

    def _show_statements(self) -> None:
        source = self.source
        self.dossier_button.setEnabled(source is not None and source.statements > 0)
        self.guesses_button.setEnabled(source is not None and source.guesses > 0)
        if source is None:
            self.statements_model.set_records([])
            self.heading.setText("Choose a name")
            return
        kind = self.KINDS[self.kind_choice.currentText()]
        statements = crossref.statements_by(
            self.store, source.key, kind
        )  # its key: no name lookup to miss
        self.statements_model.set_records(statements)
        articles = len({s.article_id for s in statements})
        self.heading.setText(
            f"{source.name}: {len(statements)} statements in {articles} articles"
            f" · named in {source.articles}"
        )

    def _ask_for_dossier(self, guesses: bool) -> None:
        if self.source is not None:
            self.dossier_requested.emit(self.source.key, self.source.name, guesses)

    def _open(self, index: Index) -> None:
        statement = record_at(self.statements_proxy, index)
        if statement is not None:
            self.open_requested.emit(statement.article_id, statement.start, statement.end)


class FigureModel(RecordModel):
    """The Figures view's rows: an amount in its measure's group, tinted where sources
    disagree on it."""

    def __init__(self, columns: Sequence[Column], parent: QWidget | None = None) -> None:
        self.group_ranks: list[int] = []  # each row's group, by the group's first row
        super().__init__(columns, parent)

    def set_records(self, records: Sequence[Any], columns: Sequence[Column] | None = None) -> None:
        first: dict[str, int] = {}
        for number, record in enumerate(records):
            first.setdefault(record.measure, number)
        self.group_ranks = [first[record.measure] for record in records]
        super().set_records(records, columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            return DISPUTED_TINT if self.records[index.row()].disputed else None
        return super().data(index, role)


class GroupedSortProxy(QSortFilterProxyModel):
    """Sorting by a column sorts the rows within each measure's group and keeps the groups in
    their order, so that figures on which sources disagree stay side by side."""

    def lessThan(self, left: Index, right: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, FigureModel)
        ranks = model.group_ranks[left.row()], model.group_ranks[right.row()]
        if ranks[0] != ranks[1]:
            ascending = self.sortOrder() == Qt.SortOrder.AscendingOrder
            return (ranks[0] < ranks[1]) == ascending  # Qt reverses it for a descending sort
        return super().lessThan(left, right)


def _figure_column(
    header: str, value: Callable[[crossref.Amount], object], width: int | None
) -> Column:
    return header, lambda row: value(row.amount), width


class FiguresDialog(QDialog):
    """Every amount and figure in the library, grouped by what it measures, those on which
    sources disagree marked and side by side; sortable and filtered, exported as CSV."""

    open_requested = Signal(str, int, int)
    problem = Signal(str)

    COLUMNS: Sequence[Column] = (
        ("Group", lambda r: r.measure, 140),  # the measure's key: "the jobless rate" is in it
        _figure_column("Measure", lambda a: a.measure, 140),
        _figure_column("Subject", lambda a: a.subject, 100),
        _figure_column("Time", lambda a: a.time, 120),
        ("Sources", lambda r: f"⚠ {DISAGREE}" if r.disputed else "", 130),
        _figure_column("Published", lambda a: published_day(a.published, ""), 90),
        _figure_column("Article", lambda a: a.title, 180),
        _figure_column("As written", lambda a: a.text, 100),
        _figure_column("Speaker", _speaker_cell, 130),
        _figure_column("Value", lambda a: a.low, 110),
        _figure_column("To", lambda a: a.high if a.high != a.low else None, 70),
        _figure_column("Unit", lambda a: a.unit + (f" per {a.per}" if a.per else ""), 80),
        _figure_column("Kind", lambda a: a.kind, 55),
        _figure_column("Qualifier", lambda a: a.qualifier, 75),
        _figure_column("Also given as", lambda a: a.conversions, 120),
        _figure_column("Sentence", lambda a: a.sentence, None),
        _figure_column("Check because", lambda a: a.speaker_review_reason, 220),
    )
    KINDS: ClassVar[dict[str, str | None]] = {
        "Money and figures": None,
        "Money": "money",
        "Figures": "figure",
    }

    def __init__(self, parent: QWidget, store: Store) -> None:
        super().__init__(parent)
        self.setWindowTitle("Figures and Money")
        self.resize(1500, 600)
        self.store = store
        self.filter = QLineEdit(placeholderText="Filter by any column", clearButtonEnabled=True)
        self.kind_choice = QComboBox()
        self.kind_choice.addItems(list(self.KINDS))
        self.export_button = QPushButton("Export &CSV…")
        self.model = FigureModel(self.COLUMNS)
        self.table, self.proxy = record_table(self.model, proxy=GroupedSortProxy())
        self.summary = QLabel(textFormat=Qt.TextFormat.PlainText)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.kind_choice)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.filter.textChanged.connect(self._filtered)
        self.kind_choice.currentTextChanged.connect(lambda _text: self.refresh())
        self.table.activated.connect(self._open)
        self.export_button.clicked.connect(self.export_csv)
        self.refresh()

    def refresh(self) -> None:
        """Read the index again (which the window's writer has brought up to date)."""
        kind = self.KINDS[self.kind_choice.currentText()]
        rows = conflicts.amounts_by_measure(self.store)
        self.model.set_records([r for r in rows if kind in (None, r.amount.kind)])
        self._filtered(self.filter.text())

    def _filtered(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        disputed = sorted({r.measure for r in self.model.records if r.disputed})
        disagree = f" · {DISAGREE.lower()} on {', '.join(disputed)}" if disputed else ""
        self.summary.setText(f"{self.proxy.rowCount()} of {self.model.rowCount()} shown{disagree}")

    def shown(self) -> list[crossref.Amount]:
        """The rows as the table shows them: filtered and sorted."""
        rows = [record_at(self.proxy, self.proxy.index(r, 0)) for r in range(self.proxy.rowCount())]
        return [row.amount for row in rows]

    def _open(self, index: Index) -> None:
        row = record_at(self.proxy, index)
        if row is not None:
            amount = row.amount
            self.open_requested.emit(amount.article_id, amount.start, amount.end)

    def export_csv(self) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Export CSV", str(Path.home() / "figures.csv"), "CSV (*.csv)"
        )
        return self.write_csv(Path(chosen)) if chosen else None

    def write_csv(self, path: Path) -> Path | None:
        """The rows shown, as CSV (the file dialog has already asked before replacing one)."""
        try:
            write_file(path, crossref.amounts_csv(self.shown()))
        except ExportError as error:
            self.problem.emit(f"The CSV was not written: {error}")
            return None
        return path


class ChangesDialog(QDialog):
    """What changed in the article each time it was reloaded with new text."""

    open_requested = Signal(str, int, int)

    COLUMNS: Sequence[Column] = (
        ("Edit", lambda row: row[0], 200),
        ("Change", lambda row: f"{_FACT_NAMES[row[1].fact]} {row[1].kind}", 130),
        ("Speaker", lambda row: row[1].speaker, 130),
        ("Before", lambda row: row[1].before, 260),
        ("After", lambda row: row[1].after, None),
    )

    def __init__(self, parent: QWidget, article_id: str, comparisons: Sequence[Comparison]) -> None:
        super().__init__(parent)
        self.setWindowTitle("What Changed")
        self.resize(1000, 480)
        self.article_id = article_id
        rows: list[tuple[str, Change, bool]] = []  # the edit, the change, in the current text
        for comparison in comparisons:
            newer = (
                "now" if comparison.newer == "current" else comparison.newer[:16].replace("T", " ")
            )
            edit = f"{comparison.older[:16].replace('T', ' ')} → {newer}"
            current = comparison.newer == "current"
            rows += [(edit, change, current and change.in_newer) for change in comparison.changes]
        self.model = RecordModel(self.COLUMNS)
        self.model.set_records(rows)
        self.table, self.proxy = record_table(self.model, sortable=False)
        edits = len(comparisons)
        self.summary = QLabel(
            f"{len(rows)} facts changed over {edits} edit{'s' if edits != 1 else ''}; "
            "removed ones are shown as they were"
            if rows
            else "No quote, amount or figure changed between the versions.",
            textFormat=Qt.TextFormat.PlainText,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.table.activated.connect(self._open)

    def _open(self, index: Index) -> None:
        row = record_at(self.proxy, index)
        if row is not None and row[2]:
            self.open_requested.emit(self.article_id, row[1].start, row[1].end)

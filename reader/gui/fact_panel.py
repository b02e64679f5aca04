"""The side panel: a legend that doubles as highlight toggles, a filter box, and the facts as a
tree model that mirrors ``reader.core.fact_tree`` without copying it into thousands of items."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reader.core.fact_tree import FactNode
from reader.core.kinds import KIND_STYLES, HighlightKind, Theme
from reader.core.model import Fact
from reader.gui.formats import kind_swatch, plain_tooltip

FACT_ROLE = Qt.ItemDataRole.UserRole + 1  # the fact's index in Analysis.facts, or None
FILTER_DELAY_MS = 150  # typing is not slowed by re-filtering a long list at every key

_GROUP_SWATCHES: dict[str, HighlightKind] = {
    "Who said what": "speaker",
    "Money": "money",
    "Figures": "figure",
    "People": "person",
    "Organisations": "organisation",
    "Places": "place",
    "Dates": "date",
    "Other names": "other",
    "Needs review": "review",
}

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


@dataclass
class _Row:
    node: FactNode
    parent: int  # row id of the parent, -1 at the top
    row: int
    children: list[int] | None = None  # row ids, given when first asked for


EXPANDED_GROUP_LIMIT = 500  # groups with more facts start collapsed


def _fact_paths(tree: Sequence[FactNode]) -> dict[int, tuple[int, ...]]:
    """Where each fact is listed, as rows from the top: the leaf, where a fact is listed twice."""
    paths: dict[int, tuple[int, ...]] = {}

    def walk(node: FactNode, path: tuple[int, ...]) -> None:
        for row, child in enumerate(node.children):
            walk(child, (*path, row))
        if node.fact is not None and (not node.children or node.fact not in paths):
            paths[node.fact] = path

    for row, node in enumerate(tree):
        walk(node, (row,))
    return paths


class FactTreeModel(QAbstractItemModel):
    """The fact tree, its rows given ids as the view asks for them: a long report lists tens of
    thousands of facts, and numbering them all as they arrived froze the window 100 ms."""

    def __init__(self) -> None:
        super().__init__()
        self._tree: Sequence[FactNode] = ()
        self._rows: list[_Row] = []
        self._facts: Sequence[Fact] = ()
        self._paths: dict[int, tuple[int, ...]] | None = None  # made when a fact is first sought
        self.theme: Theme = "light"
        self.font = QFont()  # the panel's, so that the groups' bold titles follow its size

    def set_tree(self, tree: Sequence[FactNode], facts: Sequence[Fact]) -> None:
        self.beginResetModel()
        self._tree, self._facts, self._paths = tree, facts, None
        self._rows = [_Row(node, -1, row) for row, node in enumerate(tree)]  # ids 0… at the top
        self.endResetModel()

    def _children(self, row_id: int) -> list[int]:
        entry = self._rows[row_id]
        if entry.children is None:
            first = len(self._rows)
            self._rows += [_Row(c, row_id, row) for row, c in enumerate(entry.node.children)]
            entry.children = list(range(first, len(self._rows)))
        return entry.children

    def index_of_fact(self, fact: int) -> QModelIndex:
        if self._paths is None:
            self._paths = _fact_paths(self._tree)
        path = self._paths.get(fact)
        if path is None:
            return QModelIndex()
        row_id = path[0]
        for row in path[1:]:
            row_id = self._children(row_id)[row]
        return self.createIndex(self._rows[row_id].row, 0, row_id)

    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        if column != 0 or not 0 <= row < self.rowCount(parent):
            return QModelIndex()
        row_id = self._children(parent.internalId())[row] if parent.isValid() else row
        return self.createIndex(row, 0, row_id)

    def parent(self, child: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not child.isValid():
            return QModelIndex()
        parent = self._rows[child.internalId()].parent
        if parent < 0:
            return QModelIndex()
        return self.createIndex(self._rows[parent].row, 0, parent)

    def rowCount(self, parent: Index = _ROOT) -> int:
        if not parent.isValid():
            return len(self._tree)
        return len(self._rows[parent.internalId()].node.children)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._rows[index.internalId()]
        node = entry.node
        if role == Qt.ItemDataRole.DisplayRole:
            return node.label
        if role == FACT_ROLE:
            return node.fact
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(
                self._facts[node.fact].summary if node.fact is not None else node.label
            )
        if entry.parent < 0:
            if role == Qt.ItemDataRole.FontRole:
                font = QFont(self.font)
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.DecorationRole:
                kind = _GROUP_SWATCHES.get(node.label.rsplit(" (", 1)[0])
                return kind_swatch(kind, self.theme) if kind else None
        return None


class CountingFilter(QSortFilterProxyModel):
    """Filters the facts, whole groups when their title matches; while filtering, a group's
    count says how many of its facts are shown: "Money (2 of 14)"."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._shown: dict[int, int] = {}  # source row id → facts shown under it
        self._total: dict[int, int] = {}
        self.modelReset.connect(self._forget_counts)
        self.layoutChanged.connect(self._forget_counts)
        self.rowsInserted.connect(self._forget_counts)
        self.rowsRemoved.connect(self._forget_counts)

    def _forget_counts(self) -> None:
        self._shown.clear()
        self._total.clear()

    def filter_text(self) -> str:
        return self.filterRegularExpression().pattern()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        value = super().data(index, role)
        if role != Qt.ItemDataRole.DisplayRole or not self.filter_text():
            return value
        if not isinstance(value, str) or not self.hasChildren(index):
            return value
        shown, total = self._facts_under(index)
        base, bracket, _ = value.rpartition(" (")
        return f"{base} ({shown:,} of {total:,})" if bracket and shown != total else value

    def _facts_under(self, index: Index) -> tuple[int, int]:
        key = self.mapToSource(index).internalId()
        if key not in self._shown:
            self._shown[key] = _leaves(self, index)
            self._total[key] = _leaves(self.sourceModel(), self.mapToSource(index))
        return self._shown[key], self._total[key]


def _leaves(model: QAbstractItemModel, index: Index) -> int:
    rows = model.rowCount(index)
    if rows == 0:
        return 1
    return sum(_leaves(model, model.index(row, 0, index)) for row in range(rows))


# Room is kept for counts this wide, and larger ones are shown in thousands, so the panel never
# grows with a digit: it narrowed the article as a long one was analysed, and laying a 5 MB text
# out again froze the window.
WIDEST_COUNT = "88,888"


def count_text(count: int) -> str:
    return f"{count:,}" if count < 100_000 else f"{count // 1000:,}k"


class Legend(QWidget):
    """Each kind with its colour and count; unticking hides that kind's highlights."""

    toggled = Signal(str, bool)

    def __init__(self) -> None:
        super().__init__()
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(12)
        layout.setVerticalSpacing(2)
        self.boxes: dict[HighlightKind, QCheckBox] = {}
        for number, (kind, style) in enumerate(KIND_STYLES.items()):
            box = QCheckBox(style.name)
            box.setChecked(True)
            box.setIcon(kind_swatch(kind))
            box.setToolTip(f"Show or hide the highlights of {style.name.lower()}")
            box.toggled.connect(lambda on, kind=kind: self.toggled.emit(kind, on))
            layout.addWidget(box, number // 2, number % 2)
            self.boxes[kind] = box
        self._reserve_room_for_counts()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._reserve_room_for_counts()

    def _reserve_room_for_counts(self) -> None:
        for kind, box in self.boxes.items():
            text = box.text()
            box.setText(f"{KIND_STYLES[kind].name} {WIDEST_COUNT}")
            box.setMinimumWidth(0)
            box.setMinimumWidth(box.sizeHint().width())
            box.setText(text)

    def set_theme(self, theme: Theme) -> None:
        for kind, box in self.boxes.items():
            box.setIcon(kind_swatch(kind, theme))

    def set_count(self, kind: HighlightKind, count: int) -> None:
        self.boxes[kind].setText(f"{KIND_STYLES[kind].name} {count_text(count)}")

    def set_counts(self, counts: Counter[HighlightKind] | None) -> None:
        for kind, box in self.boxes.items():
            name = KIND_STYLES[kind].name
            box.setText(f"{name} {count_text(counts[kind])}" if counts is not None else name)


class FactPanel(QWidget):
    fact_chosen = Signal(int)  # the reader picked a fact: show it in the text
    note_requested = Signal(int)  # the reader wants to write a note about a fact

    def __init__(self) -> None:
        super().__init__()
        self.legend = Legend()
        self.filter = QLineEdit(
            placeholderText="Filter facts (Ctrl+Shift+F)", clearButtonEnabled=True
        )
        self.review_only = QCheckBox("Needs review only")
        self.review_only.setToolTip(
            "List only the speakers found through a pronoun or a description, or with low "
            "confidence, in reading order (F9 and Shift+F9 step through them)"
        )
        self.menu_filler: Callable[[QMenu, int], None] | None = None  # adds correction entries
        self._trees: tuple[Sequence[FactNode], Sequence[FactNode]] = ((), ())
        self.model = FactTreeModel()
        self.proxy = CountingFilter(self)
        self.proxy.setSourceModel(self.model)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.empty = QLabel("Facts appear here when the analysis is done.")
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.legend)
        filters = QHBoxLayout()
        filters.addWidget(self.filter, 1)
        filters.addWidget(self.review_only)
        layout.addLayout(filters)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter.textChanged.connect(lambda _text: self._filter_timer.start())
        self.filter.returnPressed.connect(self._apply_filter)
        self.filter.installEventFilter(self)  # Down goes on into the list
        self.review_only.toggled.connect(lambda _on: self._show_tree())
        self.tree.clicked.connect(self._chosen)
        self.tree.activated.connect(self._chosen)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self._syncing = False
        self._facts: Sequence[Fact] = ()
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.clear("Facts appear here when the analysis is done.")

    def set_theme(self, theme: Theme) -> None:
        self.legend.set_theme(theme)
        self.model.theme = theme
        self.tree.viewport().update()  # the groups' swatches are read again as they paint

    def clear(self, message: str) -> None:
        """No facts yet (another article, or a failed analysis): the last article's filter goes
        too, or the new facts would open filtered by a word the reader no longer sees."""
        self._filter_timer.stop()
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.blockSignals(False)
        self.proxy.setFilterFixedString("")
        self._trees = ((), ())
        self.model.set_tree((), ())
        self.legend.set_counts(None)
        self.empty.setText(message)
        self.empty.show()

    def set_facts(
        self,
        tree: Sequence[FactNode],
        facts: Sequence[Fact],
        counts: Counter[HighlightKind],
        review: Sequence[FactNode] = (),
    ) -> None:
        """The facts grouped as usual, and the list of those to review (shown when asked)."""
        self._facts = facts
        self._trees = (tree, review)
        self.legend.set_counts(counts)
        self.empty.setVisible(not facts)
        self.empty.setText("No facts found in this article.")
        self._show_tree()

    def _show_tree(self) -> None:
        current = self.current_fact()
        tree, review = self._trees
        self.model.set_tree(review if self.review_only.isChecked() else tree, self._facts)
        self._open_groups()
        if current is not None:
            self.select_fact(current)

    def _open_groups(self) -> None:
        for row in range(self.proxy.rowCount()):
            group = self.proxy.index(row, 0)
            # A group of thousands (the dates of a long report) opens on request: laying out all
            # its rows would freeze the window for most of 100 ms when the facts arrive.
            if self.proxy.rowCount(group) <= EXPANDED_GROUP_LIMIT:
                self.tree.expand(group)

    def _apply_filter(self) -> None:
        current = self.current_fact()
        self.proxy.setFilterFixedString(self.filter.text().strip())
        if self.filter.text().strip():
            self.tree.expandAll()
        else:  # the groups open again as they were before filtering
            self._open_groups()
            if current is not None:
                self.select_fact(current)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.filter
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
        ):
            self._apply_filter()  # what is typed counts now, not after the delay
            self.tree.setFocus()
            if not isinstance(self.tree.currentIndex().data(FACT_ROLE), int):
                self.tree.setCurrentIndex(self._first_fact())
            return True
        return super().eventFilter(watched, event)

    def _first_fact(self) -> QModelIndex:
        index = self.proxy.index(0, 0)
        while index.isValid() and index.data(FACT_ROLE) is None and self.proxy.hasChildren(index):
            index = self.proxy.index(0, 0, index)
        return index

    def select_fact(self, fact: int) -> None:
        """Make a fact current without showing it again in the text (it came from there)."""
        source = self.model.index_of_fact(fact)
        if not source.isValid():
            return
        index = self.proxy.mapFromSource(source)
        if not index.isValid():  # filtered out: the reader asked for this one, show it
            self.filter.clear()
            self._apply_filter()
            index = self.proxy.mapFromSource(source)
        self._syncing = True
        try:
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        finally:
            self._syncing = False

    def _context_menu(self, point: QPoint) -> None:
        fact = self.tree.indexAt(point).data(FACT_ROLE)
        if not isinstance(fact, int):
            return
        menu = QMenu(self)
        menu.addAction("Show in the Text", lambda: self.fact_chosen.emit(fact))
        menu.addAction("Add Note to This Fact…", lambda: self.note_requested.emit(fact))
        if self.menu_filler is not None:
            menu.addSeparator()
            self.menu_filler(menu, fact)
        menu.exec(self.tree.viewport().mapToGlobal(point))

    def current_fact(self) -> int | None:
        fact = self.tree.currentIndex().data(FACT_ROLE)
        return fact if isinstance(fact, int) else None

    def _chosen(self, index: QModelIndex) -> None:
        fact = index.data(FACT_ROLE)
        if isinstance(fact, int):
            self.fact_chosen.emit(fact)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._syncing and current.isValid() and self.tree.hasFocus():
            self._chosen(current)  # arrow keys walk through the facts in the text too

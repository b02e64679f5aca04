"""The window's menu bar, toolbar and the text's context menu, built from the parts the window
hands over: every command is one of their methods, so the menus only name the commands, give
them their keys and put them in order. Help → Keyboard Shortcuts reads the keys back from the
menu bar; Help → About and Help → Licences are reader/gui/about.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

from reader.gui.about import open_about_dialog
from reader.gui.article_view import ArticleView
from reader.gui.corrections import Corrector
from reader.gui.exporting import ExportController
from reader.gui.fact_navigation import FactNavigator
from reader.gui.find_bar import FindBar
from reader.gui.library_work import LibraryWork
from reader.gui.notes_controller import NotesController
from reader.gui.opening import ArticleOpener
from reader.gui.reading_settings import ReadingSettings
from reader.gui.shortcuts import ShortcutsDialog

Shortcut = QKeySequence.StandardKey | str | None


@dataclass(frozen=True)
class MenuParts:
    """What the menus' commands act on: the window's parts, and the few commands that are the
    window's own."""

    opener: ArticleOpener
    exporter: ExportController
    notes: NotesController
    corrector: Corrector
    library: LibraryWork
    find_bar: FindBar
    reading: ReadingSettings
    navigator: FactNavigator
    undo_stack: QUndoStack
    facts_dock: QDockWidget
    article_id: Callable[[], str | None]  # the article shown, for What Changed
    reload_source: Callable[[], object]
    focus_filter: Callable[[], None]


def build_menus(window: QMainWindow, parts: MenuParts) -> None:
    """File, Edit, Library, View, Go and Help, and the toolbar's most used commands. Every
    action is the window's too, so that its keys work even when the menu bar is hidden."""
    bar = window.menuBar()
    open_file, export = _file_menu(window, bar.addMenu("&File"), parts)
    add_note = _edit_menu(window, bar.addMenu("&Edit"), parts)
    library = _library_menu(window, bar.addMenu("&Library"), parts)
    _view_menu(window, bar.addMenu("&View"), parts)
    _go_menu(window, bar.addMenu("&Go"), parts.navigator, parts.focus_filter)
    help_menu = bar.addMenu("&Help")
    add_action(
        window, help_menu, "&Keyboard Shortcuts", "F1", lambda: open_shortcuts_dialog(window)
    )
    help_menu.addSeparator()
    add_action(window, help_menu, "&Licences…", None, lambda: open_about_dialog(window, True))
    about = add_action(
        window, help_menu, "&About Fact Reader", None, lambda: open_about_dialog(window)
    )
    about.setMenuRole(QAction.MenuRole.AboutRole)
    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for action in (open_file, library, add_note, export):
        toolbar.addAction(action)


def open_shortcuts_dialog(window: QMainWindow) -> ShortcutsDialog:
    """Help → Keyboard Shortcuts: the keys of every command in the menu bar, and the widgets'."""
    menus = [action.menu() for action in window.menuBar().actions()]
    dialog = ShortcutsDialog(window, [m for m in menus if isinstance(m, QMenu)])
    dialog.open()
    return dialog


def add_action(
    window: QWidget, menu: QWidget, text: str, shortcut: Shortcut, slot: Callable[[], object]
) -> QAction:
    """A command in ``menu`` and in ``window``, its key in its tooltip."""
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    if shortcut is not None:
        action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({action.shortcut().toString()})")
    menu.addAction(action)
    window.addAction(action)  # shortcuts work even when the menu bar is hidden
    return action


def _file_menu(window: QMainWindow, menu: QMenu, parts: MenuParts) -> tuple[QAction, QAction]:
    """Its Open and Export Notes, for the toolbar."""
    opener = parts.opener
    open_file = add_action(
        window, menu, "&Open…", QKeySequence.StandardKey.Open, opener.choose_file
    )
    add_action(window, menu, "Open &Address…", "Ctrl+Shift+O", opener.ask_address)
    add_action(
        window, menu, "Re&load from Source", QKeySequence.StandardKey.Refresh, parts.reload_source
    )
    add_action(window, menu, "Cancel Fetching", "Esc", opener.cancel_fetch)
    recent = menu.addMenu("Open &Recent")
    recent.aboutToShow.connect(lambda: opener.fill_recent_menu(recent))
    add_action(window, menu, "New Article from &Clipboard", "Ctrl+Shift+V", opener.open_clipboard)
    add_action(window, menu, "Open the &Sample Article", None, opener.open_sample)
    menu.addSeparator()
    exporter = parts.exporter
    export = add_action(window, menu, "&Export Notes…", "Ctrl+E", exporter.export_notes)
    add_action(window, menu, "Export &All Notes to a Folder…", None, exporter.export_all_notes)
    menu.addSeparator()
    add_action(window, menu, "&Quit", QKeySequence.StandardKey.Quit, window.close)
    return open_file, export


def _edit_menu(window: QMainWindow, menu: QMenu, parts: MenuParts) -> QAction:
    """Its Add Note, for the toolbar."""
    add_note = add_action(window, menu, "Add &Note…", "Ctrl+Shift+N", parts.notes.add_for_selection)
    menu.addSeparator()
    find_bar = parts.find_bar
    add_action(window, menu, "&Find in Article…", QKeySequence.StandardKey.Find, find_bar.open_bar)
    add_action(window, menu, "Find &Next", QKeySequence.StandardKey.FindNext, find_bar.find_next)
    add_action(
        window,
        menu,
        "Find Pre&vious",
        QKeySequence.StandardKey.FindPrevious,
        lambda: find_bar.find_next(-1),
    )
    menu.addSeparator()
    undo = parts.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcuts(QKeySequence.StandardKey.Undo)
    redo = parts.undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    for action in (undo, redo):
        menu.addAction(action)
        window.addAction(action)
    add_action(window, menu, "&Corrections…", None, parts.corrector.show_corrections)
    return add_note


def _library_menu(window: QMainWindow, menu: QMenu, parts: MenuParts) -> QAction:
    """Its Articles and Search, for the toolbar."""
    library = parts.library
    articles = add_action(window, menu, "&Articles and Search…", "Ctrl+L", library.show_library)
    add_action(window, menu, "&Sources…", "Ctrl+Shift+S", library.show_sources)
    add_action(window, menu, "&Figures and Money…", "Ctrl+Shift+M", library.show_figures)
    menu.addSeparator()
    add_action(
        window,
        menu,
        "What &Changed in This Article…",
        None,
        lambda: library.show_changes(parts.article_id()),
    )
    return articles


def _view_menu(window: QMainWindow, menu: QMenu, parts: MenuParts) -> None:
    text_size = parts.reading.change_text_size
    larger = add_action(
        window, menu, "&Larger Text", QKeySequence.StandardKey.ZoomIn, lambda: text_size(+1)
    )
    larger.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
    add_action(
        window, menu, "&Smaller Text", QKeySequence.StandardKey.ZoomOut, lambda: text_size(-1)
    )
    add_action(window, menu, "&Actual Size", "Ctrl+0", lambda: text_size(0))
    menu.addSeparator()
    parts.reading.fill_theme_menu(menu.addMenu("&Theme"))
    menu.addAction(parts.facts_dock.toggleViewAction())


def _go_menu(
    window: QMainWindow, menu: QMenu, navigator: FactNavigator, focus_filter: Callable[[], None]
) -> None:
    add_action(window, menu, "&Next Fact", "F8", lambda: navigator.step_fact(+1))
    add_action(window, menu, "&Previous Fact", "Shift+F8", lambda: navigator.step_fact(-1))
    add_action(window, menu, "&Filter Facts", "Ctrl+Shift+F", focus_filter)
    menu.addSeparator()
    add_action(window, menu, "Next Fact to &Review", "F9", lambda: navigator.step_review(+1))
    add_action(
        window, menu, "Previous Fact to R&eview", "Shift+F9", lambda: navigator.step_review(-1)
    )


def show_text_menu(
    view: ArticleView, notes: NotesController, corrector: Corrector, point: QPoint
) -> None:
    """The text's right-click menu: Qt's own (Copy, Select All), Add Note for the selection,
    and the corrections of the fact under the mouse and of the selection."""
    menu = view.createStandardContextMenu(point)
    menu.addSeparator()
    selection = notes.selection()
    add = menu.addAction("Add Note…", notes.add_for_selection)
    add.setEnabled(selection is not None)
    offset = view.offset_at(point)
    found = view.visible_highlights_at(offset) if offset is not None else []
    facts = [h.fact for h in found if h.kind != "note" and h.fact >= 0]
    menu.addSeparator()
    corrector.fill_menu(menu, facts[0] if facts else None, selection)
    menu.exec(view.viewport().mapToGlobal(point))

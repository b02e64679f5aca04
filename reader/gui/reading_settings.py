"""How the reader likes to read, kept between runs: the text size (the panel follows it), the
theme, and where each article was left."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QActionGroup, QFont
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from reader.core.kinds import Theme
from reader.core.logs import log
from reader.gui.article_view import DEFAULT_POINT_SIZE, ArticleView
from reader.gui.fact_panel import FactPanel
from reader.gui.session import AnalysisSession
from reader.gui.store_ops import StoreOps
from reader.gui.theme import THEME_CHOICES, ThemeChoice, ThemeManager

MIN_PANEL_POINT_SIZE = 7.0


class ReadingSettings(QObject):
    def __init__(
        self,
        settings: QSettings,
        themes: ThemeManager,
        view: ArticleView,
        panel: FactPanel,
        side: QWidget,  # the facts and notes tabs: their letters follow the text size
        themed: Sequence[Callable[[Theme], None]],  # more parts that paint in the theme's colours
    ) -> None:
        super().__init__(view)
        self.settings, self.themes, self.view, self.panel, self.side = (
            settings,
            themes,
            view,
            panel,
            side,
        )
        self._themed = themed
        self.theme_actions = QActionGroup(self)
        themes.changed.connect(self._show_theme)

    def fill_theme_menu(self, menu: QMenu) -> None:
        for choice in THEME_CHOICES:
            action = menu.addAction(choice.capitalize())
            action.setCheckable(True)
            action.setData(choice)
            action.triggered.connect(lambda _checked=False, c=choice: self.set_theme(c))
            self.theme_actions.addAction(action)

    def restore(self) -> None:
        """The size and theme of the last run."""
        size = self.settings.value("view/point_size", DEFAULT_POINT_SIZE)
        self.set_text_size(float(size))  # type: ignore[arg-type]
        saved = self.settings.value("view/theme", "system")
        self.set_theme(next((c for c in THEME_CHOICES if c == saved), "system"), remember=False)

    def set_theme(self, choice: ThemeChoice, remember: bool = True) -> None:
        """View → Theme; ``remember``: kept for the next start (not so for ``--theme``)."""
        for action in self.theme_actions.actions():
            action.setChecked(action.data() == choice)
        if remember:
            self.settings.setValue("view/theme", choice)
        self.themes.apply(choice)
        self._show_theme(self.themes.theme)

    def _show_theme(self, theme: str) -> None:
        shown: Theme = "dark" if theme == "dark" else "light"
        self.view.set_theme(shown)
        self.panel.set_theme(shown)
        for paint in self._themed:
            paint(shown)

    def change_text_size(self, step: int) -> None:
        """Larger (+1), smaller (-1) or the default size (0), remembered."""
        size = self.view.font().pointSizeF() + step if step else DEFAULT_POINT_SIZE
        self.settings.setValue("view/point_size", self.set_text_size(size))

    def set_text_size(self, size: float) -> float:
        """The article's size, and the panel's in proportion: a reader who needs larger letters
        needs them in the list of facts and notes too."""
        size = self.view.set_point_size(size)
        font = QFont(QApplication.font())
        font.setPointSizeF(max(MIN_PANEL_POINT_SIZE, font.pointSizeF() * size / DEFAULT_POINT_SIZE))
        self.side.setFont(font)
        self.panel.model.font = font
        return size

    def remember_place(self, ops: StoreOps, session: AnalysisSession) -> None:
        """Where the reader is in the article shown, for the next time it opens."""
        article_id = session.article_id
        if not ops.can_write or article_id is None or session.article is None:
            return
        offset = self.view.first_offset_on_screen()
        ops.run(
            lambda store: store.set_reading_position(article_id, offset),
            None,
            # a place is not worth a message; the log has it
            lambda why: log.warning("the reading position was not kept: %s", why),
        )

"""Between the text and the facts panel: a fact chosen in the panel is shown in the text, a
highlight clicked in the text selects its fact (or note), and F8/F9 walk the facts in reading
order. The rules of the walk are the core's (``reader.core.navigation``)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QTabWidget

from reader.core.highlights import Highlight
from reader.core.navigation import next_fact, next_review
from reader.gui.article_view import ArticleView
from reader.gui.fact_panel import FactPanel
from reader.gui.notes_controller import NotesController
from reader.gui.session import AnalysisSession


class FactNavigator(QObject):
    status = Signal(str)

    def __init__(
        self,
        session: AnalysisSession,
        view: ArticleView,
        panel: FactPanel,
        tabs: QTabWidget,
        notes: NotesController,
    ) -> None:
        super().__init__(panel)
        self.session, self.view, self.panel, self.tabs, self.notes = (
            session,
            view,
            panel,
            tabs,
            notes,
        )
        panel.fact_chosen.connect(self.show_fact)
        view.highlight_clicked.connect(self.highlight_clicked)

    def show_fact(self, index: int) -> None:
        analysis = self.session.analysis
        if analysis is None or not 0 <= index < len(analysis.facts):
            return
        fact = analysis.facts[index]
        self.view.show_fact(fact.start, fact.end, fact.sentence_start, fact.sentence_end)

    def highlight_clicked(self, highlight: Highlight) -> None:
        if highlight.kind == "note":
            self.notes.select(highlight.item)
        else:
            self.tabs.setCurrentWidget(self.panel)
            self.panel.select_fact(highlight.fact)

    def step_fact(self, step: int) -> None:
        """The next or previous fact in reading order from the fact or place being read."""
        analysis = self.session.analysis
        if analysis is not None:
            target = next_fact(analysis.facts, self._here(), step, self.panel.current_fact())
            self._go_to(target)

    def step_review(self, step: int) -> None:
        """The next or previous fact marked for review, in reading order (F9, Shift+F9)."""
        analysis = self.session.analysis
        if analysis is None:
            return
        target = next_review(analysis, self._here(), step)
        if target is None:
            self.status.emit("Nothing to review: every speaker is named or corrected")
        self._go_to(target)

    def _here(self) -> int:
        return self.view.offset_of(self.view.textCursor().selectionStart()) or 0

    def _go_to(self, target: int | None) -> None:
        if target is not None:
            self.panel.select_fact(target)
            self.show_fact(target)

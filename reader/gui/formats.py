"""Qt's side of the kinds table: character formats and legend swatches, made once per kind."""

from __future__ import annotations

import html
from functools import cache

from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QTextCharFormat, QTextFormat

from reader.core.kinds import KIND_STYLES, HighlightKind, Theme, kind_colour

KIND_PROPERTY = int(QTextFormat.Property.UserProperty) + 1  # which kind painted a range, for tests

_UNDERLINES = {
    "single": QTextCharFormat.UnderlineStyle.SingleUnderline,
    "dash": QTextCharFormat.UnderlineStyle.DashUnderline,
    "dot": QTextCharFormat.UnderlineStyle.DotLine,
    "dashdot": QTextCharFormat.UnderlineStyle.DashDotLine,
    "wave": QTextCharFormat.UnderlineStyle.WaveUnderline,
}


def plain_tooltip(text: str) -> str:
    """Text from an article, a file name or a note as a tooltip. Qt reads a tooltip that looks like
    HTML as HTML ("<img src=…>" would show an image), so the text is escaped into a paragraph that
    keeps its line breaks."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>" if text else ""


@cache
def kind_format(kind: HighlightKind, theme: Theme = "light") -> QTextCharFormat:
    """The format a kind is drawn over the text with. Drawn, it cannot change the font (Qt has
    laid the letters out already): the painter thickens a bold kind's letters itself."""
    style = KIND_STYLES[kind]
    fmt = QTextCharFormat()
    colour = QColor(kind_colour(kind, theme))
    if style.background:
        wash = QColor(colour)
        wash.setAlpha(style.wash)
        fmt.setBackground(wash)
    else:
        fmt.setForeground(colour)
    if style.underline:
        fmt.setUnderlineStyle(_UNDERLINES[style.underline])
        fmt.setUnderlineColor(colour)
    fmt.setProperty(KIND_PROPERTY, kind)
    return fmt


@cache
def kind_swatch(kind: HighlightKind, theme: Theme = "light", size: int = 14) -> QIcon:
    style = KIND_STYLES[kind]
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    pen = QColor(kind_colour(kind, theme))
    colour = QColor(pen)
    if style.background:
        colour.setAlpha(min(255, style.wash * 2))
    painter.setBrush(colour)
    painter.setPen(pen)
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return QIcon(pixmap)

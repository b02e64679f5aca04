"""Every way an article comes in: File → Open, recent files, a dropped file or link, the
clipboard, a web address, a password-protected PDF, the library, and reloading from the source.
Each ends in ``article_ready``; each failure in one line for the message bar, never a lost
article. Files are read and pages fetched off the window's thread; the way in the reader chose
last wins over a file or page still on its way."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, QSettings, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMenu, QWidget

from reader.core.errors import ReaderError
from reader.core.fetch import is_address
from reader.core.loading import article_from_text
from reader.core.model import Article
from reader.core.resources import sample_article_path
from reader.core.store import Store
from reader.gui.address import AddressFetcher, BackgroundLoader
from reader.gui.formats import plain_tooltip

MAX_RECENT = 10
OPEN_FILTER = (
    "Articles (*.txt *.md *.markdown *.html *.htm *.xhtml *.pdf *.docx *.epub);;All files (*)"
)


class ArticleOpener(QObject):
    article_ready = Signal(object)  # reader.core.model.Article
    problem = Signal(str)
    status = Signal(str)
    waiting = Signal(bool)  # reading or fetching in the background: True at the start
    fetch_failed = Signal(str)

    def __init__(self, settings: QSettings, parent: QWidget) -> None:
        super().__init__(parent)
        self.settings, self.parent_widget = settings, parent
        self.fetcher = AddressFetcher()
        self.fetcher.fetched.connect(self._on_fetched)
        self.fetcher.failed.connect(self._on_fetch_failed)
        self.loader = BackgroundLoader()
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_load_failed)
        self.loader.locked.connect(self._on_locked)
        self.address_dialog: QInputDialog | None = None
        self.password_dialog: QInputDialog | None = None

    # --- files --------------------------------------------------------------------------------

    def choose_file(self) -> None:
        start = str(self.settings.value("open/last_dir", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(
            self.parent_widget, "Open an article", start, OPEN_FILTER
        )
        if path:
            self.settings.setValue("open/last_dir", str(Path(path).parent))
            self.open_path(Path(path))

    def open_path(self, path: Path, password: str | None = None) -> bool:
        """Start reading a file off the window's thread, whatever its kind or size; True. It
        arrives as ``article_ready``; a failure says why and keeps what is shown; an encrypted
        PDF asks for its password."""
        self._supersede()
        self.status.emit(f"Reading {path.name}…")
        self.waiting.emit(True)
        self.loader.start(path, password)
        return True

    def open_sample(self) -> bool:
        return self.open_path(sample_article_path())

    def _on_loaded(self, article: Article, path: Path) -> None:
        self.waiting.emit(False)
        self._remember(path)
        self.article_ready.emit(article)

    def _on_locked(self, path: Path, reason: str) -> None:
        self.waiting.emit(False)
        self.status.emit("")
        self._ask_password(path, reason)

    def _on_load_failed(self, message: str) -> None:
        self.waiting.emit(False)
        self.status.emit("")
        self.problem.emit(message)

    def _ask_password(self, path: Path, reason: str) -> None:
        dialog = QInputDialog(self.parent_widget)
        dialog.setWindowTitle("Password")
        dialog.setLabelText(f"{reason}. Password for {path.name}:")
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.textValueSelected.connect(lambda value: self.open_path(path, value))
        dialog.open()
        self.password_dialog = dialog

    # --- recent files -------------------------------------------------------------------------

    def _remember(self, path: Path) -> None:
        if path.resolve() == sample_article_path().resolve():
            return
        recent = [str(path.resolve())] + [
            p for p in self.recent_files() if p != str(path.resolve())
        ]
        self.settings.setValue("open/recent", recent[:MAX_RECENT])

    def recent_files(self) -> list[str]:
        value = self.settings.value("open/recent", [])
        if isinstance(value, str):  # QSettings gives one value back as a plain string
            return [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        recent = self.recent_files()
        for path in recent:
            action = menu.addAction(Path(path).name)
            action.setToolTip(plain_tooltip(path))
            action.setStatusTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.open_path(Path(p)))
        if not recent:
            menu.addAction("No recent articles").setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction("Clear the List", lambda: self.settings.setValue("open/recent", []))

    # --- addresses, the clipboard, drops ------------------------------------------------------

    def ask_address(self) -> QInputDialog:
        """File → Open Address: a web page, fetched in the background."""
        dialog = QInputDialog(self.parent_widget)
        dialog.setWindowTitle("Open Address")
        dialog.setLabelText("Web address of the article (http:// or https://):")
        text = QGuiApplication.clipboard().text().strip()
        if is_address(text):
            dialog.setTextValue(text)
        dialog.textValueSelected.connect(self.open_address)
        dialog.open()
        self.address_dialog = dialog
        return dialog

    def open_address(self, url: str) -> bool:
        url = url.strip()
        if not is_address(url):
            self.problem.emit(f"“{url}” is not a web address (http:// or https://).")
            return False
        self._supersede()
        self.fetcher.fetch(url)
        self.status.emit(f"Fetching {url}… (Esc cancels)")
        self.waiting.emit(True)
        return True

    def cancel_fetch(self) -> None:
        if self.fetcher.busy:
            self.fetcher.cancel()
            self.waiting.emit(False)
            self.status.emit("Fetching cancelled")

    def _on_fetched(self, article: Article) -> None:
        self.waiting.emit(False)
        self.article_ready.emit(article)

    def _on_fetch_failed(self, message: str) -> None:
        self.waiting.emit(False)
        self.status.emit("")
        self.problem.emit(f"Cannot open this address. {message}")
        self.fetch_failed.emit(message)

    def open_clipboard(self) -> None:
        text = QGuiApplication.clipboard().text()
        if is_address(text.strip()):
            self.open_address(text)
            return
        try:
            article = article_from_text(text, source="clipboard")
        except ReaderError:
            self.problem.emit("The clipboard holds no text to read.")
            return
        self._supersede()
        self.article_ready.emit(article)

    def open_stored(self, store: Store, article_id: str) -> None:
        article = store.article(article_id)
        if article is None:
            self.problem.emit("That article is no longer in the library.")
            return
        self._supersede()
        self.article_ready.emit(article)

    def _supersede(self) -> None:
        """The reader's latest choice wins: a file still being read or a page still being
        fetched is dropped, so that it cannot replace the article chosen after it."""
        dropped = [self.loader.cancel(), self.fetcher.cancel()]
        if any(dropped):
            self.waiting.emit(False)
            self.status.emit("")

    def accepts(self, mime: QMimeData) -> bool:
        """A file, a web link or an address dragged over the window."""
        urls = mime.urls()
        return any(
            url.isLocalFile() or url.scheme() in ("http", "https") for url in urls
        ) or is_address(mime.text().strip())

    def drop(self, mime: QMimeData) -> bool:
        """A dropped file, else a dropped link or address; False when it is neither."""
        urls = mime.urls()
        files = [url.toLocalFile() for url in urls if url.isLocalFile()]
        pages = [url.toString() for url in urls if url.scheme() in ("http", "https")]
        if files:
            self.open_path(Path(files[0]))
            return True
        if pages or is_address(mime.text().strip()):
            self.open_address(pages[0] if pages else mime.text())
            return True
        return False

    def reload(self, article: Article | None) -> bool:
        """Read the article again from its address or file; the old text is kept as an
        earlier version, and notes and corrections move with their passages."""
        if article is None:
            return False
        if article.url:
            return self.open_address(article.url)
        path = Path(article.source)
        if article.source in ("", "clipboard") or not path.is_file():
            self.problem.emit("This article has no file or address to reload from.")
            return False
        return self.open_path(path)

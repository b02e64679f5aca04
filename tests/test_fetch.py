"""Articles by web address, from a real HTTP server on 127.0.0.1 started by the tests: a page with
metadata and boilerplate, a 404, a redirect loop, a slow server, a picture and an oversized
body, each with one clear line; encodings the server names, redirects away from the web, a
server that trickles (over TLS too), a cancel; and the window, which fetches without freezing
and whose Esc ends the fetch."""

from __future__ import annotations

import contextlib
import json
import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reader.cli import main
from reader.core.fetch import FetchError, fetch_article
from tests.helpers import ANALYSIS_TIMEOUT_MS, activate, new_window

PAGE = """<!doctype html><html><head>
<title>Harbour dues to fall | The Quayside Post</title>
<meta property="og:site_name" content="The Quayside Post">
<meta name="author" content="Lena Holm">
<meta property="article:published_time" content="2026-03-14T09:00:00Z">
<link rel="canonical" href="https://quayside.example/news/dues">
</head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav>
<article><h1>Harbour dues to fall</h1>
<p>The harbour authority said on Monday that dues would fall by two percentage points from
April, the first cut in a decade.</p>
<p>"We want the ships back," said Ana Ruiz, the authority's chair, at a meeting with shipping
lines in the port's old customs house.</p>
<p>Tomas Berg, the mayor, said the cut would cost the city little and bring trade back.</p>
</article>
<footer>Copyright The Quayside Post. Cookie settings. Subscribe to our newsletter.</footer>
</body></html>"""

RELEASE = threading.Event()  # the slow page answers only when a test is over
SILENT_ASKED = threading.Event()  # the silent page was asked for: the fetch waits on it now

PRICES = "Café prices: €5 million for the new terrace, the owner said."
TRICKLE = b"A page that comes a byte at a time."
TRICKLE_GAP_S = 0.2  # the whole page takes 7 s
# The header is right and the page's own label wrong: the header wins, as in a browser.
MISLABELLED = (
    '<!doctype html><html><head><meta charset="iso-8859-2"><title>Terrace</title></head>'
    "<body><article><h1>Terrace</h1><p>The Café Rouge will spend €5 million… on a new terrace, "
    "the owner told the council on Tuesday evening.</p></article></body></html>"
)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/article":
            self._send(200, "text/html; charset=utf-8", PAGE.encode())
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/slow":
            RELEASE.wait(10)
            self._send(200, "text/html", PAGE.encode())
        elif self.path == "/silent":
            SILENT_ASKED.set()
            RELEASE.wait(30)
        elif self.path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(TRICKLE)))
            self.end_headers()
            with contextlib.suppress(OSError):  # the client gave up: a broken pipe, or TLS's EOF
                for byte in TRICKLE:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(TRICKLE_GAP_S)
        elif self.path == "/latin-9":
            self._send(200, "text/plain; charset=iso-8859-15", PRICES.encode("iso-8859-15"))
        elif self.path == "/mislabelled":
            self._send(200, "text/html; charset=windows-1252", MISLABELLED.encode("cp1252"))
        elif self.path == "/plain-page":
            self._send(200, "text/plain; charset=utf-8", PAGE.encode())
        elif self.path in ("/to-ftp", "/to-file"):
            self.send_response(302)
            where = "ftp://127.0.0.1/dues.txt" if self.path == "/to-ftp" else "file:///etc/hostname"
            self.send_header("Location", where)
            self.end_headers()
        elif self.path == "/picture":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
        elif self.path == "/huge":
            self._send(200, "text/html", b"<p>" + b"a" * 300_000 + b"</p>")
        else:
            self._send(404, "text/html", b"<h1>Not found</h1>")

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    RELEASE.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    RELEASE.set()
    httpd.shutdown()
    httpd.server_close()


def test_a_page_keeps_its_article_and_metadata(server: str) -> None:
    article = fetch_article(f"{server}/article")
    assert article.title == "Harbour dues to fall"
    assert "two percentage points" in article.text
    assert "Cookie settings" not in article.text and "Weather" not in article.text
    assert article.author == "Lena Holm"
    assert article.site == "The Quayside Post"
    assert article.published is not None and article.published.startswith("2026-03-14")
    assert article.url


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "answered 404"),
        ("/loop", "redirects in a loop"),
        ("/picture", "is not an article but image/png"),
        ("/huge", "is too large"),
    ],
)
def test_failures_are_one_clear_line(server: str, path: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        fetch_article(f"{server}{path}", max_bytes=100_000)


def test_a_slow_server_times_out(server: str) -> None:
    with pytest.raises(FetchError, match=r"did not answer within 0\.5 s"):
        fetch_article(f"{server}/slow", timeout=0.5)


def test_a_trickling_server_is_given_one_deadline_in_all(server: str) -> None:
    """A byte every 0.2 s never lets a read wait long, but the fetch still ends on time."""
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"did not arrive in full within 1 s"):
        fetch_article(f"{server}/trickle", timeout=1)
    assert time.monotonic() - started < 2.5


def test_a_cancel_ends_a_fetch_that_waits_for_an_answer(server: str) -> None:
    stop = threading.Event()
    errors: list[FetchError] = []

    def fetch() -> None:
        try:
            fetch_article(f"{server}/silent", should_stop=stop.is_set)
        except FetchError as error:
            errors.append(error)

    SILENT_ASKED.clear()
    thread = threading.Thread(target=fetch, daemon=True)
    thread.start()
    assert SILENT_ASKED.wait(10)  # the fetch is now blocked, reading an answer that never comes
    stop.set()
    thread.join(2)
    assert not thread.is_alive()
    assert [str(e) for e in errors] == [f"{server}/silent: was not fetched: cancelled"]


@pytest.mark.parametrize(
    ("path", "scheme"), [("/to-ftp", "ftp"), ("/to-file", "file")], ids=["ftp", "file"]
)
def test_redirects_away_from_the_web_are_refused(server: str, path: str, scheme: str) -> None:
    message = rf"redirects to a non-web address \({scheme}:\), which is not followed"
    with pytest.raises(FetchError, match=message):
        fetch_article(f"{server}{path}", timeout=5)


def test_the_charset_the_server_names_is_used(server: str) -> None:
    assert fetch_article(f"{server}/latin-9").text == PRICES  # € is 0xA4 in Latin-9


def test_the_servers_charset_goes_before_the_pages_own(server: str) -> None:
    article = fetch_article(f"{server}/mislabelled")
    assert "The Café Rouge will spend €5 million… on a new terrace" in article.text


def test_a_page_served_as_plain_text_is_read_as_a_page(server: str) -> None:
    article = fetch_article(f"{server}/plain-page")
    assert article.title == "Harbour dues to fall"
    assert "two percentage points" in article.text
    assert "<p>" not in article.text and "Cookie settings" not in article.text


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The same pages over TLS, with a certificate made for 127.0.0.1; and that certificate."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl (which makes the test certificate) is missing")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    make = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    subject = ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
    subprocess.run(
        [*make, *subject, "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}", cert
    httpd.shutdown()
    httpd.server_close()


def test_pages_over_tls_arrive_and_trickle_only_to_the_deadline(
    tls_server: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    address, cert = tls_server
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trusted here, as a real site's would be
    assert fetch_article(f"{address}/article").title == "Harbour dues to fall"
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"did not arrive in full within 1 s"):
        fetch_article(f"{address}/trickle", timeout=1)
    assert time.monotonic() - started < 2.5


def test_nobody_listening(unused_port: int) -> None:
    with pytest.raises(FetchError, match="cannot be reached"):
        fetch_article(f"http://127.0.0.1:{unused_port}/article", timeout=2)


@pytest.fixture
def unused_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_text_and_analyze_take_an_address(server: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["text", f"{server}/article"]) == 0
    assert "two percentage points" in capsys.readouterr().out
    assert main(["analyze", f"{server}/article", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["author"] == "Lena Holm" and result["site"] == "The Quayside Post"
    assert main(["text", f"{server}/missing"]) == 1
    assert "answered 404" in capsys.readouterr().err


def test_the_window_fetches_in_the_background_and_stays_usable(
    qtbot: QtBot, server: str, tmp_path: Path
) -> None:
    window = new_window(qtbot, tmp_path / "data")
    with qtbot.waitSignal(window.analysis_shown, timeout=ANALYSIS_TIMEOUT_MS):
        assert window.open_address(f"{server}/article")
    assert window.article is not None and window.article.author == "Lena Holm"
    with qtbot.waitSignal(window.fetch_failed, timeout=10_000):
        window.open_address(f"{server}/missing")
    assert "answered 404" in window.message.label.text()
    assert window.article.title == "Harbour dues to fall"  # what was shown stays
    window.opener.fetcher.timeout = 30
    window.open_address(f"{server}/slow")
    assert window.opener.fetcher.busy
    window.opener.cancel_fetch()  # the reader gives up; nothing arrives later
    assert not window.opener.fetcher.busy and window.progress.isHidden()
    window.close()


def test_esc_ends_the_windows_fetch(qtbot: QtBot, server: str, tmp_path: Path) -> None:
    window = new_window(qtbot, tmp_path / "data")
    SILENT_ASKED.clear()
    before = set(threading.enumerate())
    assert window.open_address(f"{server}/silent")
    qtbot.waitUntil(SILENT_ASKED.is_set, timeout=10_000)  # waiting for an answer that never comes
    [fetching] = [t for t in threading.enumerate() if t not in before and t.name == "fetch"]
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.status_text.text() == "Fetching cancelled" and window.progress.isHidden()
    qtbot.waitUntil(lambda: not fetching.is_alive(), timeout=2_000)  # the fetch itself is over
    assert window.article is None
    window.close()


def test_the_window_shows_where_an_article_came_from(
    qtbot: QtBot, server: str, tmp_path: Path
) -> None:
    window = new_window(qtbot, tmp_path / "data")
    with qtbot.waitSignal(window.analysis_shown, timeout=ANALYSIS_TIMEOUT_MS):
        window.open_address(f"{server}/article")
    byline = window.byline.text()
    assert "The Quayside Post" in byline and "Lena Holm" in byline and "2026-03-14" in byline
    assert window.byline.isVisible()
    window.close()

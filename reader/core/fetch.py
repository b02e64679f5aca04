"""Articles by web address: fetched within one deadline and a size limit, http and https
redirects followed (a loop is an error), and only HTML, PDF or text accepted; the page then goes
through the same loading as a saved file, in the encoding the server named. Each failure is one
sentence a reader understands.

The deadline is for the whole fetch (the name looked up, the connection, the answer and its
body), and a cancel ends it promptly: every wait on the network is a short one, after which the
clock and the cancel are looked at again. A server that trickles a byte a second never ends a
read's timeout, so a timeout per read alone let such a fetch run for ever."""

from __future__ import annotations

import errno
import functools
import http.client
import os
import selectors
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import replace
from typing import IO, Any, TypeVar

from reader import __version__
from reader.core.errors import LoadError
from reader.core.loading import MAX_FILE_BYTES, load_article_bytes
from reader.core.model import Article

TIMEOUT_S = 20.0  # for the whole fetch: looking the name up, connecting, the answer, its body
POLL_S = 0.1  # the longest wait on the network before the clock and a cancel are looked at
MAX_REDIRECTS = 8
CHUNK_BYTES = 64 * 1024
_ACCEPTED = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    # Servers label pages text/plain too: the content decides, as for a file without a suffix.
    "text/plain": "",
    "text/markdown": ".md",
}
_FOLLOWED = ("http", "https")
# connect_ex on a socket that does not block: the connection is on its way (10035 on Windows)
_CONNECTING = {errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EALREADY, 10035}

T = TypeVar("T")


class FetchError(LoadError):
    """The address could not be read: offline, refused, not found, too slow, not an article."""


def is_address(text: str) -> bool:
    parts = urllib.parse.urlsplit(text.strip())
    return parts.scheme in _FOLLOWED and bool(parts.netloc)


def fetch_article(
    url: str,
    *,
    timeout: float = TIMEOUT_S,
    max_bytes: int = MAX_FILE_BYTES,
    should_stop: Callable[[], bool] | None = None,
) -> Article:
    """The article at ``url``, fetched within ``timeout`` seconds in all; ``should_stop`` lets
    the window cancel, within ``POLL_S`` even while the fetch waits on the network."""
    url = url.strip()
    if not is_address(url):
        raise FetchError(url, "is not a web address (http:// or https://)")
    watch = _Watch(timeout, should_stop)
    opener = urllib.request.build_opener(
        _Redirects(), _WatchedHTTPHandler(watch), _WatchedHTTPSHandler(watch)
    )
    request = urllib.request.Request(
        url, headers={"User-Agent": f"FactReader/{__version__} (+offline reader)"}
    )
    answered = False
    try:
        with opener.open(request, timeout=timeout) as response:
            answered = True
            data, final, suffix, charset = _read_answer(response, url, max_bytes, watch)
    except _Stopped as stopped:
        if watch.cancelled:
            raise FetchError(url, "was not fetched: cancelled") from stopped
        if answered:
            raise FetchError(url, f"did not arrive in full within {timeout:g} s") from stopped
        raise FetchError(url, f"did not answer within {timeout:g} s") from stopped
    except _Refused as refused:
        raise FetchError(url, str(refused)) from refused
    except urllib.error.HTTPError as error:
        raise FetchError(url, f"answered {error.code} {error.reason}") from error
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, socket.timeout | TimeoutError):
            raise FetchError(url, f"did not answer within {timeout:g} s") from error
        if isinstance(reason, socket.gaierror):
            raise FetchError(url, "cannot be reached: no network, or no such site") from error
        raise FetchError(url, f"cannot be reached ({reason})") from error
    except TimeoutError as error:
        raise FetchError(url, f"did not answer within {timeout:g} s") from error
    except (http.client.HTTPException, ConnectionError, OSError) as error:
        raise FetchError(url, f"broke off ({error})") from error
    article = load_article_bytes(
        bytes(data), final, suffix, max_bytes=max_bytes, declared_charset=charset
    )
    return replace(article, url=final)


def _read_answer(
    response: http.client.HTTPResponse, url: str, max_bytes: int, watch: _Watch
) -> tuple[bytearray, str, str, str | None]:
    """The body of an answer, where it was finally fetched from, the file suffix its type
    stands for and the charset it declares; a ``FetchError`` for a type that is no article or
    a body over ``max_bytes``. Apart from ``fetch_article``, which words the network's errors."""
    final = response.geturl()
    kind = response.headers.get_content_type()
    charset = response.headers.get_content_charset()
    suffix = _ACCEPTED.get(kind)
    if suffix is None:
        raise FetchError(url, f"is not an article but {kind}")
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(url, f"is too large ({int(declared):,} bytes)")
    data = bytearray()
    while chunk := response.read(CHUNK_BYTES):
        data += chunk
        if len(data) > max_bytes:
            raise FetchError(url, f"is too large (over {max_bytes:,} bytes)")
        watch.next_wait()  # a fast server's body is cut short by the deadline too
    return data, final, suffix, charset


class _Stopped(Exception):
    """Raised in a wait on the network that the deadline or a cancel cut short. Not an
    ``OSError``, so that no layer of urllib or http.client mistakes it for a network error."""


class _Refused(Exception):
    """A redirect that is not followed, with the reason a reader is told."""


class _Watch:
    """One fetch's deadline and cancel, looked at before every wait on the network."""

    def __init__(self, timeout: float, should_stop: Callable[[], bool] | None) -> None:
        self.deadline = time.monotonic() + timeout
        self.should_stop = should_stop
        self.cancelled = False

    def next_wait(self) -> float:
        """How long the next wait may be; ``_Stopped`` when cancelled or out of time."""
        if self.should_stop is not None and self.should_stop():
            self.cancelled = True
            raise _Stopped
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise _Stopped
        return min(left, POLL_S)

    def patiently(self, sock: socket.socket, step: Callable[[], T]) -> T:
        """``step`` (a read or a handshake) tried in short waits until it is done."""
        while True:
            sock.settimeout(self.next_wait())
            try:
                return step()
            except TimeoutError:  # nothing came in this short wait: look again, then wait on
                continue


class _WatchedSocket(socket.socket):
    watch: _Watch

    def recv_into(self, buffer: Any, nbytes: int = 0, flags: int = 0) -> int:
        return self.watch.patiently(self, lambda: super(_WatchedSocket, self).recv_into(
            buffer, nbytes, flags
        ))  # fmt: skip


class _WatchedTLSSocket(ssl.SSLSocket):
    def recv_into(self, buffer: Any, nbytes: int | None = None, flags: int = 0) -> int:
        return _watch_of(self).patiently(self, lambda: super(_WatchedTLSSocket, self).recv_into(
            buffer, nbytes, flags
        ))  # fmt: skip

    def do_handshake(self, block: bool = False) -> None:
        _watch_of(self).patiently(self, lambda: super(_WatchedTLSSocket, self).do_handshake(block))


class _WatchedTLSContext(ssl.SSLContext):
    """Wraps connections in ``_WatchedTLSSocket``s, which find the fetch's watch here."""

    sslsocket_class = _WatchedTLSSocket
    watch: _Watch


def _watch_of(sock: ssl.SSLSocket) -> _Watch:
    context = sock.context
    assert isinstance(context, _WatchedTLSContext)
    return context.watch


def _connect(
    watch: _Watch,
    address: tuple[str, int],
    timeout: object = None,
    source_address: tuple[str, int] | None = None,
) -> socket.socket:
    """``socket.create_connection`` in short waits: the deadline and a cancel end it."""
    host, port = address
    error = OSError(f"no address found for {host}")
    for family, kind, proto, _, where in _resolve(host, port, watch):
        sock = _WatchedSocket(family, kind, proto)
        sock.watch = watch
        try:
            if source_address:
                sock.bind(source_address)
            sock.setblocking(False)
            code = sock.connect_ex(where)
            with selectors.DefaultSelector() as selector:
                selector.register(sock, selectors.EVENT_WRITE)
                while code in _CONNECTING:
                    if selector.select(watch.next_wait()):
                        code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if code:
                raise OSError(code, os.strerror(code))
            sock.settimeout(POLL_S)
            return sock
        except OSError as failure:
            error = failure
            sock.close()
        except BaseException:
            sock.close()
            raise
    raise error


def _resolve(host: str, port: int, watch: _Watch) -> list[Any]:
    """The addresses of ``host``. The lookup cannot be interrupted, so it runs on a thread of
    its own: a cancel or the deadline ends the wait for it, and the lookup ends by itself."""
    found: list[Any] = []
    failed: list[OSError] = []
    done = threading.Event()

    def look_up() -> None:
        try:
            found.extend(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except OSError as error:
            failed.append(error)
        finally:
            done.set()

    threading.Thread(target=look_up, daemon=True, name="resolve").start()
    while not done.wait(watch.next_wait()):
        pass
    if failed:
        raise failed[0]
    return found


class _WatchedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, *, watch: _Watch, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._create_connection = functools.partial(_connect, watch)


class _WatchedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, *, watch: _Watch, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._create_connection = functools.partial(_connect, watch)


class _WatchedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, watch: _Watch) -> None:
        super().__init__()
        self.watch = watch

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_WatchedHTTPConnection, watch=self.watch), req)


class _WatchedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, watch: _Watch) -> None:
        super().__init__()
        self.watch = watch
        self.context = _WatchedTLSContext(ssl.PROTOCOL_TLS_CLIENT)  # checks names and chains
        self.context.load_default_certs()
        self.context.set_alpn_protocols(["http/1.1"])
        self.context.watch = watch

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(
            functools.partial(_WatchedHTTPSConnection, watch=self.watch),
            req,
            context=self.context,
        )


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http and https addresses only, and says why it refuses one."""

    max_redirections = MAX_REDIRECTS
    max_repeats = 2

    def http_error_302(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
    ) -> http.client.HTTPResponse | None:
        location = headers.get("location") or headers.get("uri")
        if location:
            target = urllib.parse.urljoin(req.full_url, str(location).strip())
            scheme = urllib.parse.urlsplit(target).scheme.lower()
            if scheme not in _FOLLOWED:
                fp.close()
                raise _Refused(f"redirects to a non-web address ({scheme}:), which is not followed")
        try:
            return super().http_error_302(req, fp, code, msg, headers)
        except urllib.error.HTTPError as error:
            if not str(error.msg).startswith(self.inf_msg):
                raise
            error.close()
            visited = getattr(req, "redirect_dict", {})
            if len(visited) >= self.max_redirections:
                raise _Refused(f"redirects more than {MAX_REDIRECTS} times") from error
            raise _Refused("redirects in a loop") from error

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

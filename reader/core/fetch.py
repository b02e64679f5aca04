"""Articles by web address: fetched with a timeout and a size limit, redirects followed (a loop
is an error), and only HTML, PDF or text accepted; the page then goes through the same loading
as a saved file. Each failure is one sentence a reader understands."""

from __future__ import annotations

import http.client
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import replace

from reader import __version__
from reader.core.errors import LoadError
from reader.core.loading import MAX_FILE_BYTES, load_article_bytes
from reader.core.model import Article

TIMEOUT_S = 20.0  # for the connection and for each read: a stalled server ends the wait
MAX_REDIRECTS = 8
CHUNK_BYTES = 64 * 1024
_ACCEPTED = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "text/plain": ".txt",
    "text/markdown": ".md",
}


class FetchError(LoadError):
    """The address could not be read: offline, refused, not found, too slow, not an article."""


def is_address(text: str) -> bool:
    parts = urllib.parse.urlsplit(text.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


class _CountingRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS
    max_repeats = 2


def fetch_article(
    url: str,
    *,
    timeout: float = TIMEOUT_S,
    max_bytes: int = MAX_FILE_BYTES,
    should_stop: Callable[[], bool] | None = None,
) -> Article:
    """The article at ``url``; ``should_stop`` lets the window cancel between reads."""
    url = url.strip()
    if not is_address(url):
        raise FetchError(url, "is not a web address (http:// or https://)")
    opener = urllib.request.build_opener(_CountingRedirects())
    request = urllib.request.Request(
        url, headers={"User-Agent": f"FactReader/{__version__} (+offline reader)"}
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            final = response.geturl()
            kind = response.headers.get_content_type()
            suffix = _ACCEPTED.get(kind)
            if suffix is None:
                raise FetchError(url, f"is not an article but {kind}")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(url, f"is too large ({int(declared):,} bytes)")
            data = bytearray()
            while chunk := response.read(CHUNK_BYTES):
                if should_stop is not None and should_stop():
                    raise FetchError(url, "was not fetched: cancelled")
                data += chunk
                if len(data) > max_bytes:
                    raise FetchError(url, f"is too large (over {max_bytes:,} bytes)")
    except urllib.error.HTTPError as error:
        if error.code in (301, 302, 303, 307, 308):
            raise FetchError(url, "redirects in a loop") from error
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
    article = load_article_bytes(bytes(data), final, suffix, max_bytes=max_bytes)
    return replace(article, url=final)

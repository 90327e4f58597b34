"""The public pages' HTTP caching: ETags and Last-Modified with 304 answers, the headers that
let browsers and proxies keep a page but ask again, and the page cache (bodies of published
pages kept per worker in front of the shared cache, under their ETag).

Nothing here decides what a page shows; plans.public.views renders, and asks this module for
the headers and for a body already made. Entries are keyed by what the page was made from (a
version, the code release, the address), so nothing is ever invalidated."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

# A day: entries never go stale (their key names their content and the code release, and the
# ETag includes the address); the timeout only gives memory back.
PAGE_CACHE_SECONDS = 24 * 60 * 60


def digest(*parts) -> str:
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:32]


def conditional(request, seed: str, last_modified=None, *, address: str | None = None):
    """(etag, 304 response or None) for a response that depends only on ``seed`` and the
    address (the full path unless the page gives its own). Last-Modified counts only where the
    ETag is not asked (RFC 9110 §13.2.2)."""
    etag = f'"{digest(seed, address or request.get_full_path())}"'
    timestamp = int(last_modified.timestamp()) if last_modified else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if not_modified is not None:
        mark_public(not_modified, etag, last_modified)
    return etag, not_modified


def mark_public(response, etag: str, last_modified=None) -> HttpResponse:
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    # Caches may keep the page but must ask again: a publication changes it at once.
    patch_cache_control(response, public=True, no_cache=True)
    return response


def mark_private(response) -> HttpResponse:
    patch_cache_control(response, private=True, no_cache=True, no_store=True)
    return response


def conditional_on_body(request, response) -> HttpResponse:
    """ETag from the rendered body, for the search: its hits print versions' text and live
    names (a renamed department), so only its content can say it changed. The 304 saves the
    transfer."""
    etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    mark_public(response, etag)
    return get_conditional_response(request, etag=etag, response=response)


def page_key(etag: str) -> str:
    return f"page:{etag.strip(chr(34))}"


class _RecentPages:
    """The last page bodies this process served, in front of the shared cache. Their keys
    name their content, so a copy is never stale and nothing has to be invalidated; the
    bound keeps a worker's memory flat (at most MAX_ENTRIES bodies of about 100 KB)."""

    MAX_ENTRIES = 64

    def __init__(self):
        self._bodies: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
            return body

    def put(self, key: str, body: bytes) -> None:
        with self._lock:
            self._bodies[key] = body
            self._bodies.move_to_end(key)
            while len(self._bodies) > self.MAX_ENTRIES:
                self._bodies.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._bodies.clear()


recent_pages = _RecentPages()


def stored_page(key: str) -> bytes | None:
    body = recent_pages.get(key)
    if body is None:
        body = caches["default"].get(key)
        if body is not None:
            recent_pages.put(key, body)
    return body


def store_page(key: str, body: bytes) -> None:
    caches["default"].set(key, body, timeout=PAGE_CACHE_SECONDS)
    recent_pages.put(key, body)

"""The reports' file cache (caches["reports"], a folder in production): a rendered file kept
under a key that names its content version, so a kept file is never another content's and
nothing is invalidated by hand."""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import caches


def kept(key: str, make: Callable[[], bytes]) -> bytes:
    """The file under ``key``, made by ``make`` and kept (without expiry) if missing."""
    store = caches["reports"]
    data = store.get(key)
    if data is None:
        data = make()
        store.set(key, data, timeout=None)
    return data

"""The portal's cache backends: Django's Redis cache with one client per connection pool, and
both it and the file cache of rendered reports made to degrade instead of failing.

One client per pool. Django's RedisCacheClient builds a new ``redis.Redis`` object for every
cache call, and building one sets up its table of response callbacks (some hundred entries):
about a third of a millisecond, more than the Redis round trip itself on the public pages' hot
path (a page read from the page cache). A client is thread-safe and only borrows connections
from its pool, so one per pool serves every call of the process.

Degrading. Everything the portal caches can be made again from the database (pages, rendered
PDFs and workbooks, keyed by their content), so a cache that cannot be reached (Redis stopped,
the reports directory unwritable or full) must cost speed, never an error page: a read answers
"not cached" and a write is dropped. The outage is logged once when it starts and once when
the cache answers again; in between the cache is not asked for ``RETRY_SECONDS``, so a stopped
server does not add a connection attempt to every request. ``cache_health`` says which caches
are unavailable now, for ``/healthz``."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("workplan.cache")

# How long a cache that failed is left alone before it is asked again.
RETRY_SECONDS = 5.0


@dataclass
class Outage:
    since: float  # time.time() of the first failure, for /healthz
    retry_at: float  # time.monotonic() after which the cache is asked again
    error: str


# Per process and per cache location (Django makes a backend object per thread; an outage is
# the server's, not the thread's).
_outages: dict[str, Outage] = {}
_outages_lock = threading.Lock()


class DegradingCache:
    """Mixed into a cache backend: the errors in ``FAILURES`` become cache misses and dropped
    writes, logged once per outage (see the module doc)."""

    FAILURES: tuple[type[BaseException], ...] = ()

    def _where(self) -> str:
        return f"{type(self).__name__}:{self._location_name()}"

    def _location_name(self) -> str:
        return str(getattr(self, "_dir", None) or getattr(self, "_servers", None) or "")

    def _skipping(self) -> bool:
        outage = _outages.get(self._where())
        return outage is not None and time.monotonic() < outage.retry_at

    def _failed(self, error: BaseException) -> None:
        where = self._where()
        with _outages_lock:
            outage = _outages.get(where)
            if outage is None:
                _outages[where] = Outage(time.time(), time.monotonic() + RETRY_SECONDS, str(error))
                logger.warning(
                    "캐시를 쓸 수 없어 캐시 없이 응답합니다 (%s): %s", where, error, exc_info=False
                )
            else:
                outage.retry_at = time.monotonic() + RETRY_SECONDS
                outage.error = str(error)

    def _answered(self) -> None:
        if not _outages:
            return
        where = self._where()
        with _outages_lock:
            outage = _outages.pop(where, None)
        if outage is not None:
            logger.warning(
                "캐시가 다시 응답합니다 (%s, %.0f초 동안 쓸 수 없었습니다).",
                where,
                time.time() - outage.since,
            )

    def _guarded(self, call, fallback):
        if self._skipping():
            return fallback
        try:
            result = call()
        except self.FAILURES as error:
            self._failed(error)
            return fallback
        self._answered()
        return result

    # The same signatures as django.core.cache.backends.base.BaseCache.

    def get(self, key, default=None, version=None):
        return self._guarded(
            lambda: super(DegradingCache, self).get(key, default, version), default
        )

    def get_many(self, keys, version=None):
        return self._guarded(lambda: super(DegradingCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._guarded(lambda: super(DegradingCache, self).has_key(key, version), False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guarded(lambda: super(DegradingCache, self).set(key, value, timeout, version), None)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            lambda: super(DegradingCache, self).add(key, value, timeout, version), False
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # The keys that could not be stored: all of them.
        return self._guarded(
            lambda: super(DegradingCache, self).set_many(data, timeout, version), list(data)
        )

    def delete(self, key, version=None):
        return self._guarded(lambda: super(DegradingCache, self).delete(key, version), False)

    def delete_many(self, keys, version=None):
        self._guarded(lambda: super(DegradingCache, self).delete_many(keys, version), None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            lambda: super(DegradingCache, self).touch(key, timeout, version), False
        )

    def clear(self):
        self._guarded(lambda: super(DegradingCache, self).clear(), None)


class PooledClients(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class PortalRedisCache(DegradingCache, RedisCache):
    """Redis for the page cache, one client per pool, degrading when Redis is down."""

    FAILURES = (RedisError, OSError)

    def __init__(self, server, params):
        # A Redis that stops answering must not hold a request for long: a page renders in
        # milliseconds without the cache.
        options = params.setdefault("OPTIONS", {})
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, params)
        self._class = PooledClients


class PortalFileCache(DegradingCache, FileBasedCache):
    """The rendered reports on disk, degrading when the directory cannot be written (full,
    read-only, missing): the PDF is rendered again instead of failing the download."""

    FAILURES = (OSError,)

    def __init__(self, directory, params):
        try:
            super().__init__(directory, params)  # creates the directory
        except self.FAILURES as error:
            self._failed(error)  # the directory is set before it is created


def cache_health() -> dict[str, str]:
    """Each configured cache of a degrading kind: "ok", or why it is not used now."""
    states = {}
    for alias in caches:
        cache = caches[alias]
        if not isinstance(cache, DegradingCache):
            continue
        if isinstance(cache, PortalRedisCache):
            # Redis can go away between requests: ask it now (unless it failed moments ago).
            cache.get("healthz:probe")
        outage = _outages.get(cache._where())
        states[alias] = "ok" if outage is None else f"unavailable ({outage.error})"
    return states


def forget_outages() -> None:
    """Tests start from a healthy cache."""
    with _outages_lock:
        _outages.clear()

"""The one owner of cache keys and of the catalogue version.

Expensive read-only results (relations, the network, searches, list counts, API
validators, rendered filter forms) are cached under keys that carry the *catalogue
version*. A committed write to a catalogue model sets a new version, so every cached
result becomes unreachable at once; nothing has to know which keys to delete.

The rules that keep a cached answer from ever being stale:

- **Keys before work.** A key is computed (version read) before the work it caches, so
  a write committing mid-request leaves the result under the old, superseded version.
- **Bumps on commit.** The version moves only once the write is visible to other
  connections (`transaction.on_commit`); inside a transaction that has written to the
  catalogue, nothing is read from or written to the cache (`catalogue_version()` is
  None): its rows are not yet anyone else's.
- **No shared cache, no caching.** When Redis does not answer, `catalogue_version()` is
  None and every caller computes afresh (correct, slower). The first contact after an
  outage sets a new version, since writes made meanwhile could not bump it; a process
  retries Redis at most every `RETRY_AFTER` seconds, so it recovers by itself.
- **Plain data only.** Results are dicts, lists, strings and numbers, never model
  instances (a deploy that changes a model must not unpickle old shapes).

The version is the time of the last bump in nanoseconds: the read router
(militarydiplo/routers.py) keeps reads on the primary while a write is younger than
the replica's lag bound. With the per-process LocMemCache (no REDIS_URL) the version is
per process, which is why production refuses more than one worker without Redis
(`partnerships/deploy_checks.py`).
"""

import datetime
import decimal
import hashlib
import json
import time
from collections import OrderedDict

from django.apps import apps
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "catalogue:version"
TIMEOUT = 60 * 15  # analysis; any write makes entries unreachable before that
RETRY_AFTER = 1.0  # seconds between attempts to reach a shared cache that failed

# Models whose rows feed the API's cached counts.
WATCHED_MODELS = {
    "nation",
    "organization",
    "membership",
    "partnership",
    "partnershipmember",
    "exercise",
    "participation",
    "engagement",
    "engagementparty",
}

_ABSENT = object()


class _SharedState:
    """This process's view of the shared cache: reachable or not, and since when."""

    down_until = 0.0  # monotonic time before which the cache is not tried again
    outage_seen = False  # a write may have gone unrecorded: bump on the next contact


_state = _SharedState()


def _mark_down() -> None:
    _state.down_until = time.monotonic() + RETRY_AFTER
    _state.outage_seen = True


def _read_version():
    """The stored version, or None when the cache does not answer (never raises:
    the Redis backend is configured to ignore connection errors)."""
    if time.monotonic() < _state.down_until:
        return None
    version = cache.get(VERSION_KEY, _ABSENT)
    if version is _ABSENT:
        # A fresh start (or an eviction): a new time-based value can never be
        # mistaken for one that results were cached under.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, _ABSENT)
        if version is _ABSENT:  # add and get both failed: the cache is unreachable
            _mark_down()
            return None
    if _state.outage_seen:
        _state.outage_seen = False
        return _store_new_version()
    return version


def _store_new_version():
    version = time.time_ns()
    cache.set(VERSION_KEY, version, timeout=None)
    # With IGNORE_EXCEPTIONS a failed set raises nothing: read it back to know.
    if cache.get(VERSION_KEY, _ABSENT) is _ABSENT:
        _mark_down()
        return None
    return version


def _bump() -> None:
    if time.monotonic() < _state.down_until:
        _state.outage_seen = True  # tell the cache when it is back
        return
    _store_new_version()


def _commits_later(connection) -> bool:
    # Inside a transaction that will commit. A test case's wrapping transaction never
    # commits: what a test writes counts as committed at once (Django's durable check
    # makes the same exception); tests of commit behaviour use a transactional database.
    blocks = connection.atomic_blocks
    return bool(blocks) and not getattr(blocks[0], "_from_testcase", False)


def _uncommitted_write() -> bool:
    """Has a transaction of this thread written to the catalogue without committing yet?"""
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block and any(
            func is _bump for _, func, _ in connection.run_on_commit
        ):
            return True
    return False


def catalogue_version() -> int | None:
    """The version to key cached results with, or None when nothing may be cached:
    the shared cache is unreachable, or this thread's transaction has uncommitted writes."""
    if _uncommitted_write():
        return None
    return _read_version()


def bump_catalogue_version(using: str = "default") -> None:
    """Make every cached result unreachable once the current transaction commits (at
    once outside one). Bulk writes, which send no signals, call it themselves."""
    connection = transaction.get_connection(using)
    if not _commits_later(connection):
        _bump()
    elif not any(func is _bump for _, func, _ in connection.run_on_commit):
        connection.on_commit(_bump)


def version_age() -> float | None:
    """Seconds since the last write to the catalogue, or None when unknown."""
    version = catalogue_version()
    if version is None:
        return None
    return max(0.0, (time.time_ns() - version) / 1e9)


def shared_reachable() -> bool:
    """Does the shared cache answer (as far as this process knows, retrying it after
    `RETRY_AFTER`)?"""
    return _read_version() is not None


class SharedOrLocal:
    """The shared cache while it answers, this process's own memory while it does not:
    for counters (throttling) that are better counted per process than not at all."""

    local = LocMemCache("militarydiplo-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})

    def _store(self):
        return cache if shared_reachable() else self.local

    def get(self, entry_key, default=None):
        return self._store().get(entry_key, default)

    def set(self, entry_key, value, timeout):
        return self._store().set(entry_key, value, timeout)


# --- keys ------------------------------------------------------------------------------------


def digest(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def key(kind: str, *parts, version: int | None = _ABSENT) -> str | None:
    """A cache key for `kind` and `parts` under the current catalogue version (or the one
    given), or None when nothing may be cached now. Call it before the work it keys."""
    if version is _ABSENT:
        version = catalogue_version()
    if version is None:
        return None
    return f"{kind}:{version}:{digest(*parts)}"


# --- cached computations ---------------------------------------------------------------------

# The latest results, unpickled, in this process: reading the whole network back from
# the cache (local memory pickles too) costs more than drawing the page around it. Keys
# carry the catalogue version, so a write makes them unreachable here as in the cache.
_LOCAL: OrderedDict[str, tuple[float, object]] = OrderedDict()
LOCAL_ENTRIES = 32

PLAIN_TYPES = (str, int, float, bool, type(None), datetime.date, datetime.time, decimal.Decimal)


def check_plain(value, path="result"):
    """Raise TypeError unless `value` is plain data (what the cache may hold)."""
    if isinstance(value, PLAIN_TYPES):
        return
    if isinstance(value, dict):
        for item_key, item in value.items():
            check_plain(item_key, path)
            check_plain(item, f"{path}[{item_key!r}]")
        return
    if isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            check_plain(item, f"{path}[{index}]")
        return
    raise TypeError(f"{path} is a {type(value).__name__}: cache plain data only")


def cached(name: str, compute, **arguments):
    """`compute()`'s result, cached under `name`, the arguments and the catalogue version.

    Callers must not change the result: it is shared by every request of this process.
    """
    encoded = json.dumps(arguments, sort_keys=True, default=str)
    entry_key = key(f"analysis:{name}", encoded)
    if entry_key is None:
        return compute()
    now = time.monotonic()
    local = _LOCAL.get(entry_key)
    if local is not None and local[0] > now:
        _LOCAL.move_to_end(entry_key)
        return local[1]
    result = cache.get(entry_key)
    if result is None:
        result = compute()
        check_plain(result)
        cache.set(entry_key, result, TIMEOUT)
    _LOCAL[entry_key] = (now + TIMEOUT, result)
    while len(_LOCAL) > LOCAL_ENTRIES:
        _LOCAL.popitem(last=False)
    return result


def get(entry_key: str | None, default=None):
    """The cached value under a key from `key()`; `default` for a None key."""
    return default if entry_key is None else cache.get(entry_key, default)


def put(entry_key: str | None, value, timeout: int) -> None:
    if entry_key is not None:
        cache.set(entry_key, value, timeout)


def clear_local() -> None:
    """Forget this process's copies and what it knew of the shared cache (tests)."""
    _LOCAL.clear()
    SharedOrLocal.local.clear()
    _state.down_until = 0.0
    _state.outage_seen = False


# --- receivers -------------------------------------------------------------------------------


def catalogue_models():
    """The catalogue's models (history rows and slug redirects feed no cached answer)."""
    for model in apps.get_app_config("partnerships").get_models(include_auto_created=True):
        name = model._meta.model_name
        if not name.startswith("historical") and name != "slugredirect":
            yield model


def _on_write(sender, raw=False, using="default", **kwargs):
    if not raw:
        bump_catalogue_version(using)


def _on_m2m(sender, action, using="default", **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        bump_catalogue_version(using)


def connect_receivers() -> None:
    # With `sender=`, models outside the catalogue (sessions, axes, tokens) keep Django's
    # fast delete: a receiver for every model would force a query per deleted row.
    for model in catalogue_models():
        label = model._meta.label_lower
        post_save.connect(_on_write, sender=model, dispatch_uid=f"catalogue_save_{label}")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"catalogue_delete_{label}")
        m2m_changed.connect(_on_m2m, sender=model, dispatch_uid=f"catalogue_m2m_{label}")

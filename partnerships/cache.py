"""Cached computations, invalidated on write.

Expensive read-only results (relations between two nations, the partnership network)
are cached under a key that includes a *catalogue version*. Any save or delete of a
model those results read bumps the version, so every cached result becomes unreachable
at once and is recomputed on the next read; nothing has to know which keys to delete.

Bulk writes (`bulk_create`, `QuerySet.update`) send no signals: code that uses them
calls `bump_catalogue_version()` itself when it is done. The version lives in the cache,
so it is shared only when the cache is (Redis via REDIS_URL); with the per-process
LocMemCache, a write made by another process (a second gunicorn worker, a management
command) is seen after at most `TIMEOUT`.
"""

import hashlib
import json
import time
from collections import OrderedDict

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "catalogue:version"
TIMEOUT = 60 * 15  # bounds staleness where the version cannot be shared (see above)

# Models whose rows feed the cached analysis and the API's cached counts (a write to
# any model of the app bumps the version, see `_watched`).
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


def catalogue_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh, time-based start: results cached under an evicted counter's old
        # values can never be mistaken for current ones.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return version


def bump_catalogue_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set (or evicted)
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


# The latest results, unpickled, in this process: reading the whole network back from
# the cache (local memory pickles too) costs more than drawing the page around it. Keys
# carry the catalogue version, so a write makes them unreachable here as in the cache.
_LOCAL: OrderedDict[str, tuple[float, object]] = OrderedDict()
LOCAL_ENTRIES = 32


def cached(name: str, compute, **arguments):
    """`compute()`'s result, cached under `name`, the arguments and the catalogue version.

    Callers must not change the result: it is shared by every request of this process.
    """
    encoded = json.dumps(arguments, sort_keys=True, default=str)
    digest = hashlib.sha256(encoded.encode()).hexdigest()[:32]
    key = f"analysis:{name}:{catalogue_version()}:{digest}"
    now = time.monotonic()
    local = _LOCAL.get(key)
    if local is not None and local[0] > now:
        _LOCAL.move_to_end(key)
        return local[1]
    result = cache.get(key)
    if result is None:
        result = compute()
        cache.set(key, result, TIMEOUT)
    _LOCAL[key] = (now + TIMEOUT, result)
    while len(_LOCAL) > LOCAL_ENTRIES:
        _LOCAL.popitem(last=False)
    return result


def clear_local() -> None:
    """Forget this process's copies (tests clear the shared cache with it)."""
    _LOCAL.clear()


def _watched(sender) -> bool:
    # Every model of the catalogue app, not only WATCHED_MODELS: cached searches and the
    # HTML pages' ETags (partnerships/page_etags.py) also show articles and sources.
    meta = getattr(sender, "_meta", None)
    return meta is not None and meta.app_label == "partnerships"


def _on_write(sender, raw=False, **kwargs):
    if raw or not _watched(sender):
        return
    # Bump now, so reads later in this transaction are fresh, and again after commit,
    # so a result computed by another request from the old rows meanwhile is dropped.
    bump_catalogue_version()
    transaction.on_commit(bump_catalogue_version)


def _on_m2m(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        _on_write(sender)


post_save.connect(_on_write, dispatch_uid="catalogue_version_save")
post_delete.connect(_on_write, dispatch_uid="catalogue_version_delete")
m2m_changed.connect(_on_m2m, dispatch_uid="catalogue_version_m2m")

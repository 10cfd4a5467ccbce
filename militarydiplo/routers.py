"""Reads from the replica, writes to the primary, and nobody reads a write back stale.

With DATABASE_REPLICA_URL set (settings.py), the catalogue's reads go to the `replica`
alias when all of these hold, and to the primary (`default`) otherwise:

- the request may read the replica: an anonymous GET or HEAD outside the admin (a
  signed-in editor, a token, a POST, the admin and every command such as the importers
  read from the primary: they must see what they write); `ReadRoutingMiddleware`
  decides per request, and anything outside a request reads from the primary;
- the request has not written (a write pins the rest of the request to the primary);
- the replica answered its last health check (every `REPLICA_CHECK_INTERVAL` seconds
  per process) with a replay lag within `REPLICA_LAG_BOUND` seconds;
- the last write to the catalogue (the catalogue version, partnerships/cache.py, is its
  time) is older than the lag bound plus the check interval, so the replica has it;
  unknown (no shared cache) counts as recent.

The second to fourth are decided once per request, at its first catalogue read. Other
apps (sessions, accounts, tokens, sign-in attempts) always use the primary. Migrations
run on the primary only; the replica follows by streaming.
"""

import contextlib
import contextvars
import logging
import time

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

PRIMARY = "default"
REPLICA = "replica"
CATALOGUE_APP = "partnerships"

# Per request: PRIMARY, REPLICA, or UNDECIDED (may use the replica; not yet checked).
UNDECIDED = "undecided"
_reads = contextvars.ContextVar("militarydiplo_reads", default=PRIMARY)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class _Health:
    checked_at = -1e9
    usable = False


_health = _Health()

LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""


def replica_lag() -> float:
    """Seconds the replica's replay is behind (0 when it has replayed all it received)."""
    replica = connections[REPLICA]
    with replica.cursor() as cursor:
        cursor.execute(LAG_SQL if replica.vendor == "postgresql" else "SELECT 0")
        return float(cursor.fetchone()[0])


def replica_usable() -> bool:
    """Is the replica up and within the lag bound (checked at most once per interval)?"""
    if REPLICA not in settings.DATABASES:
        return False
    now = time.monotonic()
    if now - _health.checked_at < settings.REPLICA_CHECK_INTERVAL:
        return _health.usable
    _health.checked_at = now
    try:
        lag = replica_lag()
    except Exception:  # down, refusing, restarting: the primary answers meanwhile
        logger.warning("The read replica does not answer: reading from the primary")
        _health.usable = False
        with contextlib.suppress(Exception):  # a broken connection may fail to close too
            connections[REPLICA].close()
    else:
        _health.usable = lag <= settings.REPLICA_LAG_BOUND
        if not _health.usable:
            logger.warning("The read replica lags %.1f s: reading from the primary", lag)
    return _health.usable


def forget_replica_health() -> None:
    _health.checked_at = -1e9


def _latest_write_replicated() -> bool:
    from partnerships.cache import version_age

    age = version_age()
    return age is not None and age > settings.REPLICA_LAG_BOUND + settings.REPLICA_CHECK_INTERVAL


def read_alias() -> str:
    """Where this request's catalogue reads go."""
    state = _reads.get()
    if state == UNDECIDED:
        state = REPLICA if replica_usable() and _latest_write_replicated() else PRIMARY
        _reads.set(state)
    return state


def pin_primary() -> None:
    """Read from the primary for the rest of this request (or this context)."""
    _reads.set(PRIMARY)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if model._meta.app_label != CATALOGUE_APP:
            return PRIMARY
        return read_alias()

    def db_for_write(self, model, **hints):
        pin_primary()  # read-your-writes for the rest of the request
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows on both

    def allow_migrate(self, db, app_label, **hints):
        return db == PRIMARY


def may_read_replica(request) -> bool:
    return (
        request.method in SAFE_METHODS
        and not request.path.startswith("/admin/")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES  # a signed-in editor
        and "HTTP_AUTHORIZATION" not in request.META  # an API client with a token
    )


class ReadRoutingMiddleware:
    """Lets an anonymous read use the replica; everything else reads from the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reads.set(UNDECIDED if may_read_replica(request) else PRIMARY)
        try:
            response = self.get_response(request)
            if settings.READ_ROUTING_HEADER:  # for the cluster test: where reads went
                response["X-Read-From"] = _reads.get()
            return response
        finally:
            _reads.reset(token)

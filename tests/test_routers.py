"""The read router: anonymous reads on a fresh replica, everything else on the primary."""

import time

import pytest
from django.db import DatabaseError
from django.test import RequestFactory

from militarydiplo import routers
from partnerships import cache as catalogue_cache
from partnerships.models import Nation

WITH_REPLICA = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
    "replica": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
}


@pytest.fixture(autouse=True)
def replica(monkeypatch, settings):
    """A replica alias that answers with `replica.lag` (or raises `replica.down`)."""

    class Replica:
        lag = 0.0
        down = False

    def lag():
        if Replica.down:
            raise DatabaseError("connection refused")
        return Replica.lag

    monkeypatch.setattr(routers, "replica_lag", lag)
    monkeypatch.setattr(
        routers.settings, "DATABASES", {**settings.DATABASES, "replica": WITH_REPLICA["replica"]}
    )
    settings.REPLICA_LAG_BOUND = 2
    settings.REPLICA_CHECK_INTERVAL = 0  # check on every request
    routers.forget_replica_health()
    catalogue_cache.clear_local()
    return Replica


def last_write_seconds_ago(seconds):
    catalogue_cache.cache.set(
        catalogue_cache.VERSION_KEY, time.time_ns() - int(seconds * 1e9), timeout=None
    )


def reads_of(request, during=None):
    """Where a request's catalogue reads go, after `during(router)` ran in it."""
    router = routers.PrimaryReplicaRouter()
    seen = []

    def view(request):
        if during:
            during(router)
        seen.append(router.db_for_read(Nation))
        return None

    routers.ReadRoutingMiddleware(view)(request)
    return seen[0]


get = RequestFactory().get


def test_an_anonymous_read_goes_to_a_fresh_replica():
    last_write_seconds_ago(60)
    assert reads_of(get("/nations/")) == "replica"
    assert reads_of(get("/api/v1/nations/")) == "replica"


def test_a_request_that_wrote_reads_its_write_from_the_primary():
    last_write_seconds_ago(60)
    assert reads_of(get("/nations/"), during=lambda r: r.db_for_write(Nation)) == "default"


def test_a_recent_write_keeps_everyones_reads_on_the_primary():
    last_write_seconds_ago(0.5)
    assert reads_of(get("/nations/")) == "default"


def test_an_unknown_last_write_keeps_reads_on_the_primary(monkeypatch):
    monkeypatch.setattr(catalogue_cache, "catalogue_version", lambda: None)  # Redis down
    assert reads_of(get("/nations/")) == "default"


@pytest.mark.parametrize(
    "request_",
    [
        RequestFactory().get("/admin/partnerships/nation/"),
        RequestFactory().get("/nations/", HTTP_COOKIE="sessionid=abc"),
        RequestFactory().get("/api/v1/nations/", HTTP_AUTHORIZATION="Token abc"),
        RequestFactory().post("/api/v1/nations/"),
    ],
    ids=["admin", "signed-in editor", "token", "write"],
)
def test_editors_the_admin_and_writes_read_from_the_primary(request_):
    last_write_seconds_ago(60)
    assert reads_of(request_) == "default"


def test_outside_a_request_commands_and_importers_read_from_the_primary():
    last_write_seconds_ago(60)
    assert routers.PrimaryReplicaRouter().db_for_read(Nation) == "default"


def test_reads_fall_back_to_the_primary_when_the_replica_is_down_and_come_back(replica):
    last_write_seconds_ago(60)
    replica.down = True
    assert reads_of(get("/nations/")) == "default"
    replica.down = False
    assert reads_of(get("/nations/")) == "replica"


def test_reads_fall_back_to_the_primary_when_the_replica_lags_beyond_the_bound(replica):
    last_write_seconds_ago(60)
    replica.lag = 5
    assert reads_of(get("/nations/")) == "default"


def test_sessions_and_accounts_always_use_the_primary():
    from django.contrib.sessions.models import Session

    last_write_seconds_ago(60)
    router = routers.PrimaryReplicaRouter()
    seen = []
    routers.ReadRoutingMiddleware(lambda request: seen.append(router.db_for_read(Session)))(
        get("/nations/")
    )
    assert seen == ["default"]


def test_migrations_run_on_the_primary_only():
    router = routers.PrimaryReplicaRouter()
    assert router.allow_migrate("default", "partnerships")
    assert not router.allow_migrate("replica", "partnerships")

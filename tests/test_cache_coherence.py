"""Caches never serve a stale answer: each hole of issue 17 pinned closed.

The mid-request write, the bump on commit (importers too), Redis down and back (a real
redis-server of the test's own), more than one worker without Redis refused in
production, Django's fast delete kept for models outside the catalogue, plain data only.
"""

import io
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection, transaction
from django.test import override_settings

from partnerships import cache as catalogue_cache
from partnerships.api.views import CatalogueViewSet
from partnerships.models import Nation
from tests import factories
from tests.data_builders import make_cow_world

ATOP_MEMBERS = Path(__file__).parent / "data" / "datasets" / "atop4.01_member_excerpt.csv"


@pytest.fixture(autouse=True)
def _fresh_process_state():
    catalogue_cache.clear_local()
    yield
    catalogue_cache.clear_local()


def version_seen_by_another_connection():
    """The version as another worker reads it (its own thread and database connection)."""
    seen = []

    def read():
        try:
            seen.append(catalogue_cache.catalogue_version())
        finally:
            connection.close()

    worker = threading.Thread(target=read)
    worker.start()
    worker.join()
    return seen[0]


# --- keys before the work ----------------------------------------------------------------------


def test_a_write_committed_while_an_answer_is_built_leaves_no_stale_304(client, usa, monkeypatch):
    url = "/api/v1/nations/united-states/"
    built = CatalogueViewSet.retrieve

    def retrieve_then_another_worker_writes(self, request, *args, **kwargs):
        response = built(self, request, *args, **kwargs)  # the body, from the old rows
        Nation.objects.filter(pk=usa.pk).update(name="United States of America")
        catalogue_cache.bump_catalogue_version()  # committed (the test's own transaction)
        return response

    monkeypatch.setattr(CatalogueViewSet, "retrieve", retrieve_then_another_worker_writes)
    old = client.get(url)
    assert old.json()["name"] == "United States"
    monkeypatch.setattr(CatalogueViewSet, "retrieve", built)

    again = client.get(url, HTTP_IF_NONE_MATCH=old["ETag"])
    assert again.status_code == 200
    assert again.json()["name"] == "United States of America"


# --- bumps on commit ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_write_moves_the_version_only_when_it_commits():
    before = catalogue_cache.catalogue_version()
    with transaction.atomic():
        factories.NationFactory(name="Atlantis", slug="atlantis")
        assert version_seen_by_another_connection() == before
        # The writer itself caches nothing while its rows are not anyone else's.
        assert catalogue_cache.catalogue_version() is None
    assert version_seen_by_another_connection() not in (None, before)


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_caches_nothing_and_moves_nothing():
    before = catalogue_cache.catalogue_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        factories.NationFactory(name="Atlantis", slug="atlantis")
        raise RuntimeError
    assert catalogue_cache.catalogue_version() == before


@pytest.mark.django_db(transaction=True)
def test_an_import_inside_a_larger_transaction_bumps_when_that_commits():
    make_cow_world()
    before = catalogue_cache.catalogue_version()
    with transaction.atomic():  # as load_reference_data's steps run
        call_command("import_atop", str(ATOP_MEMBERS), stdout=io.StringIO())
        assert version_seen_by_another_connection() == before
    assert version_seen_by_another_connection() not in (None, before)


# --- Redis down and back ------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server of the test's own, on its own port, without persistence."""

    def __init__(self):
        self.port = _free_port()
        self.dir = tempfile.mkdtemp(prefix="redis-test-")
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.dir,
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def pause(self):  # hangs every client, keeps its data
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)


@pytest.fixture
def redis_server():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = RedisServer()
    server.start()
    caches = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
            },
        }
    }
    try:
        with override_settings(CACHES=caches, DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=False):
            yield server
    finally:
        server.resume() if server.process and server.process.poll() is None else None
        server.stop()
        shutil.rmtree(server.dir, ignore_errors=True)


def test_with_redis_down_answers_are_fresh_and_the_site_recovers(
    client, nato, france, redis_server, monkeypatch
):
    monkeypatch.setattr(catalogue_cache, "RETRY_AFTER", 0)
    assert catalogue_cache.catalogue_version() is not None
    assert "ETag" in client.get("/organizations/nato/")

    redis_server.stop()
    assert catalogue_cache.catalogue_version() is None  # not a frozen 0
    page = client.get("/organizations/nato/")
    assert page.status_code == 200 and "ETag" not in page
    assert client.get("/relations/france/united-states/").status_code == 200
    france.name = "French Republic"
    france.save()  # its bump reaches no one
    assert "French Republic" in client.get("/relations/france/united-states/").content.decode()
    assert client.get("/api/v1/nations/?q=French").json()["count"] == 1

    redis_server.start()  # back, empty
    assert catalogue_cache.catalogue_version() is not None
    assert "ETag" in client.get("/organizations/nato/")
    assert "French Republic" in client.get("/relations/france/united-states/").content.decode()


def test_writes_made_while_redis_hung_invalidate_what_it_kept(
    client, usa, france, redis_server, monkeypatch
):
    monkeypatch.setattr(catalogue_cache, "RETRY_AFTER", 0)
    url = "/relations/france/united-states/"
    assert "France" in client.get(url).content.decode()  # cached under the version

    redis_server.pause()  # Redis keeps its entries but answers no one
    france.name = "French Republic"
    france.save()
    redis_server.resume()

    assert "French Republic" in client.get(url).content.decode()


@override_settings(
    REST_FRAMEWORK={
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "3/min"},
        "NUM_PROXIES": 0,
    }
)
def test_throttling_keeps_counting_while_redis_is_down(client, usa, redis_server, monkeypatch):
    monkeypatch.setattr(catalogue_cache, "RETRY_AFTER", 0)
    redis_server.stop()
    statuses = [client.get("/api/v1/nations/").status_code for _ in range(5)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3:] == [429, 429]


# --- production refuses workers without a shared cache ---------------------------------------


LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@override_settings(PRODUCTION=True, WEB_CONCURRENCY=2, CACHES=LOCAL_CACHE)
def test_production_with_two_workers_and_no_shared_cache_fails_the_deploy_check():
    with pytest.raises(SystemCheckError, match="WEB_CONCURRENCY=2 without a shared cache"):
        call_command("check", deploy=True, tags=["caches"])


@override_settings(PRODUCTION=True, WEB_CONCURRENCY=1, CACHES=LOCAL_CACHE)
def test_production_with_one_worker_needs_no_shared_cache():
    call_command("check", deploy=True, tags=["caches"], stdout=io.StringIO())


@override_settings(
    PRODUCTION=True,
    WEB_CONCURRENCY=4,
    CACHES={"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://x/0"}},
)
def test_production_with_a_shared_cache_passes_the_deploy_check():
    call_command("check", deploy=True, tags=["caches"], stdout=io.StringIO())


# --- receivers for the catalogue only ----------------------------------------------------------


def test_models_outside_the_catalogue_keep_djangos_fast_delete(db, django_assert_num_queries):
    for _ in range(3):
        SessionStore().create()
    with django_assert_num_queries(1):
        Session.objects.all().delete()


def test_a_delete_in_the_catalogue_still_moves_the_version(usa):
    before = catalogue_cache.catalogue_version()
    usa.delete()
    assert catalogue_cache.catalogue_version() != before


# --- plain data ---------------------------------------------------------------------------------


def test_the_cache_refuses_model_instances(usa):
    with pytest.raises(TypeError, match="Nation"):
        catalogue_cache.cached("probe", lambda: [usa])


def test_a_nation_page_caches_its_partners_as_plain_data(client, usa, us_japan_treaty):
    # `cached` refuses anything but plain data (above): the page renders its partners.
    body = client.get("/nations/united-states/").content.decode()
    assert "/relations/united-states/japan/" in body

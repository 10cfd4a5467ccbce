"""make cluster-test: the scale-out topology on loopback, checked for coherence and faults.

Starts, each on a port of its own in a temporary directory (the machine's own PostgreSQL
and Redis are not touched):

    HAProxy ─┬─ gunicorn A (2 workers) ─┬─ pgbouncer (transaction mode) ── PostgreSQL primary
             └─ gunicorn B (2 workers) ─┤                                     │ streaming
                                         ├─ PostgreSQL replica (pg_basebackup -R) ┘
                                         └─ redis-server

then checks what docs/deployment.md promises (a write through A read back at once
through B and the proxy, an editor's own write, throttling across servers, server A
killed under load, Redis stopped under load, the replica stopped, the primary stopped)
and stops everything it started, on failure too. Debian's packages are installed with
apt-get when missing. Run as root, PostgreSQL and pgbouncer run as the `postgres` user.
Exit status 0 when every check passed.
"""

import contextlib
import json
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loadtest import free_port, request  # noqa: E402  (one HTTP client for both)

PYTHON = sys.executable
PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))
HOST = "127.0.0.1"
DB = "militarydiplo"
PACKAGES = {"pgbouncer": "pgbouncer", "haproxy": "haproxy", "redis-server": "redis-server"}
ANON_RATE = 15  # per minute and client address: the throttling check's limit
LAG_BOUND = 2.0  # REPLICA_LAG_BOUND for the servers
APPLY_DELAY = "1s"  # the replica's replay delay, within the bound
CHECK_INTERVAL = 0.5  # REPLICA_CHECK_INTERVAL
# How long a fault may show as 5xx answers: the proxy's retries and health checks
# (2 x 0.3 s), a server's replica check interval and pgbouncer's connect timeout.
FAULT_WINDOW = 3.0


SEED = """
from partnerships.models import Nation
for name, slug, iso2, iso3, region in [
    ("France", "france", "FR", "FRA", "europe"),
    ("India", "india", "IN", "IND", "asia"),
    ("Japan", "japan", "JP", "JPN", "asia"),
    ("United States", "united-states", "US", "USA", "americas"),
]:
    Nation.objects.create(name=name, slug=slug, iso2=iso2, iso3=iso3, region=region)
"""


class CheckFailed(Exception):
    pass


def log(message: str) -> None:
    print(f"[cluster {time.strftime('%H:%M:%S')}] {message}", flush=True)


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)
    log(f"ok: {message}")


def as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def ensure_packages() -> None:
    missing = [package for binary, package in PACKAGES.items() if not shutil.which(binary)]
    if not missing:
        return
    if os.geteuid() != 0:
        raise SystemExit(f"missing {', '.join(missing)}: install them (apt-get install -y ...)")
    log(f"installing {', '.join(missing)} with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env)


class Cluster:
    def __init__(self):
        self.work = Path(tempfile.mkdtemp(prefix="cluster-test-"))
        self.work.chmod(0o755)
        if os.geteuid() == 0:
            shutil.chown(self.work, "postgres", "postgres")
        ports = iter(sorted({free_port() for _ in range(12)}))
        self.primary_port, self.replica_port, self.bouncer_port = (
            next(ports),
            next(ports),
            next(ports),
        )
        self.redis_port, self.a_port, self.b_port = next(ports), next(ports), next(ports)
        self.proxy_port = next(ports)
        self.processes: dict[str, subprocess.Popen] = {}
        self.clusters_started: list[Path] = []
        self.secret = secrets.token_urlsafe(64)

    # --- plumbing ----------------------------------------------------------------------

    def path(self, name: str) -> Path:
        return self.work / name

    def run(self, command, **kwargs):
        return subprocess.run(command, check=True, timeout=300, **kwargs)

    def spawn(self, name: str, command: list[str], env=None) -> subprocess.Popen:
        out = self.path(f"{name}.log").open("ab")
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True
        )
        self.processes[name] = process
        return process

    def kill(self, name: str, sig=signal.SIGKILL) -> None:
        process = self.processes.pop(name, None)
        if process and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.kill(name, signal.SIGTERM)
        for data in self.clusters_started:
            subprocess.run(
                as_postgres([str(PGBIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
        shutil.rmtree(self.work, ignore_errors=True)

    def wait_for(self, what: str, probe, timeout=60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):
                if probe():
                    return
            time.sleep(0.2)
        raise CheckFailed(f"{what} did not come up within {timeout:.0f} s")

    # --- PostgreSQL ---------------------------------------------------------------------

    def pg_ctl(self, data: Path, action: str, *extra: str) -> None:
        self.run(
            as_postgres(
                [str(PGBIN / "pg_ctl"), "-D", str(data), "-l", f"{data}.log", "-w", *extra, action]
            ),
            stdout=subprocess.DEVNULL,
        )

    def start_primary(self) -> None:
        data = self.path("primary")
        self.run(
            as_postgres(
                [
                    str(PGBIN / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--no-sync",
                ]
            ),
            stdout=subprocess.DEVNULL,
        )
        with (data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"port = {self.primary_port}\nlisten_addresses = '{HOST}'\n"
                f"unix_socket_directories = '{self.work}'\nwal_level = replica\n"
                "max_wal_senders = 5\nhot_standby = on\nwal_keep_size = '128MB'\n"
                "fsync = off\nmax_connections = 100\n"
            )
        self.pg_ctl(data, "start")
        self.clusters_started.append(data)
        self.run(
            as_postgres(
                [
                    str(PGBIN / "createdb"),
                    "-h",
                    HOST,
                    "-p",
                    str(self.primary_port),
                    "-U",
                    "postgres",
                    DB,
                ]
            )
        )

    def start_replica(self, fresh=True) -> None:
        data = self.path("replica")
        if fresh:
            self.run(
                as_postgres(
                    [
                        str(PGBIN / "pg_basebackup"),
                        "-h",
                        HOST,
                        "-p",
                        str(self.primary_port),
                        "-U",
                        "postgres",
                        "-D",
                        str(data),
                        "-R",
                        "-X",
                        "stream",
                        "--no-sync",
                    ]
                )
            )
            with (data / "postgresql.conf").open("a") as conf:
                # A replica always a little behind, so that a read routed to it too
                # soon after a write shows stale, every time (not only under load).
                conf.write(
                    f"port = {self.replica_port}\nrecovery_min_apply_delay = '{APPLY_DELAY}'\n"
                )
            self.clusters_started.append(data)
        self.pg_ctl(data, "start")

    def stop_cluster(self, name: str) -> None:
        self.pg_ctl(self.path(name), "stop", "-m", "fast")

    def start_cluster(self, name: str) -> None:
        self.pg_ctl(self.path(name), "start")

    # --- pgbouncer, Redis, the app, the proxy -----------------------------------------------

    def start_pgbouncer(self) -> None:
        ini = self.path("pgbouncer.ini")
        ini.write_text(
            f"[databases]\n{DB} = host={HOST} port={self.primary_port} dbname={DB}\n\n"
            f"[pgbouncer]\nlisten_addr = {HOST}\nlisten_port = {self.bouncer_port}\n"
            f"unix_socket_dir =\nauth_type = trust\nauth_file = {self.path('users.txt')}\n"
            "pool_mode = transaction\nmax_client_conn = 400\ndefault_pool_size = 20\n"
            # A primary that is down must answer a waiting query soon, not in 2 minutes.
            "query_wait_timeout = 3\nserver_connect_timeout = 2\nserver_login_retry = 1\n"
            "ignore_startup_parameters = extra_float_digits,options\n"
        )
        self.path("users.txt").write_text('"postgres" ""\n')
        if os.geteuid() == 0:
            for name in ("pgbouncer.ini", "users.txt"):
                shutil.chown(self.path(name), "postgres", "postgres")
        self.spawn("pgbouncer", as_postgres([shutil.which("pgbouncer"), str(ini)]))

    def start_redis(self) -> None:
        self.spawn(
            "redis",
            [
                shutil.which("redis-server"),
                "--port",
                str(self.redis_port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.work),
            ],
        )
        self.wait_for("redis", lambda: self.redis_ping() == "PONG", 20)

    def redis_ping(self) -> str:
        return subprocess.run(
            ["redis-cli", "-h", HOST, "-p", str(self.redis_port), "ping"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout.strip()

    def app_env(self, direct=False) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
        port = self.primary_port if direct else self.bouncer_port
        env.update(
            DJANGO_ENV="production",
            SECRET_KEY=self.secret,
            ALLOWED_HOSTS=HOST,
            DATABASE_URL=f"postgres://postgres@{HOST}:{port}/{DB}",
            DATABASE_REPLICA_URL=(
                f"postgres://postgres@{HOST}:{self.replica_port}/{DB}?connect_timeout=2"
            ),
            REDIS_URL=f"redis://{HOST}:{self.redis_port}/0",
            WEB_CONCURRENCY="2",
            STATIC_ROOT=str(self.path("static")),
            API_THROTTLE_ANON=f"{ANON_RATE}/min",
            API_THROTTLE_USER="1000000/min",
            TRUSTED_PROXY_COUNT="1",
            REPLICA_LAG_BOUND=str(LAG_BOUND),
            REPLICA_CHECK_INTERVAL=str(CHECK_INTERVAL),
            LOG_LEVEL="ERROR",
            READ_ROUTING_HEADER="1",
        )
        if not direct:
            env["DB_POOL_MODE"] = "transaction"
        return env

    def manage(self, *args: str, capture=False) -> str:
        result = self.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.app_env(direct=True),
            capture_output=True,
            text=True,
        )
        return result.stdout if capture else ""

    def start_server(self, name: str, port: int) -> None:
        gunicorn = str(Path(PYTHON).with_name("gunicorn"))
        self.spawn(
            name,
            [gunicorn, "militarydiplo.wsgi", "--bind", f"{HOST}:{port}", "--timeout", "60"],
            env=self.app_env(),
        )
        self.wait_for(f"server {name}", lambda: get(port, "/healthz")[0] == 200)

    def start_proxy(self) -> None:
        cfg = self.path("haproxy.cfg")
        cfg.write_text(
            f"""global
    maxconn 512
defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout
frontend site
    bind {HOST}:{self.proxy_port}
    # Stands in for the TLS proxy: the servers run with DJANGO_ENV=production.
    http-request set-header X-Forwarded-Proto https
    # Only reads are replayed on the other server; a write is never sent twice.
    http-request disable-l7-retry unless METH_GET
    default_backend servers
backend servers
    balance roundrobin
    default-server inter 300ms fall 2 rise 2
    server a {HOST}:{self.a_port} check
    server b {HOST}:{self.b_port} check
"""
        )
        self.spawn("haproxy", [shutil.which("haproxy"), "-db", "-f", str(cfg)])
        self.wait_for("the proxy", lambda: get(self.proxy_port, "/healthz")[0] == 200, 20)

    def start(self) -> None:
        log(f"work directory {self.work}")
        self.start_primary()
        log(f"primary on {self.primary_port}")
        self.start_redis()
        log("migrating and seeding")
        self.manage("migrate", "--noinput")
        # A few real nations are enough: the checks write the rest through the API (the
        # whole reference data takes minutes to load on a small machine).
        self.manage("shell", "-c", SEED)
        self.manage("collectstatic", "--noinput")
        self.manage("check", "--deploy", "--fail-level", "ERROR")
        self.start_replica()
        log(f"replica on {self.replica_port} (pg_basebackup -R)")
        self.start_pgbouncer()
        self.wait_for("pgbouncer", lambda: self.psql(self.bouncer_port, "SELECT 1") == "1", 20)
        self.start_server("a", self.a_port)
        self.start_server("b", self.b_port)
        self.start_proxy()
        log(f"servers A {self.a_port}, B {self.b_port}, proxy {self.proxy_port}")

    def psql(self, port: int, sql: str) -> str:
        return subprocess.run(
            as_postgres(
                [
                    str(PGBIN / "psql"),
                    "-h",
                    HOST,
                    "-p",
                    str(port),
                    "-U",
                    "postgres",
                    "-d",
                    DB,
                    "-tAc",
                    sql,
                ]
            ),
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        ).stdout.strip()

    def editor_credentials(self) -> tuple[str, str]:
        code = (
            "from django.contrib.auth import get_user_model\n"
            "from django.contrib.sessions.backends.db import SessionStore\n"
            "from rest_framework.authtoken.models import Token\n"
            "u = get_user_model().objects.create_superuser('editor', 'e@example.org', "
            f"'{secrets.token_urlsafe(16)}')\n"
            "s = SessionStore(); s['_auth_user_id'] = str(u.pk)\n"
            "s['_auth_user_backend'] = 'axes.backends.AxesStandaloneBackend'\n"
            "s['_auth_user_hash'] = u.get_session_auth_hash(); s.create()\n"
            "print(Token.objects.create(user=u).key, s.session_key)\n"
        )
        token, session = self.manage("shell", "-c", code, capture=True).split()[-2:]
        return token, session


# --- HTTP --------------------------------------------------------------------------------------


def anyone() -> str:
    """A client address of its own (the servers trust the proxy's X-Forwarded-For), so the
    checks are not throttled unless they mean to be."""
    return f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"


def get(port, path, token=None, session=None, etag=None, client=None):
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": client or anyone()}
    if token:
        headers["Authorization"] = f"Token {token}"
    if session:
        headers["Cookie"] = f"sessionid={session}"
    if etag:
        headers["If-None-Match"] = etag
    return request(port, "GET", path, headers=headers)


def send(port, method, path, body, token):
    headers = {
        "X-Forwarded-Proto": "https",
        "X-Forwarded-For": anyone(),
        "Authorization": f"Token {token}",
    }
    return request(port, method, path, body=body, headers=headers)


def body_of(response) -> str:
    return response[2].decode("utf-8", "replace")


def data_of(response):
    return json.loads(response[2])


class Load:
    """Readers through the proxy for as long as it runs; statuses with their times."""

    PATHS = [
        "/api/v1/partnerships/?page_size=5",
        "/api/v1/nations/france/",
        "/nations/",
        "/api/v1/relations/france/india/",
        "/partnerships/",
    ]

    def __init__(self, port, readers=3):
        self.port, self.readers = port, readers
        self.results: list[tuple[float, float, int]] = []  # started, ended, status
        self.stopping = threading.Event()
        self.threads = []

    def _read(self, seed):
        chooser = random.Random(seed)
        while not self.stopping.is_set():
            started = time.monotonic()
            try:
                status = get(self.port, chooser.choice(self.PATHS))[0]
            except OSError:
                status = 599  # no answer at all: as bad as a 5xx
            self.results.append((started, time.monotonic(), status))

    def __enter__(self):
        for seed in range(self.readers):
            thread = threading.Thread(target=self._read, args=(seed,), daemon=True)
            thread.start()
            self.threads.append(thread)
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def failures_after(self, moment: float) -> list:
        return [r for r in self.results if r[2] >= 500 and r[0] >= moment]

    def failures(self) -> list:
        return [r for r in self.results if r[2] >= 500]


# --- the checks ----------------------------------------------------------------------------------


def post_partnership(port, token, name, start="2001-05-01"):
    """POST a new France-India partnership; the raw response."""
    members = ["france", "india"]
    body = {"name": name, "kind": "bilateral", "start_date": start, "members": members}
    return send(port, "POST", "/api/v1/partnerships/", body, token)


class Checks:
    def __init__(self, cluster: Cluster, token: str, session: str):
        self.c, self.token, self.session = cluster, token, session
        self.run_id = secrets.token_hex(3)
        self.servers = {"B": cluster.b_port, "proxy": cluster.proxy_port}

    def create_partnership(self, port, name) -> tuple[int, str]:
        response = post_partnership(port, self.token, name)
        slug = data_of(response).get("slug", "") if response[0] == 201 else ""
        return response[0], slug

    def coherence(self) -> None:
        """A write through A is read back at once through B and through the proxy."""
        c = self.c
        name = f"Clusteria Accord {self.run_id}"
        acronym = f"CL{self.run_id.upper()}"
        pages = {
            "list": f"/api/v1/partnerships/?q={name.replace(' ', '+')}",
            "count": "/api/v1/partnerships/?page_size=1",
            "relations": "/api/v1/relations/france/india/",
            "network": "/api/v1/network/",
            "search": f"/api/v1/search/?q=Clusteria+{self.run_id}",
            "filter form": "/nations/",
            "html list": f"/partnerships/?q=Clusteria+Accord+{self.run_id}",
        }
        before, etags = {}, {}
        for where, port in {"A": c.a_port, **self.servers}.items():
            for what, path in pages.items():  # fill every cache there is
                for _ in range(2):
                    response = get(port, path)
                before[where, what] = response
                etags[where, what] = response[1].get("ETag")
        count_before = data_of(before["B", "count"])["count"]
        time.sleep(LAG_BOUND + CHECK_INTERVAL)  # the version's first value counts as a write
        routed = get(c.b_port, pages["count"])[1].get("X-Read-From")
        expect(routed == "replica", f"anonymous reads go to the replica ({routed})")

        status, slug = self.create_partnership(c.a_port, name)
        expect(status == 201, f"an editor creates a partnership through server A ({status})")
        status = send(
            c.a_port,
            "POST",
            "/api/v1/organizations/",
            {
                "name": f"Clusteria Organization {self.run_id}",
                "acronym": acronym,
                "kind": "alliance",
                "founded": "2001-05-01",
                "members": ["france"],
            },
            self.token,
        )[0]
        expect(status == 201, f"an editor creates an organization through server A ({status})")

        for where, port in self.servers.items():
            listed = data_of(get(port, pages["list"]))
            expect(listed["count"] == 1, f"{where}: the list shows the new partnership")
            detail = get(port, f"/api/v1/partnerships/{slug}/")
            expect(
                detail[0] == 200 and data_of(detail)["name"] == name, f"{where}: the detail answers"
            )
            counted = data_of(get(port, pages["count"]))["count"]
            expect(counted == count_before + 1, f"{where}: the count moved ({counted})")
            expect(slug in body_of(get(port, pages["relations"])), f"{where}: relations show it")
            expect(slug in body_of(get(port, pages["network"])), f"{where}: the network shows it")
            expect(data_of(get(port, pages["search"]))["total"] >= 2, f"{where}: search finds it")
            expect(
                f"Clusteria Organization {self.run_id}" in body_of(get(port, pages["filter form"])),
                f"{where}: the nations' filter form offers the new organization",
            )
            expect(name in body_of(get(port, pages["html list"])), f"{where}: the page lists it")
            exported = get(port, "/api/v1/partnerships/?format=csv")
            expect(
                exported[0] == 200 and name in body_of(exported),
                f"{where}: the CSV export streams it (client-side cursors behind pgbouncer)",
            )
            for what in ("count", "filter form", "html list"):
                etag = etags[where, what]
                if etag:
                    status = get(port, pages[what], etag=etag)[0]
                    expect(status == 200, f"{where}: no stale 304 for {what} ({status})")

    def editor_reads_own_write(self) -> None:
        c = self.c
        status, slug = self.create_partnership(c.a_port, f"Clusteria Editor {self.run_id}")
        expect(status == 201, "an editor writes through A")
        for attempt in range(5):
            renamed = f"Clusteria Editor {self.run_id} r{attempt}"
            send(c.a_port, "PATCH", f"/api/v1/partnerships/{slug}/", {"name": renamed}, self.token)
            seen = data_of(get(c.b_port, f"/api/v1/partnerships/{slug}/", token=self.token))
            expect(seen["name"] == renamed, f"the editor reads rename {attempt} back through B")

    def throttling(self) -> None:
        c = self.c
        client = anyone()
        statuses = [
            get(port, "/api/v1/nations/?page_size=1", client=client)[0]
            for _ in range(ANON_RATE + 5)
            for port in (c.a_port, c.b_port)
        ][: ANON_RATE + 5]
        expect(
            statuses.count(200) == ANON_RATE and statuses[ANON_RATE:] == [429] * 5,
            f"one address gets {ANON_RATE} answers a minute across both servers",
        )

    def kill_server_a(self) -> None:
        c = self.c
        accepted, refused = [], []
        with Load(c.proxy_port) as load:
            time.sleep(1.5)
            killed_at = time.monotonic()
            c.kill("a")
            log("server A killed")
            deadline = time.monotonic() + 4
            number = 0
            while time.monotonic() < deadline:
                number += 1
                started = time.monotonic()
                status, slug = self.create_partnership(
                    c.proxy_port, f"Clusteria Load {self.run_id} {number}"
                )
                (accepted if status == 201 else refused).append((started, status, slug))
        late = load.failures_after(killed_at + FAULT_WINDOW)
        expect(
            not late and len(load.results) > 20,
            f"the proxy kept answering {len(load.results)} reads "
            f"({len(load.failures())} 5xx, none later than {FAULT_WINDOW} s after the kill)",
        )
        expect(
            not [r for r in refused if r[0] >= killed_at + FAULT_WINDOW],
            f"writes kept being accepted ({len(accepted)} accepted)",
        )
        lost = [
            slug
            for _, _, slug in accepted
            if get(c.b_port, f"/api/v1/partnerships/{slug}/", token=self.token)[0] != 200
        ]
        expect(not lost and accepted, "no accepted write was lost")

    def stop_redis(self) -> None:
        c = self.c
        _status, slug = self.create_partnership(c.b_port, f"Clusteria Cache {self.run_id}")
        path = f"/api/v1/partnerships/{slug}/"
        stale = []
        with Load(c.proxy_port) as load:
            time.sleep(1)
            c.kill("redis")
            log("Redis stopped")
            for round_ in range(8):
                renamed = f"Clusteria Cache {self.run_id} v{round_}"
                send(c.proxy_port, "PATCH", path, {"name": renamed}, self.token)
                for port in (c.b_port, c.proxy_port):
                    shown = data_of(get(port, path))["name"]
                    listed = body_of(get(port, f"/partnerships/?q=Cache+{self.run_id}"))
                    if shown != renamed or renamed not in listed:
                        stale.append((port, renamed, shown))
                if round_ == 4:
                    c.start_redis()
                    log("Redis started again")
        expect(not stale, "no stale answer after a write, Redis down or back")
        expect(not load.failures(), f"the site kept serving ({len(load.results)} reads, no 5xx)")

        def cached_again():
            first = get(c.b_port, "/organizations/")
            return "ETag" in first[1]

        c.wait_for("shared caching after Redis returned", cached_again, 10)
        log("ok: shared caching (HTML ETags) is back after Redis returned")

    def stop_replica(self) -> None:
        c = self.c
        c.stop_cluster("replica")
        stopped_at = time.monotonic()
        log("replica stopped")
        with Load(c.proxy_port) as load:
            time.sleep(FAULT_WINDOW + 2)
        late = load.failures_after(stopped_at + FAULT_WINDOW)
        expect(
            not late and load.results,
            f"reads moved to the primary ({len(load.results)} "
            f"reads, {len(load.failures())} 5xx while the servers noticed)",
        )
        _status, slug = self.create_partnership(c.a_port, f"Clusteria Primary {self.run_id}")
        expect(
            get(c.b_port, f"/api/v1/partnerships/{slug}/")[0] == 200,
            "a write made while the replica is down reads back from the primary",
        )
        c.start_cluster("replica")
        log("replica started again")

    def stop_primary(self) -> None:
        c = self.c
        # Let the last write age past the lag bound: reads go to the replica again.
        c.wait_for(
            "the replica catching up",
            lambda: c.psql(c.replica_port, "SELECT pg_is_in_recovery()") == "t",
            30,
        )
        time.sleep(LAG_BOUND + CHECK_INTERVAL + 1)
        c.stop_cluster("primary")
        log("primary stopped")
        time.sleep(CHECK_INTERVAL)
        paths = [*Load.PATHS, "/api/v1/network/", "/search/?q=france"]
        statuses = [get(c.proxy_port, path)[0] for path in paths for _ in range(3)]
        expect(set(statuses) == {200}, f"reads keep answering from the replica ({statuses})")
        name = f"Clusteria Refused {self.run_id}"
        response = post_partnership(c.proxy_port, self.token, name)
        expect(
            response[0] == 503 and "detail" in data_of(response),
            f"an API write gets a 503 JSON error ({response[0]})",
        )
        page = get(c.proxy_port, "/admin/partnerships/partnership/", session=self.session)
        expect(
            page[0] == 503 and "cannot take changes" in body_of(page),
            f"the admin answers a 503 page ({page[0]})",
        )
        c.start_cluster("primary")
        log("primary started again")

        def refused_write_absent():
            listed = get(
                c.b_port, f"/api/v1/partnerships/?q={name.replace(' ', '+')}", token=self.token
            )
            return listed[0] == 200 and data_of(listed)["count"] == 0

        c.wait_for("the primary after restart", refused_write_absent, 30)
        log("ok: nothing of the refused write was kept")


def measure(port: int, path: str, seconds: float, token=None, clients=4) -> tuple:
    """(requests per second, p50 ms, p99 ms, 5xx) of `clients` threads asking `path`."""
    latencies, errors = [], []
    deadline = time.monotonic() + seconds

    def client():
        while time.monotonic() < deadline:
            started = time.monotonic()
            status = get(port, path, token=token)[0]
            latencies.append(time.monotonic() - started)
            if status >= 500:
                errors.append(status)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    return len(latencies) / seconds, p(0.5), p(0.99), len(errors)


def measurements(cluster: Cluster, token: str, seconds: float) -> None:
    """The numbers of docs/deployment.md: one server, two behind the proxy, with the
    replica (anonymous reads) and without it (an editor's reads, on the primary)."""
    for index in range(60):  # something to list
        post_partnership(cluster.a_port, token, f"Measured Pact {index}", f"{1950 + index}-01-01")
    time.sleep(LAG_BOUND + CHECK_INTERVAL + 0.5)  # reads may use the replica again
    print(f"{'endpoint':34} {'topology':36} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} 5xx")
    for path in (
        "/api/v1/partnerships/?page_size=50",
        "/partnerships/?page_size=50",
        "/api/v1/nations/france/",
    ):
        for topology, port, who in (
            ("one server, replica reads", cluster.a_port, None),
            ("two servers + proxy, replica reads", cluster.proxy_port, None),
            ("two servers + proxy, primary reads", cluster.proxy_port, token),
        ):
            rate, p50, p99, errors = measure(port, path, seconds, token=who)
            print(f"{path:34} {topology:36} {rate:7.1f} {p50:7.1f} {p99:7.1f} {errors}")


def main() -> int:
    ensure_packages()
    seconds = float(os.environ.get("CLUSTER_MEASURE", "0"))
    started = time.monotonic()
    cluster = Cluster()
    interrupted = []

    def on_signal(signum, frame):
        interrupted.append(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        cluster.start()
        token, session = cluster.editor_credentials()
        if os.environ.get("CLUSTER_PAUSE"):  # poke at it by hand: ports in the log above
            log(f"paused; token {token}; touch {cluster.work}/go to go on")
            cluster.wait_for("go", lambda: cluster.path("go").exists(), 3600)
        if seconds:
            measurements(cluster, token, seconds)
        checks = Checks(cluster, token, session)
        for step in (
            checks.coherence,
            checks.editor_reads_own_write,
            checks.throttling,
            checks.stop_redis,
            checks.stop_replica,
            checks.kill_server_a,
            checks.stop_primary,
        ):
            log(f"--- {step.__name__.replace('_', ' ')}")
            step()
    except (CheckFailed, subprocess.CalledProcessError, subprocess.TimeoutExpired) as failure:
        log(f"FAILED: {failure}")
        for name in ("a", "b", "pgbouncer", "haproxy"):
            tail = cluster.path(f"{name}.log")
            if tail.exists():
                print(f"--- {name}.log (end)\n" + tail.read_text(errors="replace")[-3000:])
        return 1
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    except Exception:
        traceback.print_exc()
        return 1
    finally:
        cluster.stop_all()
    log(f"all checks passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

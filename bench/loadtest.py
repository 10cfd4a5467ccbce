"""A bounded load test on loopback: no 5xx, no dropped connections, no lost writes.

    .venv/bin/python bench/loadtest.py                       # SQLite in a temporary directory
    .venv/bin/python bench/loadtest.py --duration 10
    .venv/bin/python bench/loadtest.py --database-url postgres://postgres@127.0.0.1:5432/postgres

It builds a fresh database (`migrate`, `generate_synthetic --scale 0.1`), gives each of
several editors an API token, starts `gunicorn militarydiplo.wsgi` on a free port of
127.0.0.1, and for a bounded time runs a mixed read load (HTML pages, API lists, details,
search, CSV) beside the editors, who write through the API as a careful client does:
read the record, PATCH it with If-Match, read again and retry on 412.

Each editor appends a token of its own to the description of a record it alone edits,
and to one record every editor edits. At the end, read from the database:
- an editor's own record holds exactly its acknowledged appends, in order;
- the shared record holds every acknowledged append exactly once: with If-Match, no write
  silently replaced another.
Exit status 0 when every request answered below 500, no connection failed, and no
acknowledged write is missing. Touches nothing but 127.0.0.1 and its own temporary files.
"""

import argparse
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
SCALE = "0.1"
READ_PATHS = [
    "/",
    "/nations/",
    "/nations/?region=europe",
    "/partnerships/?page=2",
    "/exercises/?year=2005",
    "/engagements/",
    "/organizations/",
    "/search/?q=syn",
    "/network/?year=2000",
    "/api/v1/nations/",
    "/api/v1/partnerships/?page_size=50",
    "/api/v1/exercises/?year=2010&page_size=20",
    "/api/v1/organizations/",
    "/api/v1/sources/",
    "/api/v1/partnerships/?format=csv&kind=bilateral",
    "/api/v1/network/?year=2000",
    "/healthz",
]
MAX_WRITES_PER_EDITOR = 200  # a bound besides the clock
REQUEST_TIMEOUT = 30

SETUP = """
import json
import django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token
from partnerships.models import Partnership

change = Permission.objects.get(codename="change_partnership")
tokens = []
for n in range({editors}):
    user = get_user_model().objects.create_user(username=f"load-editor-{{n}}")
    user.user_permissions.add(change)
    tokens.append(Token.objects.create(user=user).key)
slugs = list(Partnership.objects.order_by("slug").values_list("slug", flat=True)[: {editors} + 1])
Partnership.objects.filter(slug__in=slugs).update(description="start")
print(json.dumps({{"tokens": tokens, "slugs": slugs}}))
"""

FINAL = """
import json
import django
django.setup()
from partnerships.models import Partnership
rows = Partnership.objects.filter(slug__in={slugs!r}).values_list("slug", "description")
print(json.dumps(dict(rows)))
"""


# --- the server and its database ---------------------------------------------------------


def app_env(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ENV", "REDIS_URL"}}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="militarydiplo.settings",
        SECRET_KEY="loadtest-" + "k" * 60,
        ALLOWED_HOSTS=HOST,
        # The load test looks for errors and lost writes, not for the throttle's refusals.
        API_THROTTLE_ANON="100000000/min",
        API_THROTTLE_USER="100000000/min",
        LOG_LEVEL="ERROR",
    )
    return env


def python(database_url: str, code: str) -> str:
    result = subprocess.run(
        [PYTHON, "-c", code],
        cwd=ROOT,
        env=app_env(database_url),
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def manage(database_url: str, *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=app_env(database_url),
        stdout=subprocess.DEVNULL,
        timeout=600,
        check=True,
    )


def create_database(base_url: str | None, workdir: Path) -> str:
    if not base_url or base_url.startswith("sqlite"):
        return f"sqlite:///{workdir / 'loadtest.sqlite3'}"
    import psycopg

    name = f"md_loadtest_{os.getpid()}"
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(base_url)._replace(path=f"/{name}"))


def drop_database(base_url: str | None, url: str) -> None:
    if not base_url or base_url.startswith("sqlite"):
        return
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(database_url: str, port: int, workers: int, log) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "militarydiplo.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=app_env(database_url),
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited at start; see its log above")
        try:
            if request(port, "GET", "/healthz")[0] == 200:
                return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# --- clients -----------------------------------------------------------------------------


def request(port, method, path, body=None, headers=None, connection=None):
    """(status, headers, body) of one request; a fresh connection unless one is given."""
    own = connection is None
    connection = connection or http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        all_headers = {"Host": HOST, **(headers or {})}
        if payload is not None:
            all_headers["Content-Type"] = "application/json"
        connection.request(method, path, body=payload, headers=all_headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        if own:
            connection.close()


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.errors: list[str] = []
        self.server_errors: list[str] = []

    def record(self, method, path, status):
        with self.lock:
            self.statuses[status] += 1
            if status >= 500:
                self.server_errors.append(f"{status} {method} {path}")

    def failed(self, method, path, error):
        with self.lock:
            self.errors.append(f"{method} {path}: {type(error).__name__}: {error}")


class Client:
    """One keep-alive connection, reopened after an error (which is counted)."""

    def __init__(self, port, tally, token=None):
        self.port, self.tally = port, tally
        self.headers = {"Authorization": f"Token {token}"} if token else {}
        self.connection = None

    def send(self, method, path, body=None, headers=None):
        if self.connection is None:
            self.connection = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
        try:
            status, reply_headers, content = request(
                self.port, method, path, body, {**self.headers, **(headers or {})}, self.connection
            )
        except (OSError, http.client.HTTPException) as error:
            self.tally.failed(method, path, error)
            self.connection.close()
            self.connection = None
            return None
        self.tally.record(method, path, status)
        if reply_headers.get("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return status, reply_headers, content

    def close(self):
        if self.connection is not None:
            self.connection.close()


def reader(port, tally, deadline, seed):
    client = Client(port, tally)
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        client.send("GET", rng.choice(READ_PATHS))
    client.close()


def append(client, slug, token, acknowledged, retries, deadline) -> bool:
    """Append `token` to the record's description with If-Match; retry on 412."""
    path = f"/api/v1/partnerships/{slug}/"
    while time.monotonic() < deadline + 30:  # finish a write begun before the deadline
        read = client.send("GET", path)
        if read is None or read[0] != 200:
            return False
        _, headers, content = read
        description = json.loads(content)["description"]
        written = client.send(
            "PATCH",
            path,
            {"description": f"{description} {token}"},
            {"If-Match": headers["ETag"]},
        )
        if written is None:
            return False
        if written[0] == 200:
            acknowledged.append(token)
            return True
        if written[0] != 412:
            return False
        retries[0] += 1
    return False


def editor(port, tally, deadline, number, token, own_slug, shared_slug, results):
    client = Client(port, tally, token)
    own, shared, retries = [], [], [0]
    for n in range(MAX_WRITES_PER_EDITOR):
        if time.monotonic() >= deadline:
            break
        if not append(client, own_slug, f"e{number}.{n}", own, retries, deadline):
            break
        if not append(client, shared_slug, f"s{number}.{n}", shared, retries, deadline):
            break
    client.close()
    results[number] = {"own": own, "shared": shared, "retries": retries[0]}


# --- the run -----------------------------------------------------------------------------


def lost_writes(final: dict, slugs: list[str], results: dict) -> list[str]:
    problems = []
    shared_slug = slugs[-1]
    for number, result in results.items():
        expected = " ".join(["start", *result["own"]])
        if final[slugs[number]] != expected:
            problems.append(
                f"editor {number}'s record {slugs[number]} holds {final[slugs[number]]!r}, "
                f"expected {expected!r}"
            )
    shared_tokens = final[shared_slug].split()[1:]
    acknowledged = [token for result in results.values() for token in result["shared"]]
    counts = Counter(shared_tokens)
    for token in acknowledged:
        if counts[token] != 1:
            problems.append(f"shared record holds acknowledged {token} {counts[token]} times")
    unacknowledged = set(shared_tokens) - set(acknowledged)
    if unacknowledged:
        problems.append(f"shared record holds writes never acknowledged: {sorted(unacknowledged)}")
    return problems


def run(args) -> int:
    with tempfile.TemporaryDirectory(prefix="md-loadtest-") as workdir:
        workdir = Path(workdir)
        database_url = create_database(args.database_url, workdir)
        log_path = workdir / "gunicorn.log"
        server = None
        try:
            print(f"Building the database ({database_url.split('://')[0]}, scale {SCALE})…")
            manage(database_url, "migrate", "--noinput")
            manage(database_url, "generate_synthetic", "--scale", SCALE)
            setup = json.loads(python(database_url, SETUP.format(editors=args.editors)))
            tokens, slugs = setup["tokens"], setup["slugs"]

            port = free_port()
            with open(log_path, "w") as log:
                server = start_gunicorn(database_url, port, args.workers, log)
                print(
                    f"gunicorn on {HOST}:{port} ({args.workers} workers): {args.readers} readers "
                    f"and {args.editors} editors for {args.duration:g} s…"
                )
                tally = Tally()
                results = {}
                started = time.monotonic()
                deadline = started + args.duration
                threads = [
                    threading.Thread(target=reader, args=(port, tally, deadline, seed))
                    for seed in range(args.readers)
                ] + [
                    threading.Thread(
                        target=editor,
                        args=(port, tally, deadline, n, tokens[n], slugs[n], slugs[-1], results),
                    )
                    for n in range(args.editors)
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=args.duration + 120)
                elapsed = time.monotonic() - started
                hung = [thread for thread in threads if thread.is_alive()]
                stop(server)
                server = None

            final = json.loads(python(database_url, FINAL.format(slugs=slugs)))
            problems = [f"{len(hung)} client threads did not finish"] if hung else []
            problems += tally.server_errors[:20] + tally.errors[:20]
            problems += lost_writes(final, slugs, results)
            if len(results) != args.editors:
                problems.append(f"only {len(results)} of {args.editors} editors finished")

            total = sum(tally.statuses.values())
            writes = sum(len(r["own"]) + len(r["shared"]) for r in results.values())
            retries = sum(r["retries"] for r in results.values())
            print(
                f"{total} requests in {elapsed:.1f} s ({total / elapsed:.0f}/s); statuses "
                f"{dict(sorted(tally.statuses.items()))}; {len(tally.errors)} connection errors"
            )
            print(f"{writes} acknowledged writes, {retries} retried after 412")
            if writes == 0:
                problems.append("no write was acknowledged")
            if problems:
                print("LOAD TEST FAILED:")
                for problem in problems:
                    print(f"  - {problem}")
                print(log_path.read_text()[-3000:])
                return 1
            print("Load test passed: no 5xx, no connection errors, no lost writes.")
            return 0
        finally:
            if server is not None:
                stop(server)
            drop_database(args.database_url, database_url)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load (≤ 300)")
    parser.add_argument("--readers", type=int, default=6)
    parser.add_argument("--editors", type=int, default=4)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--database-url", help="a PostgreSQL server to create a database on")
    args = parser.parse_args()
    if not 0 < args.duration <= 300 or not 1 <= args.readers <= 32 or not 1 <= args.editors <= 16:
        parser.error("keep it bounded: duration ≤ 300 s, ≤ 32 readers, ≤ 16 editors")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())

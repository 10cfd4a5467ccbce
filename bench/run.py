"""`make bench`: throughput, latency and SQL queries of the main pages and endpoints.

    .venv/bin/python bench/run.py                       # SQLite temp files, 1 worker
    .venv/bin/python bench/run.py --workers 2
    .venv/bin/python bench/run.py --database-url postgres://postgres@127.0.0.1:5432/postgres

For each scale (1 and 4 by default) it builds a fresh database (`migrate`, then
`generate_synthetic --scale N`), counts the SQL queries of every endpoint in-process
(bench/queries.py) and starts `gunicorn militarydiplo.wsgi` on a free loopback port with
the bench's settings (bench/settings.py: the product's, plus the hand-written-SQL
yardstick of bench/limit_views.py at /api/bench/limit/<resource>/);
then it loads each URL on every scale's server in turn, for a bounded time, with wrk
(installed with apt-get when missing and allowed; bench/load.py otherwise). Prints one
table and writes it as JSON under bench/results/; bench/README.md explains how to read
it. Never part of `make test`.
"""

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results"

NATION, OTHER = "syn-nation-00007", "syn-nation-00011"
LIST_SIZES = (10, 50, 200)
LIST_RESOURCES = ("exercises", "partnerships", "nations")
LIMIT = "/api/bench/limit/"  # bench/urls.py


def endpoints():
    """(name, page size or "", path, limit key or None) for every URL measured under load."""
    rows = []
    for resource in LIST_RESOURCES:
        for size in LIST_SIZES:
            # The yardstick right before what it measures: the shared machine's load drifts.
            limit = f"{resource}:{size}"
            rows.append((f"limit {resource}", size, f"{LIMIT}{resource}/?page_size={size}", None))
            rows.append((f"{resource} api", size, f"/api/v1/{resource}/?page_size={size}", limit))
            rows.append((f"{resource} html", size, f"/{resource}/?page_size={size}", limit))
    rows += [
        ("nation profile html", "", f"/nations/{NATION}/", None),
        ("nation api", "", f"/api/v1/nations/{NATION}/", None),
        ("relations html", "", f"/relations/{NATION}/{OTHER}/", None),
        ("relations api", "", f"/api/v1/relations/{NATION}/{OTHER}/", None),
        ("network html", "", "/network/?year=2000", None),
        ("network api", "", "/api/v1/network/?year=2000", None),
        ("search html", "", "/search/?q=cor", None),
        ("search api", "", "/api/v1/search/?q=cor", None),
        # Every exercise on the map (grouped by cell in SQL), with the first page of rows.
        ("exercise map html", "", "/exercises/?page_size=10", None),
        ("exercise map series", "", "/exercises/?series=syn-series-00007", None),
    ]
    return rows


# Whole exports grow with the data: timed one request after another, not under load.
EXPORTS = [
    ("csv partnerships, year", "/api/v1/partnerships/?format=csv&year=2000"),
    ("csv partnerships, all", "/api/v1/partnerships/?format=csv"),
    # The research export over the full range: flat per row as the data grows (µs/row).
    ("csv dyad-years, all", "/api/v1/dyad-years/?format=csv&from=1816&to=2016"),
]
EXPORT_REQUESTS = 3

CONDITIONAL = [  # (name, path): measured with the ETag the first answer carried
    ("304 exercises api", "/api/v1/exercises/?page_size=50"),
    ("304 exercises html", "/exercises/?page_size=50"),
]


# --- databases -------------------------------------------------------------------------------


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def create_database(base_url: str | None, scale, workdir: Path) -> str:
    if not base_url or base_url.startswith("sqlite"):
        return f"sqlite:///{workdir / f'bench-{scale:g}x.sqlite3'}"
    import psycopg

    name = f"md_bench_{str(scale).replace('.', '_')}x_{os.getpid()}"
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return with_database(base_url, name)


def drop_database(base_url: str | None, url: str):
    if not base_url or base_url.startswith("sqlite"):
        return
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def app_env(database_url: str, **extra) -> dict:
    env = dict(os.environ)
    env.pop("DEBUG", None)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY="bench-" + "x" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        # The bench measures the app, not the throttle's refusals.
        API_THROTTLE_ANON="100000000/min",
        API_THROTTLE_USER="100000000/min",
        LOG_LEVEL="ERROR",
        **extra,
    )
    return env


def manage(database_url, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=app_env(database_url),
        check=True,
        stdout=subprocess.DEVNULL,
    )


# --- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(database_url, workers, port):
    gunicorn = Path(PYTHON).with_name("gunicorn")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "militarydiplo.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
        ],
        cwd=ROOT,  # so gunicorn reads ./gunicorn.conf.py
        env=app_env(database_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as reply:
                if reply.status == 200:
                    return process
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    stop(process)
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=120) as reply:
            return reply.status, dict(reply.headers), reply.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


# --- load ------------------------------------------------------------------------------------


def ensure_wrk(allow_install: bool) -> str | None:
    found = shutil.which("wrk")
    if found or not allow_install or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
    subprocess.run(
        ["apt-get", "install", "-y", "wrk"],
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return shutil.which("wrk")


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(output: str) -> dict:
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    total = re.search(r"^\s+(\d+) requests in", output, re.M)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "requests": int(total.group(1)) if total else 0,
        "errors": (int(bad.group(1)) if bad else 0)
        + (int(errors.group(1)) + int(errors.group(4)) if errors else 0),
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50_ms": _ms(p50.group(1)) if p50 else None,
        "p99_ms": _ms(p99.group(1)) if p99 else None,
    }


def load(url, *, wrk, connections, duration, headers=None):
    lines = [f"{name}: {value}" for name, value in (headers or {}).items()]
    if wrk:
        command = [
            wrk,
            "-t1",
            f"-c{connections}",
            f"-d{max(1, round(duration))}s",
            "--latency",
            "--timeout=60s",
        ]
        command += [arg for line in lines for arg in ("-H", line)]
        output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
        return parse_wrk(output)
    extra = [f"--header={line}" for line in lines]
    output = subprocess.run(
        [
            PYTHON,
            str(ROOT / "bench" / "load.py"),
            url,
            f"--connections={connections}",
            f"--duration={duration}",
            *extra,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output)


def timed(url, requests) -> dict:
    """Requests one after another: for answers too slow for a load test's time window."""
    seconds, status = [], None
    for _ in range(requests):
        started = time.perf_counter()
        status, _, body = fetch(url)
        seconds.append(time.perf_counter() - started)
    seconds.sort()
    rows = max(0, body.count(b"\n") - 1)  # CSV: lines past the header
    return {
        "status": status,
        "bytes": len(body),
        "rows": rows,
        "us_per_row": seconds[len(seconds) // 2] * 1e6 / rows if rows else None,
        "requests": requests,
        "errors": 0 if status == 200 else requests,
        "rps": requests / sum(seconds),
        "p50_ms": seconds[len(seconds) // 2] * 1000,
        "p99_ms": seconds[-1] * 1000,
    }


# --- the measurements ------------------------------------------------------------------------


def prepare(scale, args, workdir) -> dict:
    """A fresh database at this scale, with the SQL queries of every URL counted."""
    print(f"scale {scale:g}: building a fresh database", file=sys.stderr)
    database_url = create_database(args.database_url, scale, workdir)
    started = time.perf_counter()
    manage(database_url, "migrate", "--noinput")
    manage(database_url, "generate_synthetic", "--scale", str(scale))
    print(f"  data ready in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    paths = [path for _, _, path, _ in endpoints()] + [path for _, path in EXPORTS]
    counts = json.loads(
        subprocess.run(
            [PYTHON, str(ROOT / "bench" / "queries.py"), *paths],
            cwd=ROOT,
            env=app_env(database_url),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    return {"scale": scale, "database_url": database_url, "counts": counts, "rows": []}


def measure_all(runs, args, wrk):
    """Every URL at every scale, one scale right after the other: on a shared machine the
    load drifts, and a 4x/1x ratio means something only if both were measured together."""
    servers = []
    try:
        for run in runs:
            port = free_port()
            servers.append(start_gunicorn(run["database_url"], args.workers, port))
            run["base"] = f"http://127.0.0.1:{port}"
        for name, size, path, limit in endpoints():
            if args.only and not re.search(args.only, name):
                continue
            for run in runs:
                for _ in range(3):  # warm the worker(s): imports, templates, caches
                    status, _, _ = fetch(run["base"] + path)
                print(f"  {run['scale']:g}x {name} {size} ({status})", file=sys.stderr)
                result = load(
                    run["base"] + path,
                    wrk=wrk,
                    connections=args.connections,
                    duration=args.duration,
                )
                counts = run["counts"][path]
                run["rows"].append(
                    {"name": name, "size": size, "path": path, "limit": limit, "status": status}
                    | {"queries": counts["cold"], "queries_warm": counts["warm"]}
                    | result
                )
        for name, path in EXPORTS:
            if args.only and not re.search(args.only, name):
                continue
            for run in runs:
                print(f"  {run['scale']:g}x {name}", file=sys.stderr)
                counts = run["counts"][path]
                run["rows"].append(
                    {"name": name, "size": "", "path": path, "limit": None}
                    | timed(run["base"] + path, EXPORT_REQUESTS)
                    | {"queries": counts["cold"], "queries_warm": counts["warm"]}
                )
        for name, path in CONDITIONAL:
            if args.only and not re.search(args.only, name):
                continue
            for run in runs:
                _, headers, _ = fetch(run["base"] + path)
                etag = headers.get("ETag")
                if not etag:
                    run["rows"].append(
                        {"name": name, "size": 50, "path": path, "status": "no ETag"}
                    )
                    continue
                conditional = {"If-None-Match": etag}
                status, _, _ = fetch(run["base"] + path, conditional)
                print(f"  {run['scale']:g}x {name} ({status})", file=sys.stderr)
                result = load(
                    run["base"] + path,
                    wrk=wrk,
                    connections=args.connections,
                    duration=args.duration,
                    headers=conditional,
                )
                run["rows"].append(
                    {"name": name, "size": 50, "path": path, "limit": None, "status": status}
                    | result
                )
    finally:
        for server in servers:
            stop(server)


# --- the report ------------------------------------------------------------------------------


def add_ratios(results):
    """×limit (throughput over the yardstick's) per row; p50 at this scale over the first."""
    first = results[0]["rows"] if results else []
    p50_first = {(row["name"], row["size"]): row.get("p50_ms") for row in first}
    for result in results:
        limits = {
            row["name"].removeprefix("limit ") + f":{row['size']}": row
            for row in result["rows"]
            if row["name"].startswith("limit ")
        }
        for row in result["rows"]:
            limit = limits.get(row.get("limit") or "")
            row["limit_rps"] = limit["rps"] if limit else None
            row["x_limit"] = round(row["rps"] / limit["rps"], 2) if limit and limit["rps"] else None
            before = p50_first.get((row["name"], row["size"]))
            row["p50_vs_first"] = (
                round(row["p50_ms"] / before, 2)
                if result is not results[0] and before and row.get("p50_ms")
                else None
            )


def _cell(value, digits=1):
    if value is None or value == "":
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def table(results, meta) -> str:
    lines = [
        f"militarydiplo bench: {meta['database']}, {meta['workers']} gunicorn worker(s), "
        f"{meta['connections']} connections, {meta['duration']} s per URL ({meta['loader']})",
    ]
    header = (
        f"{'endpoint':<26}{'size':>5}{'queries':>9}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'limit r/s':>11}{'x limit':>9}{'p50 vs 1x':>11}"
    )
    for result in results:
        lines += ["", f"scale {result['scale']:g}x", header, "-" * len(header)]
        for row in result["rows"]:
            queries = row.get("queries")
            if queries is not None and row.get("queries_warm") != queries:
                queries = f"{queries}/{row['queries_warm']}"
            lines.append(
                f"{row['name']:<26}{_cell(row.get('size')):>5}{_cell(queries):>9}"
                f"{_cell(row.get('rps')):>9}{_cell(row.get('p50_ms'), 2):>9}"
                f"{_cell(row.get('p99_ms'), 2):>9}{_cell(row.get('limit_rps')):>11}"
                f"{_cell(row.get('x_limit'), 2):>9}{_cell(row.get('p50_vs_first'), 2):>11}"
                + (f"  status {row['status']}" if row.get("status") not in (200, 304) else "")
                + (f"  errors {row['errors']}" if row.get("errors") else "")
                + (
                    f"  {row['us_per_row']:.1f} µs/row of {row['rows']:,}"
                    if row.get("us_per_row")
                    else ""
                )
            )
    return "\n".join(lines)


def targets(results) -> str:
    """The issue's three targets, checked against this run."""
    out = ["", "targets"]
    for result in results:
        by_name = {}
        for row in result["rows"]:
            if row.get("size") in LIST_SIZES and not row["name"].startswith(("limit", "304")):
                by_name.setdefault(row["name"], set()).add(row.get("queries"))
        flat = [name for name, found in by_name.items() if len(found) == 1]
        most = max(
            (
                row.get("queries") or 0
                for row in result["rows"]
                if not row["name"].startswith(("limit", "csv"))  # exports query per chunk
            ),
            default=0,
        )
        out.append(
            f"  {result['scale']:g}x: lists with the same queries at every page size: "
            f"{len(flat)}/{len(by_name)}; most queries on any page: {most}"
        )
    last = results[-1]
    ratios = [row["p50_vs_first"] for row in last["rows"] if row.get("p50_vs_first")]
    if len(results) > 1 and ratios:
        worst = max(last["rows"], key=lambda row: row.get("p50_vs_first") or 0)
        over = [row for row in last["rows"] if (row.get("p50_vs_first") or 0) > 1.5]
        out.append(
            f"  p50 at {last['scale']:g}x over 1x: worst {worst['p50_vs_first']} "
            f"({worst['name']} {worst['size']}); above 1.5: "
            + (", ".join(f"{r['name']} {r['size']}".strip() for r in over) or "none")
        )
    for result in results:
        for row in result["rows"]:
            if row["name"] in ("exercises api", "partnerships api") and row["size"] == 50:
                out.append(
                    f"  {result['scale']:g}x {row['name']} 50: {_cell(row.get('x_limit'), 2)} "
                    "of the limit's throughput (target 0.5)"
                )
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,4", help="comma list (default 1,4)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL"),
        help="PostgreSQL server to create throw-away databases on (default: SQLite files)",
    )
    parser.add_argument("--duration", type=float, default=3.0, help="seconds per URL")
    parser.add_argument("--connections", type=int, default=None, help="default 2 per worker")
    parser.add_argument("--only", help="regex: measure only endpoints whose name matches")
    parser.add_argument("--no-install", action="store_true", help="never apt-get install wrk")
    args = parser.parse_args()
    args.connections = args.connections or 2 * args.workers
    scales = [float(scale) for scale in args.scales.split(",")]

    wrk = ensure_wrk(not args.no_install)
    postgres = (args.database_url or "").startswith("postgres")
    database = "postgresql" if postgres else "sqlite"
    meta = {
        "database": database,
        "workers": args.workers,
        "connections": args.connections,
        "duration": args.duration,
        "loader": "wrk" if wrk else "bench/load.py",
        "redis": bool(os.environ.get("REDIS_URL")),
        "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }
    workdir = Path(tempfile.mkdtemp(prefix="md-bench-"))
    started = time.perf_counter()
    runs = []
    try:
        for scale in scales:
            runs.append(prepare(scale, args, workdir))
        measure_all(runs, args, wrk)
    finally:
        for run in runs:
            drop_database(args.database_url, run["database_url"])
        shutil.rmtree(workdir, ignore_errors=True)
    results = [{"scale": run["scale"], "rows": run["rows"]} for run in runs]
    add_ratios(results)
    report = table(results, meta) + "\n" + targets(results)
    print(report)
    meta["seconds"] = round(time.perf_counter() - started)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"bench-{stamp}-{database}-w{args.workers}.json"
    path.write_text(json.dumps({"meta": meta, "results": results, "table": report}, indent=1))
    print(f"\n{meta['seconds']} s; written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

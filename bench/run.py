"""The benchmark: page times and queries at two scales, report generation, and a load test.

    .venv/bin/python bench/run.py [--scales 1 10] [--seed 1] [--requests 30]
        [--locust-users 50 --locust-seconds 60] [--markdown bench/results.md]

PostgreSQL only: the server named by DATABASE_URL (default postgres://postgres@127.0.0.1:5432)
gets one database per scale, ``oversee_bench_s<scale>``, migrated and filled by
``manage.py generate_demo_data --scale N --seed S``. A database already filled for that scale
and seed (the database's comment says which) is reused as it is; one filled otherwise is dropped
and made again. Then, on each scale:

1. server time per page (Django's test client, signed in as the demo DfE official): warm-up
   requests, then ``--requests`` timed ones, median and p95, each as a ratio to a trivial
   signed-in page timed in the same run; the queries each page runs;

and on the largest scale:

2. report generation per intervention (``reporting.services.generate_report``, rolled back);
3. one quarter's reports for every intervention through Celery (a real worker on Redis);
4. a Locust run (``bench/locustfile.py``) against gunicorn, with the worker running.

3 and 4 run on a scratch copy of the database (``..._load``), dropped afterwards, so the
measured databases stay as the generator left them. Everything listens on 127.0.0.1 only and
every process started here is stopped before the command ends. It prints one Markdown table,
each figure beside its target, and writes the same to ``--markdown``.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
BIN = ROOT / ".venv" / "bin"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"
# Targets (issue #7; issue #19 set the multiple of the trivial page to 10 and added "as at").
PAGE_MEDIAN_MS = 150
PAGE_TO_TRIVIAL = 10
AS_AT_TO_TODAY = 1.5
AS_AT = " as at"
SCALE_RATIO = 1.5
REPORT_MAX_S = 1.0
LOCUST_P95_MS = 300  # issue 19: 50 users at scale 10, p95 under 300 ms
# The Celery queue of the bench's worker and the reports it is given (bench/measure.py).
BENCH_QUEUE = "bench-reports"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Databases


def server_url() -> str:
    url = os.environ.get("DATABASE_URL", DEFAULT_SERVER)
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            f"The benchmark runs on PostgreSQL only, not {url.split(':', 1)[0]}: set "
            f"DATABASE_URL to a PostgreSQL server (the database in it is not used)."
        )
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# PostgreSQL's JIT compiler spends 1.5 s compiling the dashboard's ratings query, whose real
# work is 80 ms (bench/README.md); ``--jit on`` measures with the server's default.
JIT = {"on": "", "off": "?options=-c%20jit%3Doff"}
jit_option = JIT["off"]


def database_url(name: str) -> str:
    return f"{server_url()}/{name}{jit_option if name != 'postgres' else ''}"


@contextmanager
def maintenance():
    """A connection to the server's ``postgres`` database, for CREATE and DROP DATABASE."""
    conn = psycopg2.connect(database_url("postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            yield cursor
    finally:
        conn.close()


def database_comment(cursor, name: str) -> str | None:
    """None if the database does not exist, else its comment ("" if none)."""
    cursor.execute(
        "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database "
        "WHERE datname = %s",
        [name],
    )
    row = cursor.fetchone()
    return row[0] if row else None


def create_database(cursor, name: str, template: str | None = None) -> None:
    cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    cursor.execute(statement)


# Databases named on the command line (--database SCALE=NAME), by scale.
named_databases: dict[str, str] = {}


def prepare_database(scale: str, seed: int, password: str) -> str:
    """The scale's database, migrated and filled by the generator (reused when it was filled
    for this scale and seed). Returns its name."""
    name = named_databases.get(scale) or f"oversee_bench_s{scale.replace('.', '_')}"
    marker = f"generate_demo_data --scale {scale} --seed {seed}"
    with maintenance() as cursor:
        comment = database_comment(cursor, name)
        if comment != marker:
            log(f"{name}: {'made again' if comment is not None else 'created'}")
            create_database(cursor, name)
    manage(name, "migrate", "--no-input", "-v", "0")
    if comment != marker:
        log(f"{name}: generating scale {scale}, seed {seed} (this can take minutes)")
        started = time.perf_counter()
        manage(
            name,
            "generate_demo_data",
            "--scale",
            scale,
            "--seed",
            str(seed),
            "--password",
            password,
        )
        log(f"{name}: generated in {time.perf_counter() - started:.0f} s")
        with maintenance() as cursor:
            cursor.execute(
                sql.SQL("COMMENT ON DATABASE {} IS %s").format(sql.Identifier(name)), [marker]
            )
    else:
        log(f"{name}: reused ({marker})")
    vacuum_analyze(name)
    return name


def vacuum_analyze(name: str) -> None:
    """Fresh planner statistics after the bulk load, as autovacuum would make them in time
    (without them PostgreSQL misjudges the new tables; see bench/README.md)."""
    conn = psycopg2.connect(database_url(name))
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    finally:
        conn.close()


# ---------------------------------------------------------------------------------------------
# Running the project's programs


def environment(database: str, var_dir: Path) -> dict:
    """Production-like settings: DEBUG off, a secret key, the hashed static files, loopback
    hosts; TLS is the proxy's job, so no redirect to HTTPS."""
    return {
        **os.environ,
        "DATABASE_URL": database_url(database),
        "CELERY_BROKER_URL": os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/4"),
        # Pages cached under the data's version (core.page_cache), shared by the web processes.
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/5"),
        "BENCH_QUEUE": BENCH_QUEUE,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-not-a-production-key",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "DJANGO_MANIFEST_STATIC": "1",
        "VAR_DIR": str(var_dir),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def manage(database: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url(database), "DJANGO_DEBUG": "1"}
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def measure(env: dict, *args: str) -> dict:
    """Run bench/measure.py and read the JSON it prints."""
    done = subprocess.run(  # noqa: S603
        [PYTHON, "bench/measure.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(done.stdout)


def bench_var_dir() -> Path:
    """A VAR_DIR of the benchmark's own (static files, uploads), with the compiled CSS."""
    var_dir = Path(tempfile.gettempdir()) / "oversee-bench-var"
    var_dir.mkdir(exist_ok=True)
    build = var_dir / "static-build"
    if not build.exists():
        build.symlink_to(ROOT / "var" / "static-build")
    return var_dir


def collect_static(env: dict) -> None:
    subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


class Processes:
    """Processes started here, each stopped (by its own id) when the block ends."""

    def __init__(self, log_dir: Path):
        self.log_dir = log_dir
        self.started: list[subprocess.Popen] = []

    def start(self, name: str, args: list[str], env: dict) -> subprocess.Popen:
        output = (self.log_dir / f"{name}.log").open("w")
        process = subprocess.Popen(  # noqa: S603
            args, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        self.started.append(process)
        return process

    def stop_all(self) -> None:
        for process in reversed(self.started):
            if process.poll() is None:
                process.terminate()
        for process in self.started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer 200 within {timeout:.0f} s")


def wait_for_worker(env: dict, log_path: Path, timeout: float = 60) -> None:
    """Until the worker answers a ping (its log is JSON at the bench's WARNING level, so it
    never says "ready")."""
    deadline = time.monotonic() + timeout
    ping = [str(BIN / "celery"), "-A", "config", "inspect", "ping", "--timeout", "2"]
    while time.monotonic() < deadline:
        answer = subprocess.run(ping, cwd=ROOT, env=env, capture_output=True, check=False)  # noqa: S603
        if answer.returncode == 0:
            return
        time.sleep(0.5)
    raise SystemExit(f"The Celery worker did not start: see {log_path}")


def load_test(database: str, args, var_dir: Path, password: str) -> dict:
    """On a scratch copy of ``database``: every intervention's latest quarterly report through
    a real Celery worker, then Locust against gunicorn with the worker still running."""
    scratch = f"{database}_load"
    with maintenance() as cursor:
        create_database(cursor, scratch, template=database)
    env = environment(scratch, var_dir)
    log_dir = Path(tempfile.mkdtemp(prefix="oversee-bench-"))
    processes = Processes(log_dir)
    try:
        processes.start(
            "worker",
            [
                str(BIN / "celery"),
                "-A",
                "config",
                "worker",
                "--concurrency",
                "2",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                # A queue of its own: a worker on the default queue first sweeps every report
                # owed since 2009 that the generated data lacks (thousands), which took the
                # CPU from the reports measured here and from the load test after them.
                "--queues",
                BENCH_QUEUE,
            ],
            env,
        )
        wait_for_worker(env, log_dir / "worker.log")
        log("all reports through Celery")
        results = measure(env, "enqueue-reports")
        accounts = measure(env, "accounts")
        accounts_file = log_dir / "accounts.json"
        accounts_file.write_text(json.dumps(accounts))
        host = f"127.0.0.1:{args.port}"
        processes.start(
            "gunicorn",
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "--workers",
                str(args.gunicorn_workers),
                "--bind",
                host,
                "--access-logfile",
                "-",
                "--access-logformat",
                ACCESS_LOG,
            ],
            env,
        )
        # The sign-in page: the app and its database answer. (Not /healthz: it also wants a
        # worker heartbeat from the last ten minutes, which only beat sends, and the bench runs
        # no beat; the reports above can take longer than that.)
        wait_for(f"http://{host}/sign-in/")
        # Users arrive at the spawn rate; the figures are reset once all have arrived, and the
        # run goes on for --locust-seconds more.
        arriving = math.ceil(args.locust_users / args.locust_spawn_rate)
        log(
            f"Locust: {args.locust_users} users arriving over {arriving} s, then "
            f"{args.locust_seconds} s measured, against {host}"
        )
        prefix = log_dir / "locust"
        subprocess.run(  # noqa: S603
            [
                str(BIN / "locust"),
                "-f",
                "bench/locustfile.py",
                "--headless",
                "-u",
                str(args.locust_users),
                "-r",
                str(args.locust_spawn_rate),
                "-t",
                f"{arriving + args.locust_seconds}s",
                "--host",
                f"http://{host}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--reset-stats",
                "--exit-code-on-error",
                "0",
            ],
            cwd=ROOT,
            env={**env, "BENCH_ACCOUNTS": str(accounts_file), "BENCH_PASSWORD": password},
            check=True,
            stdout=(log_dir / "locust.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        results["locust"] = read_locust(prefix)
        results["sign_in"] = server_times(log_dir / "gunicorn.log")
        results["locust"]["logs"] = str(log_dir)
        return results
    finally:
        processes.stop_all()
        with maintenance() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch))
            )


# gunicorn's access log line: method, path, status and the time taken in milliseconds.
ACCESS_LOG = 'access "%(r)s" %(s)s %(M)s'
ACCESS_LINE = re.compile(r'^access "(\S+) (\S+) [^"]*" (\d+) (\d+)$')


def server_times(log_path: Path) -> dict:
    """Server time of the sign-ins (POST /sign-in/) and of every request, from gunicorn's
    access log (Locust's figures are reset once the users are spawned, and include the time a
    request waits for a free gunicorn worker)."""
    lines = [ACCESS_LINE.match(line) for line in log_path.read_text().splitlines()]
    every = sorted(int(match[4]) for match in lines if match)
    sign_ins = [int(m[4]) for m in lines if m and m[1] == "POST" and m[2] == "/sign-in/"]
    return {
        "n": len(sign_ins),
        "median": statistics.median(sign_ins) if sign_ins else 0,
        "max": max(sign_ins, default=0),
        "all": {
            "n": len(every),
            "p50": every[len(every) // 2] if every else 0,
            "p95": every[int(len(every) * 0.95)] if every else 0,
        },
    }


def read_locust(prefix: Path) -> dict:
    """Each request name's figures and the aggregate, from Locust's ``_stats.csv``."""
    rows = {}
    with open(f"{prefix}_stats.csv", newline="") as stats:
        for row in csv.DictReader(stats):
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": float(row["50%"]),
                "p95": float(row["95%"]),
                "p99": float(row["99%"]),
            }
    return {"rows": rows}


# ---------------------------------------------------------------------------------------------
# The table


def afresh(page: dict, other: dict) -> str:
    """The same ratio for the pages made afresh (the first request after a change), if
    measured."""
    if "fresh_median" not in page or "fresh_median" not in other:
        return ""
    return f"; made afresh: {page['fresh_median'] / other['fresh_median']:.2f}"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def ms(value: float) -> str:
    return f"{value:.1f} ms"


def page_rows(by_scale: dict[str, dict], scales: list[str]) -> list[list[str]]:
    low, high = scales[0], scales[-1]
    rows = []
    for scale in scales:
        pages = by_scale[scale]["pages"]
        trivial = pages["trivial"]["median"]
        rows.append(
            [
                f"trivial page, scale {scale}",
                f"median {ms(trivial)}, "
                f"p95 {ms(pages['trivial']['p95'])}, {pages['trivial']['queries']} queries",
                "(the yardstick)",
                "",
            ]
        )
        for name, page in pages.items():
            if name == "trivial":
                continue
            ratio = page["median"] / trivial
            figure = (
                f"median {ms(page['median'])}, p95 {ms(page['p95'])}, "
                f"{ratio:.1f}x trivial, {page['queries']} queries"
            )
            for prefix, label in (("fresh", "made afresh"), ("cold", "cold")):
                # Made afresh: the first request after a change to one intervention; cold:
                # nothing kept, the first request of a day (bench/measure.py, time_page).
                if f"{prefix}_median" in page:
                    figure += (
                        f"; {label}: median {ms(page[f'{prefix}_median'])}, "
                        f"{page[f'{prefix}_median'] / pages['trivial'][f'{prefix}_median']:.1f}x"
                        f" trivial, {page[f'{prefix}_queries']} queries"
                    )
            if scale == high:
                ok = page["median"] <= PAGE_MEDIAN_MS and ratio <= PAGE_TO_TRIVIAL
                rows.append(
                    [
                        f"{name}, scale {scale}",
                        figure,
                        f"median <= {PAGE_MEDIAN_MS} ms and <= {PAGE_TO_TRIVIAL}x trivial",
                        verdict(ok),
                    ]
                )
            else:
                rows.append([f"{name}, scale {scale}", figure, "", ""])
            today = pages.get(name.removesuffix(AS_AT)) if name.endswith(AS_AT) else None
            if today is not None:
                to_today = page["median"] / today["median"]
                rows.append(
                    [
                        f"{name}, scale {scale}, / the same page today",
                        f"{to_today:.2f} ({page['queries']} and {today['queries']} queries)"
                        + afresh(page, today),
                        f"<= {AS_AT_TO_TODAY}",
                        verdict(to_today <= AS_AT_TO_TODAY),
                    ]
                )
    if low != high:
        for name in by_scale[high]["pages"]:
            if name == "trivial":
                continue
            a, b = by_scale[low]["pages"].get(name), by_scale[high]["pages"].get(name)
            if not (a and b):
                continue
            ratio = b["median"] / a["median"]
            rows.append(
                [
                    f"{name}, scale {high} / scale {low}",
                    f"{ratio:.2f}" + afresh(b, a),
                    f"<= {SCALE_RATIO}",
                    verdict(ratio <= SCALE_RATIO),
                ]
            )
            # Made afresh where measured: a page served from the cache reads only the version.
            key = "fresh_queries" if "fresh_queries" in a and "fresh_queries" in b else "queries"
            rows.append(
                [
                    f"{name}, queries at scale {low} and {high}"
                    + (" (made afresh)" if key == "fresh_queries" else ""),
                    f"{a[key]} and {b[key]}",
                    "the same",
                    verdict(a[key] == b[key]),
                ]
            )
    return rows


def report_rows(reports: dict, scale: str) -> list[list[str]]:
    r = reports["reports"]
    return [
        [
            f"report generation per intervention, scale {scale} ({r['n']} interventions)",
            f"median {ms(r['median'])}, p95 {ms(r['p95'])}, max {ms(r['max'])}, "
            f"{r['queries_min']}-{r['queries_max']} queries",
            f"<= {REPORT_MAX_S:.0f} s each",
            verdict(r["max"] <= REPORT_MAX_S * 1000),
        ]
    ]


def load_rows(load: dict, scale: str, args) -> list[list[str]]:
    everything = load["all_reports"]
    rows = [
        [
            f"one quarter's report for every intervention through Celery, scale {scale}",
            f"{everything['done']} of {everything['reports']} in {everything['seconds']} s "
            f"(worker concurrency 2)",
            "",
            "",
        ]
    ]
    stats = load["locust"]["rows"]
    total = stats["Aggregated"]
    rows.append(
        [
            f"Locust, {args.locust_users} users, scale {scale}: the {args.locust_seconds} s "
            f"after all had signed in (arriving {args.locust_spawn_rate:g} a second)",
            f"{total['requests']} requests, {total['rps']:.1f} req/s, p50 {total['p50']:.0f} ms, "
            f"p95 {total['p95']:.0f} ms, p99 {total['p99']:.0f} ms, {total['failures']} errors",
            f"no errors, p95 < {LOCUST_P95_MS} ms",
            verdict(total["failures"] == 0 and total["p95"] < LOCUST_P95_MS),
        ]
    )
    sign_in = load["sign_in"]
    every = sign_in["all"]
    rows.append(
        [
            "  every request, server time (gunicorn's access log, sign-ins included)",
            f"{every['n']} requests, p50 {every['p50']} ms, p95 {every['p95']} ms",
            "",
            "",
        ]
    )
    rows.append(
        [
            "  sign-ins, server time (gunicorn's access log)",
            f"{sign_in['n']} sign-ins, median {sign_in['median']:.0f} ms, max {sign_in['max']} ms "
            f"(PBKDF2 password hashing)",
            "",
            "",
        ]
    )
    for name, row in stats.items():
        if name != "Aggregated":
            rows.append(
                [
                    f"  Locust: {name}",
                    f"{row['requests']} requests, p50 {row['p50']:.0f} ms, "
                    f"p95 {row['p95']:.0f} ms, "
                    f"p99 {row['p99']:.0f} ms, {row['failures']} errors",
                    "",
                    "",
                ]
            )
    return rows


def markdown(rows: list[list[str]]) -> str:
    lines = ["| figure | value | target | |", "|---|---|---|---|"]
    lines += ["| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    with maintenance() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{time.strftime('%d %B %Y %H:%M %Z')}; {os.cpu_count()} CPUs "
        f"({platform.processor() or platform.machine()}), {memory:.0f} GiB RAM, "
        f"PostgreSQL {version}, Python {platform.python_version()}; load average {load} "
        "(1, 5, 15 minutes) as the run ended"
    )


def count_rows(counts: dict, scale: str) -> str:
    tables = counts["counts"]
    history = {t: n for t, n in tables.items() if "_historical" in t}
    lines = [
        f"Rows at scale {scale}: {sum(history.values()):,} history rows, "
        f"{sum(tables.values()):,} in all.",
        "",
        "| table | rows |",
        "|---|---|",
    ]
    lines += [f"| {table} | {n:,} |" for table, n in sorted(tables.items()) if n]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="+", default=["1", "10"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--report-sample", type=int, default=30)
    parser.add_argument("--locust-users", type=int, default=50)
    parser.add_argument(
        "--locust-spawn-rate",
        type=float,
        default=1,
        help="users arriving (signing in) per second; each sign-in is ~0.4 s of PBKDF2",
    )
    parser.add_argument("--locust-seconds", type=int, default=60)
    parser.add_argument("--no-locust", action="store_true", help="skip the Celery and Locust part")
    parser.add_argument(
        "--pages-only", action="store_true", help="pages only: no reports, Celery or Locust"
    )
    parser.add_argument(
        "--only", nargs="*", default=[], help="measure only these pages (and the trivial one)"
    )
    parser.add_argument(
        "--database",
        action="append",
        default=[],
        metavar="SCALE=NAME",
        help="use this database for a scale instead of oversee_bench_s<scale>",
    )
    parser.add_argument("--gunicorn-workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8783)
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    parser.add_argument(
        "--jit",
        choices=["on", "off"],
        default="off",
        help="PostgreSQL's JIT for the app's connections (default off, as we recommend)",
    )
    args = parser.parse_args()
    global jit_option  # noqa: PLW0603 (one setting for the whole run)
    jit_option = JIT[args.jit]
    named_databases.update(item.split("=", 1) for item in args.database)
    password = os.environ.get("DEMO_PASSWORD", "bench-demo-password-2026")
    server_url()  # refuse anything but PostgreSQL before doing anything

    scales = sorted(args.scales, key=float)
    var_dir = bench_var_dir()
    databases = {scale: prepare_database(scale, args.seed, password) for scale in scales}
    collect_static(environment(databases[scales[-1]], var_dir))

    by_scale = {}
    for scale in scales:
        log(f"pages at scale {scale}")
        env = environment(databases[scale], var_dir)
        only = ["--only", *args.only] if args.only else []
        by_scale[scale] = measure(
            env, "pages", "--requests", str(args.requests), "--warmup", str(args.warmup), *only
        )
    top = scales[-1]
    env = environment(databases[top], var_dir)
    if args.pages_only:
        text = f"Run: {machine()}. Command: `bench/run.py {' '.join(sys.argv[1:])}`"
        text += "\n\n" + markdown(page_rows(by_scale, scales))
        print(text)
        if args.markdown:
            args.markdown.write_text(text + "\n")
        return
    log(f"report generation at scale {top}")
    reports = measure(env, "reports", "--sample", str(args.report_sample))
    counts = measure(env, "counts")

    rows = page_rows(by_scale, scales) + report_rows(reports, top)
    if not args.no_locust:
        rows += load_rows(load_test(databases[top], args, var_dir, password), top, args)

    chosen = by_scale[top]["pages"]
    pages = "\n".join(f"- {name}: `{p['url']}`, {p['what']}" for name, p in chosen.items())
    text = "\n\n".join(
        [
            f"Run: {machine()}. Command: `bench/run.py {' '.join(sys.argv[1:])}` "
            f"(PostgreSQL JIT {args.jit} for the app's connections).",
            markdown(rows),
            f"Pages measured at scale {top}:\n{pages}",
            count_rows(counts, top),
        ]
    )
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n")


if __name__ == "__main__":
    main()

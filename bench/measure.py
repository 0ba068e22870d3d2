"""The in-process measurements of the benchmark, run by ``bench/run.py`` once per database.

    DATABASE_URL=postgres://.../oversee_bench_s10 .venv/bin/python bench/measure.py pages
    ... bench/measure.py reports [--sample 30]     report generation per intervention
    ... bench/measure.py accounts                  sign-in accounts for the load test
    ... bench/measure.py enqueue-reports           one quarter's reports for every intervention,
                                                   through Celery (a scratch copy only: it
                                                   deletes that quarter's reports first)
    ... bench/measure.py counts                    rows per table

Each prints one JSON document on stdout; run.py turns them into the table.
"""

import argparse
import datetime
import importlib
import itertools
import json
import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from core import record_versions, roles  # noqa: E402
from core.history import system_user  # noqa: E402
from interventions.duties import periods_ended  # noqa: E402
from interventions.models import (  # noqa: E402
    CommissionerAppointment,
    Intervention,
    ProgressEntry,
)
from reporting import services, tasks  # noqa: E402
from reporting.models import Report, ReportVersion  # noqa: E402

# The history tables that grow with an intervention's life, for choosing the largest one.
GROWING = ["progress_entries", "actions"]


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (p95 of 30 values is the 29th smallest)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))  # ceiling
    return ordered[int(rank) - 1]


def summary_ms(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "median": statistics.median(ms),
        "p95": percentile(ms, 0.95),
        "max": max(ms),
    }


def user_with_role(role: str):
    """The demo account for a role: the generator's ``demo-...`` one if there is one."""
    users = get_user_model().objects.filter(groups__name=role, is_active=True)
    return users.filter(username__startswith="demo-").order_by("username").first() or (
        users.order_by("username").first()
    )


def largest_intervention(among=None) -> Intervention:
    """The intervention with the most history rows of its progress entries (ties by id),
    among the ids ``among`` if given."""
    history = ProgressEntry.history.model.objects
    if among is not None:
        history = history.filter(intervention_id__in=among)
    busiest = (
        history.values("intervention_id")
        .annotate(rows=Count("history_id"))
        .order_by("-rows", "intervention_id")
        .first()
    )
    if busiest is None:
        return Intervention.objects.order_by("pk").first()
    return Intervention.objects.select_related("authority").get(pk=busiest["intervention_id"])


def report_to_show() -> Report | None:
    """The latest report of the busiest intervention that has reports."""
    with_reports = Report.objects.values("intervention_id")
    intervention = largest_intervention(among=with_reports)
    return intervention.reports.order_by("-period_start").first()


# The past day every "as at" page is measured on (issue #19 measured the dashboard then).
PAST_DAY = datetime.date(2023, 12, 5)
# Dashboard columns (reporting.dashboard.table.COLUMNS), each measured as a sort.
SORTS = [
    "authority",
    "region",
    "type",
    "months_open",
    "commissioner",
    "judgement",
    "rag",
    "travel",
    "status",
    "report",
    "review",
    "adm",
]
# The largest tables' admin changelists (app label, model name).
ADMIN_TABLES = [
    ("interventions", "themerating"),
    ("interventions", "progressentry"),
    ("interventions", "action"),
    ("interventions", "boardmeeting"),
    ("interventions", "intervention"),
    ("reporting", "report"),
]


def as_at_query(day: datetime.date) -> str:
    """The dashboard's, watchlist's and authority page's query string for ``day``."""
    return f"date-day={day.day}&date-month={day.month}&date-year={day.year}"


def pages() -> dict:
    """Each page's URL, the object it shows, and who asks (an official, or the admin for the
    admin site): every page and API list today and as at ``PAST_DAY``, every dashboard sort,
    the CSVs, the admin changelists and history pages of the largest tables, the audit page.
    A name ending " as at" is the page of the same name before it, on the past day."""
    intervention = largest_intervention()
    report = report_to_show()
    entry_rows = ProgressEntry.history.filter(intervention_id=intervention.pk).count()
    entry = ProgressEntry.objects.filter(intervention=intervention).order_by("-pk").first()
    past = as_at_query(PAST_DAY)
    api_past = f"date={PAST_DAY.isoformat()}"
    authority = intervention.authority.ons_code
    official, admin = "official", "admin"
    chosen = {
        "trivial": (reverse("core:about_data"), "About the data (base layout only)", official),
        "dashboard": (reverse("reporting:dashboard"), "today, no filters", official),
        "dashboard as at": (f"{reverse('reporting:dashboard')}?{past}", str(PAST_DAY), official),
    }
    for key in SORTS:
        for order in ("asc", "desc"):
            query = f"sort={key}&order={order}"
            name = f"dashboard sorted by {key} {order}"
            url = reverse("reporting:dashboard")
            chosen[name] = (f"{url}?{query}", f"today, {query}", official)
            if order == "asc":
                chosen[f"{name} as at"] = (f"{url}?{query}&{past}", f"{PAST_DAY}", official)
    chosen |= {
        "dashboard CSV": (reverse("reporting:dashboard_csv"), "today, every row", official),
        "dashboard CSV as at": (
            f"{reverse('reporting:dashboard_csv')}?{past}",
            str(PAST_DAY),
            official,
        ),
        "watchlist": (reverse("reporting:watchlist"), "today, all regions", official),
        "watchlist as at": (f"{reverse('reporting:watchlist')}?{past}", str(PAST_DAY), official),
        "authority list": (reverse("reporting:authority_list"), "every authority", official),
        "authority page": (
            reverse("reporting:authority_detail", args=[authority]),
            f"{intervention.authority.name} (the largest intervention's authority)",
            official,
        ),
        "authority page as at": (
            f"{reverse('reporting:authority_detail', args=[authority])}?{past}",
            str(PAST_DAY),
            official,
        ),
        "intervention page": (
            reverse("interventions:intervention_detail", args=[intervention.pk]),
            f"#{intervention.pk}, the largest: {entry_rows} progress-entry history rows",
            official,
        ),
        "API list": (reverse("api:intervention_list"), "first page of 50", official),
        "API list as at": (
            f"{reverse('api:intervention_list')}?{api_past}",
            str(PAST_DAY),
            official,
        ),
        "API list sorted by rag": (
            f"{reverse('api:intervention_list')}?sort=-rag",
            "a sort by the full state",
            official,
        ),
        "API intervention": (
            reverse("api:intervention_detail", args=[intervention.pk]),
            "the largest",
            official,
        ),
        "API intervention as at": (
            f"{reverse('api:intervention_detail', args=[intervention.pk])}?{api_past}",
            str(PAST_DAY),
            official,
        ),
        "API entries": (
            reverse("api:intervention_entries", args=[intervention.pk]),
            "the largest intervention's entries",
            official,
        ),
        "API entries as at": (
            f"{reverse('api:intervention_entries', args=[intervention.pk])}?{api_past}",
            str(PAST_DAY),
            official,
        ),
        "API authorities": (reverse("api:authority_list"), "first page", official),
        "API presumption": (reverse("api:presumption"), "today", official),
        "API presumption as at": (
            f"{reverse('api:presumption')}?{api_past}",
            str(PAST_DAY),
            official,
        ),
        "API reports": (reverse("api:report_list"), "first page", official),
        "audit page": (reverse("audit"), "the newest changes", admin),
    }
    for app, model in ADMIN_TABLES:
        chosen[f"admin {model} list"] = (
            reverse(f"admin:{app}_{model}_changelist"),
            "changelist, first page",
            admin,
        )
    chosen["admin intervention history"] = (
        reverse("admin:interventions_intervention_history", args=[intervention.pk]),
        f"#{intervention.pk}'s history",
        admin,
    )
    if entry is not None:
        chosen["admin progressentry history"] = (
            reverse("admin:interventions_progressentry_history", args=[entry.pk]),
            f"entry #{entry.pk}'s history",
            admin,
        )
    if report is not None:
        chosen["report page"] = (
            reverse("reporting:report_detail", args=[report.pk]),
            f"{report}: the latest report of the busiest intervention with reports",
            official,
        )
    return chosen


def time_page(client: Client, url: str, requests: int, warmup: int) -> dict:
    """The page three ways:

    - as users get it: from the page cache while the data stays the same (core.page_cache);
    - made afresh after a change to one open intervention (``fresh_``): PAGE_CACHE off, and
      before each request one open intervention's records get a new version, as any change to
      them would (core.record_versions), so its list row is remade and the others are read
      from the rows cache: what the first request after a commissioner's entry costs;
    - cold (``cold_``): PAGE_CACHE and ROW_CACHE off, nothing kept, every row worked out: what
      the first request of a day (or of a past day no one has asked for) costs. Fewer requests
      (a sixth, at least 3), as these are the slowest.
    """
    served = timed(client, url, requests, warmup)
    settings.PAGE_CACHE = False
    try:
        fresh = timed(client, url, requests, warmup, before=change_one_intervention())
        settings.ROW_CACHE = False
        cold = timed(client, url, max(3, requests // 6), 1)
    finally:
        settings.PAGE_CACHE, settings.ROW_CACHE = True, True
    return (
        served
        | {f"fresh_{name}": value for name, value in fresh.items()}
        | {f"cold_{name}": value for name, value in cold.items()}
    )


def change_one_intervention():
    """A function giving one open intervention after another a new version of its records."""
    open_ones = list(
        Intervention.objects.filter(closed_on__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    turn = itertools.cycle(open_ones)

    def change() -> None:
        pk = next(turn)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE core_recordversion SET token = gen_random_uuid() "
                "WHERE kind = %s AND object_id = %s",
                [record_versions.INTERVENTION, pk],
            )

    return change


def timed(client: Client, url: str, requests: int, warmup: int, before=None) -> dict:
    for _ in range(warmup):
        if before:
            before()
        check(client.get(url), url)
    durations = []
    for _ in range(requests):
        if before:
            before()
        started = time.perf_counter()
        response = client.get(url)
        durations.append(time.perf_counter() - started)
        check(response, url)
    if before:
        before()
    with CaptureQueriesContext(connection) as queries:
        check(client.get(url), url)
    return summary_ms(durations) | {"queries": len(queries.captured_queries)}


def check(response, url: str) -> None:
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}, not 200")
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)


def measure_pages(requests: int, warmup: int, only: list[str] | None = None) -> dict:
    """Every page (those named ``only``, and the trivial page, if given), each signed in as who
    asks for it."""
    clients = {"official": Client(), "admin": Client()}
    clients["official"].force_login(user_with_role(roles.DFE_OFFICIAL))
    clients["admin"].force_login(user_with_role(roles.ADMIN))
    results = {}
    for name, (url, what, who) in pages().items():
        if only and name != "trivial" and name not in only:
            continue
        results[name] = {"url": url, "what": what, "who": who} | time_page(
            clients[who], url, requests, warmup
        )
    return {"pages": results}


def measure_reports(sample: int) -> dict:
    """Time ``services.generate_report`` for the latest ended period of ``sample``
    interventions (the largest first, then by id), each in a transaction rolled back."""
    today = timezone.localdate()
    by = system_user(tasks.SYSTEM_USER)
    largest = largest_intervention()
    others = Intervention.objects.exclude(pk=largest.pk).order_by("pk")
    chosen = [largest, *others[: max(0, sample - 1)]]
    durations, queries = [], []
    for intervention in chosen:
        periods = periods_ended(intervention, today)
        if not periods:
            continue
        kind, start = periods[-1].kind, periods[-1].start
        with transaction.atomic():
            # The report may exist already: take it out (rolled back with the rest).
            existing = Report.objects.filter(
                intervention=intervention, kind=kind, period_start=start
            )
            ReportVersion.objects.filter(report__in=existing).delete()
            existing.delete()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                _report, created = services.generate_report(intervention, start, kind=kind, by=by)
                durations.append(time.perf_counter() - started)
            assert created
            queries.append(len(captured.captured_queries))
            transaction.set_rollback(True)
    return {
        "reports": summary_ms(durations)
        | {"largest": largest.pk, "queries_max": max(queries), "queries_min": min(queries)}
    }


def latest_ended_periods() -> list[tuple[int, datetime.date]]:
    """(intervention id, start) of each intervention's latest ended reporting period."""
    today = timezone.localdate()
    found = []
    for intervention in Intervention.objects.with_duties().order_by("pk"):
        periods = periods_ended(intervention, today)
        if periods:
            found.append((intervention.pk, periods[-1].start))
    return found


def enqueue_reports(timeout: float) -> dict:
    """Delete each intervention's latest quarter's report (scratch copy), then queue its
    generation on the worker and wait until every one exists."""
    wanted = latest_ended_periods()
    with connection.cursor() as cursor:
        for intervention_id, start in wanted:
            cursor.execute(
                "DELETE FROM reporting_reportversion WHERE report_id IN (SELECT id FROM "
                "reporting_report WHERE intervention_id = %s AND period_start = %s)",
                [intervention_id, start],
            )
            cursor.execute(
                "DELETE FROM reporting_report WHERE intervention_id = %s AND period_start = %s",
                [intervention_id, start],
            )
    started = time.perf_counter()
    for intervention_id, start in wanted:
        # To the bench's worker's own queue (bench/run.py's BENCH_QUEUE), else the default.
        tasks.generate_report.apply_async(
            (intervention_id, start.isoformat()), queue=os.environ.get("BENCH_QUEUE") or None
        )
    done = 0
    # One query a poll (not one per report, which took a core away from the worker).
    values = ", ".join(["(%s, %s::date)"] * len(wanted))
    counting = (
        "SELECT count(*) FROM reporting_report r JOIN (VALUES " + values + ") AS w (i, s) "  # noqa: S608 (placeholders only)
        "ON r.intervention_id = w.i AND r.period_start = w.s"
    )
    params = [value for pair in wanted for value in pair]
    while time.perf_counter() - started < timeout:
        with connection.cursor() as cursor:
            cursor.execute(counting, params)
            (done,) = cursor.fetchone()
        if done == len(wanted):
            break
        time.sleep(0.5)
    return {
        "all_reports": {
            "reports": len(wanted),
            "done": done,
            "seconds": round(time.perf_counter() - started, 1),
        }
    }


def accounts() -> dict:
    """Officials, and commissioners appointed now to an open intervention, with its ids; the
    past day of the "as at" pages and the dashboard's sorts."""
    today = timezone.localdate()
    current = (
        CommissionerAppointment.objects.current(today)
        .filter(commissioner__user__isnull=False, intervention__closed_on__isnull=True)
        .select_related("commissioner__user")
        .order_by("commissioner__user__username", "intervention_id")
    )
    commissioners: dict[str, list[int]] = {}
    for appointment in current:
        username = appointment.commissioner.user.username
        commissioners.setdefault(username, []).append(appointment.intervention_id)
    largest = largest_intervention()
    return {
        "official": user_with_role(roles.DFE_OFFICIAL).username,
        "commissioners": commissioners,
        "authorities": list(
            Intervention.objects.order_by("pk").values_list("authority__ons_code", flat=True)
        ),
        "interventions": list(Intervention.objects.order_by("pk").values_list("pk", flat=True)),
        "largest": largest.pk,
        "past_day": PAST_DAY.isoformat(),
        "sorts": SORTS,
    }


def explain(page: str, top: int) -> dict:
    """EXPLAIN ANALYZE of the ``top`` slowest queries of one page (as the official sees it)."""
    client = Client()
    client.force_login(user_with_role(roles.DFE_OFFICIAL))
    url = pages()[page][0]  # an official's page
    check(client.get(url), url)  # warm
    with CaptureQueriesContext(connection) as captured:
        check(client.get(url), url)
    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:top]
    plans = []
    with connection.cursor() as cursor:
        for query in slowest:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
            plans.append(
                {
                    "seconds": query["time"],
                    "sql": query["sql"],
                    "plan": "\n".join(row[0] for row in cursor.fetchall()),
                }
            )
    return {"explain": plans}


def index_queries() -> dict:
    """For each index of reporting's 0003 migration, the query it is for.

    Candidates that did not pay once the planner had statistics (bench/README.md): (parent id,
    history_date) on the entries', ratings', actions' and reports' history, for the reports'
    and the dashboard's per-intervention reads.
    """
    from reporting.history import as_at

    today = timezone.localdate()
    return {
        "interventions_historicalintervention_id_date": as_at(Intervention, today).order_by(),
    }


def explain_indexes() -> dict:
    """EXPLAIN ANALYZE of each index's query without the index and with it (in a transaction
    rolled back, so the database keeps whatever the migrations made)."""
    migration = importlib.import_module("reporting.migrations.0003_history_indexes")
    found = {}
    for name, queryset in index_queries().items():
        sql, params = queryset.query.sql_with_params()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(migration.drop_sql(name))
            before = explain_twice(cursor, sql, params)
            cursor.execute(migration.create_sql(name))
            after = explain_twice(cursor, sql, params)
            transaction.set_rollback(True)
        found[name] = {"before": before, "after": after}
    return {"indexes": found}


def explain_twice(cursor, sql: str, params) -> str:
    """The plan of the second of two runs (the first warms the cache)."""
    for _ in range(2):
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return plan


def counts() -> dict:
    """Rows in every table of the apps (exact counts)."""
    tables = connection.introspection.table_names()
    ours = [
        t
        for t in tables
        if t.split("_")[0] in {"authorities", "inspections", "interventions", "reporting", "core"}
    ]
    found = {}
    with connection.cursor() as cursor:
        for table in sorted(ours):
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (introspected names)
            found[table] = cursor.fetchone()[0]
    return {"counts": found}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "what",
        choices=[
            "pages",
            "reports",
            "accounts",
            "enqueue-reports",
            "counts",
            "explain",
            "explain-indexes",
        ],
    )
    parser.add_argument("--page", default="dashboard", help="for explain: a page's name")
    parser.add_argument("--top", type=int, default=3, help="for explain: how many queries")
    parser.add_argument(
        "--only", nargs="*", help="for pages: only these pages (and the trivial one)"
    )
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("The benchmark runs on PostgreSQL only: set DATABASE_URL")
    result = {
        "pages": lambda: measure_pages(args.requests, args.warmup, args.only),
        "reports": lambda: measure_reports(args.sample),
        "accounts": accounts,
        "enqueue-reports": lambda: enqueue_reports(args.timeout),
        "counts": counts,
        "explain": lambda: explain(args.page, args.top),
        "explain-indexes": explain_indexes,
    }[args.what]()
    if args.what == "explain-indexes":
        for name, plans in result["indexes"].items():
            print(f"== {name}\n-- without\n{plans['before']}\n-- with\n{plans['after']}\n")
        return
    if args.what == "explain":
        for plan in result["explain"]:
            print(f"-- {plan['seconds']} s\n{plan['sql']}\n{plan['plan']}\n")
        return
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()

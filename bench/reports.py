"""Benchmark: quarterly report generation per intervention over a million history rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/oversee_bench .venv/bin/python bench/reports.py
    ... bench/reports.py --try-indexes     # also time with the composite indexes we propose

PostgreSQL only (the report reads history with DISTINCT ON). The first run migrates the database
and fills it (about a minute): 160 interventions opened in January 2013, each with five years of
history written the way the services write it (a row per create and per edit): 600 progress
entries edited twice, four RAG ratings per entry (a fifth re-rated), 300 actions through four
states, 60 board meetings edited once, 300 partner-day logs. That is about 6,300 history rows per
intervention, 1.0 million in all, inserted with INSERT ... SELECT generate_series (raw SQL is
fine in a benchmark: the rows are those the services would write, only faster). Later runs reuse
the data.

It then times, for every intervention, building the 2017 Q2 report's content from the history
(``build_content``) and generating the whole report (content plus the two rows, rolled back
afterwards so the run can be repeated), and prints EXPLAIN ANALYZE for the heaviest read. With
--try-indexes it adds the composite indexes proposed in bench/README.md, times again, and drops
them, leaving the database as the migrations made it.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
os.environ.setdefault("LOG_LEVEL", "WARNING")
django.setup()

import datetime  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from authorities.models import LocalAuthority  # noqa: E402
from core.history import system_user  # noqa: E402
from interventions import services  # noqa: E402
from interventions.models import DeliveryModel, ImprovementPartnership, Intervention  # noqa: E402
from reporting import services as report_services  # noqa: E402
from reporting.history import end_of_day  # noqa: E402
from reporting.reports.content import build_content  # noqa: E402

INTERVENTIONS = 160
PREFIX = "Bench authority"
ID_BASE = 10_000_000  # far above anything the services create
PERIOD = (datetime.date(2017, 4, 1), datetime.date(2017, 6, 30))

PROPOSED_INDEXES = {
    "bench_hpe_intervention_id_date": (
        "interventions_historicalprogressentry",
        "intervention_id, id, history_date DESC, history_id DESC",
    ),
    "bench_htr_entry_id_date": (
        "interventions_historicalthemerating",
        "entry_id, id, history_date DESC, history_id DESC",
    ),
    "bench_ha_intervention_id_date": (
        "interventions_historicalaction",
        "intervention_id, id, history_date DESC, history_id DESC",
    ),
    "bench_hbm_board_id_date": (
        "interventions_historicalboardmeeting",
        "board_id, id, history_date DESC, history_id DESC",
    ),
    "bench_hpdl_partnership_id_date": (
        "interventions_historicalpartnerdaylog",
        "partnership_id, id, history_date DESC, history_id DESC",
    ),
}


def populate() -> None:
    """Create the interventions through the services, then their history in bulk."""
    by = system_user("bench")
    start = datetime.date(2013, 1, 1)
    with transaction.atomic():
        partner, _ = LocalAuthority.objects.get_or_create(
            ons_code="E06999999",
            defaults={"name": "Bench partner", "dfe_code": "999", "type": "unitary"},
        )
        for number in range(INTERVENTIONS):
            authority = LocalAuthority.objects.create(
                ons_code=f"E06{900000 + number:06d}",
                dfe_code=f"{number % 900 + 100:03d}",
                name=f"{PREFIX} {number:03d}",
                type="unitary",
            )
            intervention = services.open_intervention(authority, by=by, opened_on=start)
            services.set_up_board(intervention, by=by, established_on=start)
            services.start_partnership(
                partner,
                authority,
                by=by,
                model=DeliveryModel.EXPERT_ADVISER,
                legal_basis=ImprovementPartnership.LegalBasis.DIRECTED,
                starts_on=start,
                intervention=intervention,
                day_allowance_per_year=200,
            )
        with connection.cursor() as cursor:
            for statement in bulk_history_sql(by.pk):
                cursor.execute(statement)
        connection.cursor().execute("ANALYZE")


def bulk_history_sql(user_id: int) -> list[str]:
    """INSERT ... SELECT statements writing each kind of history row for every bench
    intervention (numbered ``n`` 0..159, with its board and partnership)."""
    ivs = f"""
        SELECT row_number() OVER (ORDER BY i.id) - 1 AS n, i.id AS iid, b.id AS board_id,
               p.id AS partnership_id
        FROM interventions_intervention i
        JOIN authorities_localauthority a ON a.id = i.authority_id AND a.name LIKE '{PREFIX}%%'
        JOIN interventions_improvementboard b ON b.intervention_id = i.id
        JOIN interventions_improvementpartnership p ON p.intervention_id = i.id
    """
    base = "TIMESTAMPTZ '2013-01-01 12:00:00+00'"
    kinds = "(ARRAY['visit','board_meeting','interview','case_audit','letter'])"
    rags = "(ARRAY['red','amber','green'])"
    return [
        # 600 progress entries each, every three days over five years; created, then edited
        # ten and twenty days later.
        f"""INSERT INTO interventions_historicalprogressentry
            (id, version, occurred_on, kind, summary, locked_at, history_date,
             history_change_reason, history_type, author_id, board_meeting_id, history_user_id,
             intervention_id)
        SELECT {ID_BASE} + iv.n * 1000 + k, v, DATE '2013-01-01' + k * 3,
               {kinds}[1 + k % 5],
               'Day with the service: ' || repeat('findings on practice and leadership; ', 4)
                   || 'entry ' || k || ' version ' || v,
               NULL, {base} + (k * 3 + (v - 1) * 10) * INTERVAL '1 day',
               CASE WHEN v = 1 THEN 'Progress recorded' ELSE 'Progress entry edited' END,
               CASE WHEN v = 1 THEN '+' ELSE '~' END, {user_id}, NULL, {user_id}, iv.iid
        FROM ({ivs}) iv, generate_series(1, 600) k, generate_series(1, 3) v""",
        # Four themes rated per entry, when it was recorded; one in five re-rated a day later.
        f"""INSERT INTO interventions_historicalthemerating
            (id, version, rag, direction, rationale, history_date, history_change_reason,
             history_type, history_user_id, entry_id, theme_id)
        SELECT ({ID_BASE} + iv.n * 1000 + k) * 10 + j, v, {rags}[1 + (k + j + v) % 3],
               'improving', 'Rationale for theme ' || t.id,
               {base} + (k * 3 + v - 1) * INTERVAL '1 day',
               CASE WHEN v = 1 THEN 'Theme rated' ELSE 'Theme rating changed' END,
               CASE WHEN v = 1 THEN '+' ELSE '~' END, {user_id}, {ID_BASE} + iv.n * 1000 + k, t.id
        FROM ({ivs}) iv, generate_series(1, 600) k, generate_series(0, 3) j,
             generate_series(1, 2) v,
             LATERAL (SELECT id FROM interventions_theme ORDER BY "order"
                      OFFSET (k + j) % 8 LIMIT 1) t
        WHERE v = 1 OR k % 5 = 0""",
        # 300 actions each: created, due date moved, done (most) or still open, then edited.
        f"""INSERT INTO interventions_historicalaction
            (id, version, title, description, owner, due_on, status, completed_on, source,
             created_on, history_date, history_change_reason, history_type, history_user_id,
             owner_user_id, source_meeting_id, intervention_id, source_entry_id)
        SELECT {ID_BASE} + iv.n * 1000 + k, v, 'Action ' || k, 'What must be done', 'Owner',
               DATE '2013-01-01' + k * 6 + 60 + CASE WHEN v >= 2 THEN 30 ELSE 0 END,
               CASE WHEN v >= 3 AND k % 10 < 7 THEN 'done' ELSE 'open' END,
               CASE WHEN v >= 3 AND k % 10 < 7 THEN DATE '2013-01-01' + k * 6 + 80 END,
               'other', DATE '2013-01-01' + k * 6,
               {base} + (k * 6 + (v - 1) * 20) * INTERVAL '1 day',
               'Action edited', CASE WHEN v = 1 THEN '+' ELSE '~' END, {user_id}, NULL, NULL,
               iv.iid, NULL
        FROM ({ivs}) iv, generate_series(1, 300) k, generate_series(1, 4) v""",
        # Monthly board meetings, each edited once when the minutes were agreed.
        f"""INSERT INTO interventions_historicalboardmeeting
            (id, version, held_on, attendees, decisions, notes, history_date,
             history_change_reason, history_type, history_user_id, board_id)
        SELECT {ID_BASE} + iv.n * 100 + k, v, DATE '2013-01-01' + k * 30,
               'Commissioner (chair); chief executive; DCS; partners',
               'Decisions of meeting ' || k, '',
               {base} + (k * 30 + (v - 1) * 14) * INTERVAL '1 day',
               'Board meeting recorded', CASE WHEN v = 1 THEN '+' ELSE '~' END, {user_id},
               iv.board_id
        FROM ({ivs}) iv, generate_series(1, 60) k, generate_series(1, 2) v""",
        # Partner days logged about weekly.
        f"""INSERT INTO interventions_historicalpartnerdaylog
            (id, worked_on, days, description, history_date, history_change_reason,
             history_type, history_user_id, logged_by_id, partnership_id)
        SELECT {ID_BASE} + iv.n * 1000 + k, DATE '2013-01-01' + k * 6, 0.5 + (k % 3) * 0.25,
               'Support', {base} + k * 6 * INTERVAL '1 day', 'Partner days logged', '+',
               {user_id}, {user_id}, iv.partnership_id
        FROM ({ivs}) iv, generate_series(1, 300) k""",
    ]


def history_row_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sum(n_live_tup) FROM pg_stat_user_tables WHERE relname LIKE '%%historical%%'"
        )
        estimate = cursor.fetchone()[0] or 0
        counts = 0
        for table in (
            "interventions_historicalprogressentry",
            "interventions_historicalthemerating",
            "interventions_historicalaction",
            "interventions_historicalboardmeeting",
            "interventions_historicalpartnerdaylog",
        ):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (fixed names)
            counts += cursor.fetchone()[0]
    return max(int(estimate), counts)


def time_reports(interventions: list[Intervention]) -> dict:
    cutoff = end_of_day(PERIOD[1])
    build, generate, queries = [], [], []
    by = system_user("bench")
    for intervention in interventions:
        reset_queries()  # the query log keeps 9,000: count each report's afresh
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            build_content(intervention, *PERIOD, cutoff=cutoff)
            build.append(time.perf_counter() - began)
        queries.append(len(captured))
        with transaction.atomic():
            began = time.perf_counter()
            report_services.generate_report(intervention, PERIOD[0], by=by)
            generate.append(time.perf_counter() - began)
            transaction.set_rollback(True)
    return {"build": build, "generate": generate, "queries": queries}


def time_documents(interventions: list[Intervention]) -> list[float]:
    """Rendering the frozen HTML and PDF, as submission does, for a few reports."""
    from reporting.reports.document import render_document, render_pdf

    by = system_user("bench")
    seconds = []
    for intervention in interventions:
        with transaction.atomic():
            report, _ = report_services.generate_report(intervention, PERIOD[0], by=by)
            version = report.current_version()
            began = time.perf_counter()
            render_pdf(render_document(version))
            seconds.append(time.perf_counter() - began)
            transaction.set_rollback(True)
    return seconds


def summary(seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return (
        f"median {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms, "
        f"min {ms[0]:.0f} ms, max {ms[-1]:.0f} ms"
    )


def explain(intervention: Intervention) -> str:
    sql = """EXPLAIN (ANALYZE, BUFFERS)
        SELECT DISTINCT ON (id) * FROM interventions_historicalprogressentry
        WHERE intervention_id = %s AND history_date < %s
        ORDER BY id, history_date DESC, history_id DESC"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [intervention.pk, end_of_day(PERIOD[1])])
        return "\n".join(row[0] for row in cursor.fetchall())


def set_indexes(create: bool) -> None:
    with connection.cursor() as cursor:
        for name, (table, columns) in PROPOSED_INDEXES.items():
            if create:
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")
            else:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
        cursor.execute("ANALYZE")


def run(label: str, interventions: list[Intervention]) -> None:
    time_reports(interventions[:5])  # warm the caches and the connection
    figures = time_reports(interventions)
    print(f"\n== {label}: {len(interventions)} interventions, report for 2017 Q2")
    print(f"build_content:   {summary(figures['build'])}")
    print(f"generate_report: {summary(figures['generate'])}")
    print(f"queries per report: {min(figures['queries'])}-{max(figures['queries'])}")
    print(
        f"\nEXPLAIN ANALYZE, progress entries as known at the cut-off:\n{explain(interventions[0])}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--try-indexes", action="store_true")
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL: set DATABASE_URL")
    call_command("migrate", verbosity=0)
    set_indexes(create=False)
    bench = Intervention.objects.filter(authority__name__startswith=PREFIX).order_by("pk")
    if not bench.exists():
        began = time.perf_counter()
        populate()
        print(f"Filled the database in {time.perf_counter() - began:.0f} s")
    interventions = list(bench.select_related("authority"))
    print(f"History rows: {history_row_count():,}; interventions: {len(interventions)}")
    run("Indexes as the migrations make them", interventions)
    documents = summary(time_documents(interventions[:5]))
    print(f"\nHTML and PDF (at submission), 5 reports: {documents}")
    if options.try_indexes:
        set_indexes(create=True)
        try:
            run("With the proposed composite indexes", interventions)
        finally:
            set_indexes(create=False)


if __name__ == "__main__":
    main()

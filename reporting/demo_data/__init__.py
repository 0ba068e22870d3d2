"""Deterministic demo data at N times the national portfolio (``manage.py generate_demo_data``).

``generate(scale, seed, today)`` fills an empty database (or replaces the demo data it made
before) with N × 153 synthetic authorities ("Demo County 0001"), fifteen years of their Ofsted
inspections, leaders and yearly figures, and the interventions their Inadequate judgements
trigger (about 120 per scale unit over the fifteen years, 20 to 30 open at a time): notices and
directions with their reviews, commissioners, improvement partners, boards and monthly meetings,
ADM assessments and the Minister's decisions, weekly progress entries with RAG ratings, actions
through their states, partner days, and the quarterly reports of the last year. Scale 10 writes
more than a million history rows. See docs/adr/0010-demo-data-generator.md.

The same scale, seed and date give the same data: the plan is made first, in memory, from
seeded random generators (``plan``, ``timeline``), then written in date order through the
services (``reference``, ``casework``, ``quarterly``) or, for the sheer volume, in bulk with
the history rows the services would have written (``bulk``, ``activity``).

Accounts for sign-in (one password, see ``accounts``): ``demo-official``, ``demo-admin`` and
``demo-commissioner-NNNN`` for each commissioner with an account (everyone appointed today);
``accounts.commissioner_accounts()`` lists who can log progress on which interventions.
"""

import datetime
import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager

from django.apps import apps
from django.db import connection, transaction

from interventions.models import Theme

from . import accounts, safety
from .activity import MODELS, Scene, record_activity
from .bulk import Recorder
from .casework import Casework, People
from .plan import build_world
from .quarterly import write_reports
from .reference import write_reference_data
from .timeline import plan_timelines

DEFAULT_TODAY = datetime.date(2026, 11, 23)
Refused = safety.Refused
# A line of progress every this many interventions.
PROGRESS_EVERY = 50


def generate(
    *,
    scale: float,
    seed: int,
    today: datetime.date = DEFAULT_TODAY,
    password: str | None = None,
    replace: bool = False,
    say: Callable[[str], None] = lambda message: None,
) -> Counter:
    """Generate the demo data; returns the rows per table (by model label).

    Raises ``Refused`` if the database holds other data, or demo data and not ``replace``.
    Each intervention is written in a transaction of its own, which keeps each to a few dozen
    savepoints (every service is atomic; PostgreSQL slows down past 64 subtransactions in one
    transaction). A run that stops part way leaves its data without the stamp
    ``accounts.generated_with`` reads: run again with ``replace``.
    """
    began = time.perf_counter()

    def stage(message: str) -> None:
        say(f"[{time.perf_counter() - began:6.1f} s] {message}")

    with unsynchronised_commits():
        return _generate(scale, seed, today, password, replace, stage)


@contextmanager
def unsynchronised_commits():
    """Commits that do not wait for the disk, for this connection only: a commit took 60 ms
    here, and there are thousands. A crash may lose the last few, which a run with --replace
    makes again; nothing else is affected."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _generate(scale, seed, today, password, replace, stage) -> Counter:
    with transaction.atomic():
        safety.check_database(replace=replace)
        system = accounts.generator_user()
        accounts.unstamp(system)
        if replace:
            safety.empty_filled_tables()
            stage("Emptied the tables of the earlier demo data")
        world = build_world(scale, seed, today)
        timelines, commissioners = plan_timelines(world)
        stage(
            f"Planned {len(world.authorities):,} authorities and {len(timelines):,} "
            f"interventions ({sum(iv.closes_on is None for iv in world.interventions):,} open)"
        )
        official, commissioner_users = accounts.ensure_accounts(
            commissioners, password or accounts.default_password()
        )
        stage(
            f"Accounts: {accounts.OFFICIAL}, {accounts.ADMIN} and "
            f"{len(commissioner_users)} commissioners"
        )
        authorities, inspections = write_reference_data(world, by=system)
        stage(f"Authorities, neighbours, figures, leaders and {len(inspections):,} inspections")
    people = People(official, system, commissioner_users)
    open_now = write_interventions(timelines, people, authorities, inspections, world, stage)
    reports = write_reports(open_now, people.accounts, today, seed)
    stage(f"{reports:,} quarterly reports")
    accounts.stamp(system, scale=scale, seed=seed, today=today)
    counts = row_counts()
    stage(f"Done: {history_total(counts):,} history rows")
    return counts


def write_interventions(timelines, people, authorities, inspections, world, stage) -> list:
    """Each intervention through the services, then its activity in bulk, in one transaction."""
    themes = list(Theme.objects.filter(active=True).order_by("order", "name"))
    recorder = Recorder(MODELS)
    open_now = []
    for done, line in enumerate(timelines, start=1):
        with transaction.atomic():
            casework = Casework(line, people, authorities, inspections)
            casework.run()
            scene = Scene(
                line=line,
                intervention=casework.intervention,
                board=casework.board,
                partnerships=casework.partnerships,
                actor=people.actor,
                system=people.system,
                themes=themes,
                today=world.today,
                seed=world.seed,
            )
            record_activity(recorder, scene)
            recorder.write()
        if line.intervention.closes_on is None:
            open_now.append((casework.intervention, line))
        if done % PROGRESS_EVERY == 0 or done == len(timelines):
            stage(f"Interventions: {done:,} of {len(timelines):,}")
    return open_now


def row_counts() -> Counter:
    """Rows in every table the generator fills, by model label."""
    counts = Counter()
    with connection.cursor() as cursor:
        for label in safety.FILLED_APPS:
            for model in apps.get_app_config(label).get_models():
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (model tables)
                counts[model._meta.label] = cursor.fetchone()[0]
    return counts


def history_total(counts: Counter) -> int:
    return sum(n for label, n in counts.items() if ".Historical" in label)

"""manage.py generate_demo_data --scale N --seed S: deterministic demo data for benchmarks and
demonstrations (development only). The work is in ``reporting.demo_data``."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.db_roles import as_owner
from reporting import demo_data
from reporting.demo_data import accounts


def positive_scale(value: str) -> float:
    scale = float(value)
    if not 0 < scale <= 100:
        raise ValueError(value)
    return scale


class Command(BaseCommand):
    help = (
        "Fill an empty, migrated database with deterministic demo data at SCALE times the "
        "national portfolio (153 authorities, 15 years of inspections, about 120 interventions "
        "with their history per scale unit; scale 10 writes over a million history rows). The "
        "same scale, seed and --today give the same data. Refuses a database holding any "
        "authority it did not make; refuses one it already filled unless --replace, which "
        "empties the tables it fills (not themes, presumption rules or accounts) and generates "
        "again. Creates the accounts demo-official, demo-admin and demo-commissioner-NNNN, all "
        "with one password: --password, else $DEMO_PASSWORD, else "
        f"{accounts.DEFAULT_PASSWORD!r}. Development only: needs DJANGO_DEBUG=1."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=positive_scale,
            default=1.0,
            help="Times the national portfolio: 1 is 153 authorities; 0.05 is 8 (default 1)",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1)")
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=demo_data.DEFAULT_TODAY,
            help=f"The last day of the data, YYYY-MM-DD (default {demo_data.DEFAULT_TODAY})",
        )
        parser.add_argument("--password", help="The password of every demo account")
        parser.add_argument(
            "--replace", action="store_true", help="Replace the demo data generated before"
        )

    def handle(self, *args, scale, seed, today, password, replace, verbosity, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo data is for development only: set DJANGO_DEBUG=1 (its accounts share "
                "one known password)."
            )
        say = self.stdout.write if verbosity > 0 else (lambda message: None)
        try:
            # As the owner (DATABASE_OWNER_URL, docs/adr/0018): replacing empties history tables,
            # which the runtime role may not.
            with as_owner():
                counts = demo_data.generate(
                    scale=scale, seed=seed, today=today, password=password, replace=replace, say=say
                )
        except demo_data.Refused as exc:
            raise CommandError(str(exc)) from exc
        if verbosity > 0:
            self.stdout.write(table(counts))
            self.stdout.write(
                f"Sign in as {accounts.OFFICIAL}, {accounts.ADMIN} or "
                f"{accounts.COMMISSIONER_PREFIX}NNNN (password: "
                f"{'as given' if password else accounts.default_password()}). Commissioners "
                "appointed today, with their open interventions:"
            )
            for username, ids in accounts.commissioner_accounts():
                self.stdout.write(f"  {username}: {', '.join(map(str, ids))}")


def table(counts) -> str:
    """Rows per model and in its history table, and the totals."""
    lines = [f"{'table':<40} {'rows':>10} {'history rows':>13}"]
    labels = sorted(label for label in counts if ".Historical" not in label)
    for label in labels:
        app, model = label.split(".")
        history = counts.get(f"{app}.Historical{model}", 0)
        if counts[label] or history:
            lines.append(f"{label:<40} {counts[label]:>10,} {history:>13,}")
    rows = sum(counts[label] for label in labels)
    history = demo_data.history_total(counts)
    lines.append(f"{'total':<40} {rows:>10,} {history:>13,}")
    return "\n".join(lines)

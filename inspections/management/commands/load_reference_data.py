"""manage.py load_reference_data: the national reference data, all or nothing."""

from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from authorities.services import (
    load_authorities,
    load_statistical_neighbours,
    load_yearly_statistics,
)
from core.history import system_user
from core.loading import DataFileError
from inspections.services import load_inspections

# In dependency order: everything else refers to the authorities.
STEPS = (
    ("authorities", load_authorities),
    ("statistical neighbours", load_statistical_neighbours),
    ("yearly statistics", load_yearly_statistics),
    ("inspections", load_inspections),
)
RESULTS = ("created", "updated", "unchanged")


class Command(BaseCommand):
    help = (
        "Load the national reference data (authorities, statistical neighbours, yearly "
        "statistics, Ofsted inspections) in one transaction. Safe to run again: unchanged "
        "rows are not written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            type=Path,
            help="The folder holding the data files (default: settings.REFERENCE_DATA_DIR)",
        )
        parser.add_argument(
            "--skip-missing",
            action="store_true",
            help="When the folder does not exist, say so and exit successfully",
        )

    def handle(self, *args, path=None, skip_missing=False, **options):
        data_dir = Path(path or settings.REFERENCE_DATA_DIR)
        if not data_dir.is_dir():
            message = (
                f"No reference data folder at {data_dir}. The files are in the project's "
                "shared/data folder: set REFERENCE_DATA_DIR, or pass --path, to where they are."
            )
            if not skip_missing:
                raise CommandError(message)
            self.stdout.write(f"{message} Skipping the reference data.")
            return
        try:
            with transaction.atomic():
                by = system_user("reference-data")
                results = [(label, load(data_dir, by=by)) for label, load in STEPS]
        except DataFileError as exc:
            raise CommandError(f"{exc} (nothing was loaded)") from exc
        for label, counts in results:
            for line in summarise(label, counts):
                self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Loaded the reference data from {data_dir}"))


def summarise(label: str, counts: Counter) -> list[str]:
    """One line per kind: "Inspections: 723 created, 0 updated, 0 unchanged".

    A loader counts either by result ("created") or by kind and result ("judgements created").
    """
    kinds: dict[str, Counter] = {}
    for key, number in counts.items():
        kind, _, result = key.rpartition(" ")
        kinds.setdefault(kind or label, Counter())[result] += number
    if not kinds:
        kinds[label] = Counter()
    lines = []
    for kind, by_result in kinds.items():
        parts = [f"{by_result[result]} {result}" for result in RESULTS]
        parts += [f"{n} {result}" for result, n in by_result.items() if result not in RESULTS]
        lines.append(f"{kind[:1].upper()}{kind[1:]}: {', '.join(parts)}")
    return lines

"""manage.py load_case_studies: the real interventions from the seeds, and their real reports,
all or nothing."""

from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from interventions.case_studies.loader import CaseStudyError
from reporting.case_studies import load_case_studies

RESULTS = ("created", "updated", "unchanged")


class Command(BaseCommand):
    help = (
        "Load the case studies (Isle of Wight, Torbay, Buckinghamshire, Slough) with their "
        "history dated when each fact happened. Creates the authorities and inspections they "
        "need if the reference data is not loaded, and records the real reports the sources "
        "quote as submitted reports. Safe to run again: nothing changes."
    )

    def handle(self, *args, **options):
        try:
            counts = load_case_studies()
        except CaseStudyError as exc:
            raise CommandError(f"{exc} (nothing was loaded)") from exc
        for line in summarise(counts):
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Loaded the case studies"))


def summarise(counts: Counter) -> list[str]:
    """One line per kind of record: "Progress entries: 60 created, 0 updated, 0 unchanged"."""
    kinds: dict[str, Counter] = {}
    for key, number in counts.items():
        kind, _, result = key.rpartition(" ")
        kinds.setdefault(kind, Counter())[result] += number
    return [
        f"{kind[:1].upper()}{kind[1:]}: "
        + ", ".join(f"{by_result[result]} {result}" for result in RESULTS)
        for kind, by_result in kinds.items()
    ]

"""Loading the case studies: the reference rows they need, then each case's facts in date order.

``load_case_studies`` runs in one transaction. It makes sure the authorities and inspections the
cases need exist (``fallback``), then replays each case's facts in date order (``replay``). Each
fact runs inside ``fact_time`` so that its history rows are dated when it happened, attributed
to ``system_user("case-studies")`` and explained by the source document.

Idempotence: each fact names its record by a natural key (an authority and an opening date, an
intervention and an issue date, a board and a meeting date, an option's name...). A fact whose
record exists, or whose change the record already shows, is skipped without a write, so a
second run changes nothing and writes no history.
"""

import datetime
from collections import Counter
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from core.dates import govuk_date
from core.dating import fact_time, moment
from core.history import system_user

from ..models import Theme
from . import CASES
from .facts import Case, Fact
from .fallback import ensure_reference_data
from .replay import Replay

SYSTEM_USER = "case-studies"


class CaseStudyError(Exception):
    """A fact that could not be loaded, naming the case, the fact and why."""


def load_case_studies(*, by=None, cases: Iterable[Case] = CASES) -> Counter:
    """Load the case studies; returns counts such as {"progress entries created": 60}.

    Raises CaseStudyError (and loads nothing) if a fact cannot be loaded, for example because
    someone has already opened an intervention in that authority.
    """
    with transaction.atomic():
        by = by or system_user(SYSTEM_USER)
        counts = ensure_reference_data(by=by)
        themes = {theme.code: theme for theme in Theme.objects.all()}
        for case in cases:
            replay_case(Replay(case, by=by, themes=themes, counts=counts))
    return counts


def replay_case(replay: Replay) -> None:
    for when, fact in in_date_order(replay.case):
        try:
            with fact_time(when, fact.reason):
                replay.apply(fact)
        except ValidationError as exc:
            raise CaseStudyError(
                f"{replay.case.slug}, {type(fact).__name__} on {govuk_date(fact.on)}: "
                + "; ".join(exc.messages)
            ) from exc


def in_date_order(case: Case) -> list[tuple[datetime.datetime, Fact]]:
    """The case's facts by date (in listed order within a day), each with its history time."""
    timed, previous, sequence = [], None, 0
    for fact in sorted(case.facts, key=lambda fact: fact.on):
        sequence = sequence + 1 if fact.on == previous else 0
        previous = fact.on
        timed.append((moment(fact.on, sequence), fact))
    return timed

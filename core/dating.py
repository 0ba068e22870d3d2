"""Writing history rows at the date a fact happened, not the date it was loaded.

Reports read the history tables by ``history_date``, so a fact from 30 June 2017 must leave
history rows dated 30 June 2017. simple-history dates a row from ``instance._history_date``, but
a service creates its own instances (an entry and its ratings, a revised direction and the one it
replaces), so instead every history row created inside ``fact_time(...)`` is re-dated, and given
the fact's change reason, by a ``pre_create_historical_record`` receiver. A context variable
keeps this to the code running inside the block: other requests and threads are untouched.
Without a reason the services' own reasons stay (the demo data generator dates its calls so).
The case studies' loader and the demo data generator both use it.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.dispatch import receiver
from django.utils import timezone
from simple_history.signals import pre_create_historical_record

# Facts are placed at midday, local time, so that a date never slips across midnight (and so
# across a quarter's boundary) when stored in UTC; facts on the same day keep their order by a
# second each.
FACT_TIME = datetime.time(12, 0)


@dataclass(frozen=True)
class Moment:
    when: datetime.datetime
    reason: str | None


_current: ContextVar[Moment | None] = ContextVar("fact_moment", default=None)


def moment(day: datetime.date, sequence: int = 0) -> datetime.datetime:
    """The aware datetime a fact's history rows carry: midday on ``day``, plus ``sequence``
    seconds for the order of facts on one day."""
    naive = datetime.datetime.combine(day, FACT_TIME) + datetime.timedelta(seconds=sequence)
    return timezone.make_aware(naive)


@contextmanager
def fact_time(when: datetime.datetime, reason: str | None = None) -> Iterator[None]:
    """Every history row created in this block is dated ``when`` and explained by ``reason``
    (if given; else by the reason the service wrote)."""
    token = _current.set(Moment(when, reason))
    try:
        yield
    finally:
        _current.reset(token)


@receiver(pre_create_historical_record, dispatch_uid="core_redate_history")
def _redate(sender, history_instance, **kwargs) -> None:
    current = _current.get()
    if current is not None:
        history_instance.history_date = current.when
        if current.reason is not None:
            history_instance.history_change_reason = current.reason

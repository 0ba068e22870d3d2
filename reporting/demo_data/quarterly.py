"""The quarterly reports of the interventions open on ``today``, through ``reporting.services``.

For each open intervention, the reports of its last few reporting periods to have ended: each
generated the day after its period ended (from the history as it stood then), and the older ones
completed and signed off by the commissioner about three weeks later. None is submitted:
submission renders the PDF (seconds each), which the demo data does not need, so the dashboard
shows these reports as signed off and awaiting DfE.
"""

import datetime

from django.db import transaction

from core.dating import fact_time, moment
from core.history import system_user
from interventions.duties import periods_ended
from interventions.models import Intervention

from .. import services
from ..tasks import SYSTEM_USER
from .plan import days, seeded
from .timeline import Timeline

REPORT_PERIODS = 2
# Reports are generated in the night after a period ends; the rest of the day's work follows.
GENERATED_AT = -6 * 3600


def write_reports(
    open_now: list[tuple[Intervention, Timeline]], accounts: dict, today, seed: int
) -> int:
    """``accounts`` maps a commissioner's number to their account."""
    by = system_user(SYSTEM_USER)
    count = 0
    for intervention, line in open_now:
        commissioner = accounts.get(line.appointments[-1][0].number)
        rng = seeded(seed, "reports", intervention.pk)
        periods = periods_ended(intervention, today)[-REPORT_PERIODS:]
        for index, period in enumerate(periods):
            day_after = period.end + days(1)
            with transaction.atomic():
                with fact_time(moment(day_after, GENERATED_AT)):
                    report, _ = services.generate_report(
                        intervention, period.start, kind=period.kind, by=by
                    )
                signed = day_after + days(rng.randint(14, 28))
                if commissioner and index < len(periods) - 1 and signed < today:
                    sign_off(report, commissioner, signed, rng)
            count += 1
    return count


def sign_off(report, commissioner, day: datetime.date, rng) -> None:
    with fact_time(moment(day, 2 * 3600)):
        services.update_narrative(
            report,
            by=commissioner,
            overall_assessment=(
                "Progress in the period was "
                + rng.choice(("steady", "uneven but real", "slower than planned", "good"))
                + ". The leadership team has a clear grip on the improvement plan."
            ),
            risks="Recruitment and retention of permanent social workers.",
            recommendation=rng.choice(
                (
                    "The intervention should continue on its current terms.",
                    "The direction should remain in place until the next inspection.",
                    "The Minister should note the progress made.",
                )
            ),
        )
        services.sign_off_report(report, by=commissioner)

"""Property-based tests of ``manage.py load_case_studies`` over whatever the database holds.

The case studies are fixed data; what the command reads is the database, which people may have
filled first: interventions already opened in the case-study authorities (on any day, the
cases' own opening days among them, at any status, closed or not), a commissioner of the same
name. Whatever is there, the command loads the cases or stops with a ``CommandError`` of one
line naming the case and the fact; never another exception. A refused load changes nothing:
every table and every history table has the rows it had.
"""

import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from authorities.models import LocalAuthority
from core.history import system_user
from core.testing import fuzz
from interventions import services
from interventions.case_studies import CASES
from interventions.case_studies.loader import load_case_studies
from interventions.models import Intervention

pytestmark = pytest.mark.django_db

# A whole load takes a second or two: few examples, each a different database.
FUZZ = fuzz(max_examples=8)

OPENINGS = {(case.ons_code, case.opened.on) for case in CASES}
STATUSES = [s for s in Intervention.Status.values if s != Intervention.Status.CLOSED]

earlier_intervention = st.fixed_dictionaries(
    {
        "where_and_when": st.one_of(
            st.sampled_from(sorted(OPENINGS)),
            st.tuples(
                st.sampled_from(sorted({code for code, _ in OPENINGS})),
                st.dates(datetime.date(2005, 1, 1), datetime.date(2025, 12, 31)),
            ),
        ),
        "status": st.sampled_from(STATUSES),
        "closed_after_days": st.none() | st.integers(0, 3000),
    }
)
commissioner_names = st.sampled_from(["John Coughlan", "Someone Else"])


def open_earlier(where_and_when, status, closed_after_days, *, by) -> None:
    """An intervention someone recorded before the case studies were loaded, if the services
    allow it (they refuse a second open intervention in one authority)."""
    code, opened_on = where_and_when
    try:
        intervention = services.open_intervention(
            LocalAuthority.objects.get(ons_code=code), by=by, opened_on=opened_on, status=status
        )
        if closed_after_days is not None:
            closed_on = opened_on + datetime.timedelta(days=closed_after_days)
            services.close_intervention(
                intervention, on=closed_on, exit_reason="other", reason="Done", by=by
            )
    except ValidationError:
        pass


TABLES = [
    get_user_model(),
    *apps.get_app_config("authorities").get_models(),
    *apps.get_app_config("inspections").get_models(),
    *apps.get_app_config("interventions").get_models(),
]


def row_counts() -> dict[str, int]:
    """Rows in every table the load writes to, history tables included."""
    return {model._meta.label: model.objects.count() for model in TABLES}


@pytest.fixture
def case_authorities(db):
    """The case studies' authorities and inspections, as a first partial load leaves them."""
    load_case_studies(cases=[])


@FUZZ
@given(earlier=st.lists(earlier_intervention, max_size=3), name=commissioner_names)
def test_the_case_studies_load_or_are_refused_over_any_earlier_records(
    case_authorities, earlier, name
):
    with transaction.atomic():
        someone = system_user("someone")
        for intervention in earlier:
            open_earlier(**intervention, by=someone)
        services.add_commissioner(by=someone, name=name, title="Adviser")
        before = row_counts()
        try:
            call_command("load_case_studies", stdout=StringIO())
        except CommandError as error:
            message = str(error)
            assert "\n" not in message
            assert message.endswith("(nothing was loaded)"), message
            assert message.startswith(tuple(case.slug for case in CASES)), message
            assert row_counts() == before
        transaction.set_rollback(True)  # each example starts from the same database

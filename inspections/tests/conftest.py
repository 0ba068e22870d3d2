import pytest
from django.conf import settings
from django.db import transaction

from authorities.services import load_authorities
from core.history import system_user
from inspections.services import load_inspections


@pytest.fixture(scope="module")
def reference_data(django_db_setup, django_db_blocker):
    """The real authorities and inspections, loaded once for a test module, rolled back after.

    Each test still runs in its own savepoint (the ``db`` fixture), so tests cannot see each
    other's changes; the module's outer transaction keeps the data from other modules.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        by = system_user("reference-data")
        load_authorities(settings.REFERENCE_DATA_DIR, by=by)
        counts = load_inspections(settings.REFERENCE_DATA_DIR, by=by)
        yield counts
        transaction.set_rollback(True)

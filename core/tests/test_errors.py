"""The 500 handler: a database that does not answer gets "Sorry, the service is unavailable"
(503), any other error Django's 500 page. The real outage, through gunicorn against a stopped
PostgreSQL, is tests/faults/test_database_restart.py."""

import pytest
from django.db import InterfaceError, OperationalError

from core.errors import server_error_or_unavailable


def handle(error: Exception, rf):
    """Call the handler as Django does: inside the except block of the failed request."""
    try:
        raise error
    except Exception:  # noqa: BLE001 (the handler reads whatever was raised)
        return server_error_or_unavailable(rf.get("/reporting/dashboard/"))


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("connection to server at 127.0.0.1 failed: Connection refused"),
        InterfaceError("connection already closed"),
    ],
)
def test_a_database_outage_is_a_503_saying_the_service_is_unavailable(error, rf):
    response = handle(error, rf)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Sorry, the service is unavailable</h1>' in page
    assert "If you were saving a change, it has not been saved." in page
    assert "127.0.0.1" not in page and "refused" not in page and "closed" not in page


def test_any_other_error_is_the_500_page(rf):
    response = handle(ValueError("a bug"), rf)

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert "Retry-After" not in response


@pytest.mark.django_db
def test_a_refusal_says_why_on_the_403_page(rf, django_user_model):
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/somewhere/")
    request.user = django_user_model.objects.create_user(username="someone")
    why = "Only DfE officials can submit a report"
    response = permission_denied(request, PermissionDenied(why))
    assert response.status_code == 403
    assert why in response.content.decode()


@pytest.mark.django_db
def test_a_refusal_without_a_reason_says_what_a_role_allows(rf, django_user_model):
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/somewhere/")
    request.user = django_user_model.objects.create_user(username="someone")
    response = permission_denied(request, PermissionDenied())
    assert "Your role in this service does not let you" in response.content.decode()

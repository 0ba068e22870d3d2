"""With the reference data and the case studies loaded: every admin page answers, every record
has its history, and loading again changes nothing."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from inspections.models import Inspection

HISTORY_APPS = {"authorities", "inspections", "interventions", "reporting"}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Both loaders, once for this module, rolled back at the end."""
    with django_db_blocker.unblock():
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_reference_data", verbosity=0)
            call_command("load_case_studies", verbosity=0)
            item = make_rows_loaders_do_not()
            yield
            item.file.storage.delete(item.file.name)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def make_rows_loaders_do_not():
    """A row for each admin model the loaders leave empty, so every change page is opened."""
    from django.test import Client

    from core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.create(token="admin-pages-test")
    Client().post(reverse("login"), {"username": "nobody", "password": "wrong"})  # axes rows
    call_command("generate_reports", "--period", "2017Q2", verbosity=0)
    meet_and_log_days()
    return attach_a_file()


def meet_and_log_days():
    """A board meeting and partner days: the sources give no dated ones, so none is loaded."""
    import datetime
    from decimal import Decimal

    from core.history import system_user
    from interventions import services
    from interventions.models import ImprovementBoard, ImprovementPartnership

    by = system_user("admin-pages-test")
    board = ImprovementBoard.objects.order_by("pk").first()
    services.record_board_meeting(
        board.intervention, board=board, by=by, held_on=datetime.date(2017, 3, 9)
    )
    partnership = ImprovementPartnership.objects.order_by("pk").first()
    services.log_partner_days(
        partnership, by=by, worked_on=partnership.starts_on, days=Decimal("0.5")
    )


def attach_a_file():
    """Evidence on a case-study entry, through the services the workspace uses."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.history import system_user
    from interventions import evidence, services
    from interventions.models import ProgressEntry

    entry = ProgressEntry.objects.filter(locked_at__isnull=True).order_by("pk").first()
    by = system_user("admin-pages-test")
    upload = SimpleUploadedFile("notes.txt", b"Board notes\n", content_type="text/plain")
    staged, _ = evidence.stage(upload, user=by, intervention=entry.intervention)
    # One more left staged, never attached, for the staged uploads' admin pages.
    left = SimpleUploadedFile("draft.txt", b"Draft notes\n", content_type="text/plain")
    evidence.stage(left, user=by, intervention=entry.intervention)
    return services.attach_evidence(entry, staged, by=by)


def tracked_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in HISTORY_APPS
        and hasattr(model, "history")
        and not model.__name__.startswith("Historical")
    ]


def history_counts():
    return {model.__name__: model.history.count() for model in tracked_models()}


@pytest.mark.django_db
def test_every_loaded_record_has_a_history_row(loaded):
    missing = {}
    for model in tracked_models():
        objects = set(model.objects.values_list("pk", flat=True))
        with_history = set(model.history.values_list(model._meta.pk.attname, flat=True))
        if objects - with_history:
            missing[model.__name__] = len(objects - with_history)
    assert missing == {}
    assert sum(1 for model in tracked_models() if model.objects.exists()) >= 20


@pytest.mark.django_db
def test_loading_both_again_changes_nothing_and_writes_no_history(loaded):
    before = history_counts()
    call_command("load_reference_data", verbosity=0)
    call_command("load_case_studies", verbosity=0)
    assert history_counts() == before


@pytest.mark.django_db
def test_counts_after_both_loaders(loaded):
    from authorities.models import LocalAuthority
    from inspections.models import Inspection
    from interventions.models import Intervention

    assert LocalAuthority.objects.current().count() == 153
    assert LocalAuthority.objects.count() == 161
    assert Inspection.objects.graded().count() == 663
    assert Inspection.objects.visits().count() == 60
    assert (
        Intervention.objects.filter(authority__ons_code__in=["E06000046", "E06000027", "E06000060"])
        .values("authority")
        .distinct()
        .count()
        == 3
    )


# django-otp's devices (core/signin/second_factor.py), which admins delete for a lost app.
SECOND_FACTOR_APPS = {"otp_totp", "otp_static"}


def admin_pages():
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        yield pytest.param(model, model_admin, info, id=f"{info[0]}.{info[1]}")


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "model_admin", "info"), list(admin_pages()))
def test_every_admin_changelist_and_change_page_answers_200(
    loaded, client, admin_user, model, model_admin, info
):
    if info[0] in SECOND_FACTOR_APPS:  # no loader makes them: the admin's own device
        model.objects.create(user=admin_user, name="Device", confirmed=True)
    if info == ("reporting", "alert"):  # the loaded data raises none: it changes nothing
        inspection = Inspection.objects.select_related("authority").first()
        model.objects.create(
            kind=model.Kind.NEW_INADEQUATE,
            authority=inspection.authority,
            inspection=inspection,
            message="A new Inadequate judgement",
            cause="test",
        )
    client.force_login(admin_user)
    changelist = client.get(reverse("admin:{}_{}_changelist".format(*info)))
    assert changelist.status_code == 200
    obj = model_admin.get_queryset(changelist.wsgi_request).first()
    assert obj is not None, f"no {model.__name__} row to open"
    assert client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk])).status_code == 200
    if hasattr(model_admin, "history_view"):
        history = client.get(reverse("admin:{}_{}_history".format(*info), args=[obj.pk]))
        assert history.status_code == 200

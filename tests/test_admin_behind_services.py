"""The admin is one more client of the services (docs/adr/0013).

It cannot save what the services refuse: a status jump the lifecycle forbids, closing without an
exit reason, a change to an entry (or its ratings) that a submitted report locked, a revert of a
past version. Each refusal changes nothing and writes no history row. What the admin does save,
it saves as the service does: the same status change and history rows, with the admin user and
the reason typed.
"""

import datetime

import pytest
from django.apps import apps
from django.forms import CheckboxInput
from django.urls import reverse

from core.history import has_history
from interventions import services
from interventions.models import (
    CommissionerAppointment,
    Intervention,
    ProgressEntry,
    StatusChange,
    ThemeRating,
)
from interventions.tests import factories as f
from reporting import services as reports
from reporting.tests.report_world import Q2, build_world

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def history_rows() -> int:
    """Every history row of every tracked model."""
    return sum(model.history.count() for model in apps.get_models() if has_history(model))


def step(obj, name: str) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{name}", args=[obj.pk])


def page(obj, name: str = "change") -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{name}", args=[obj.pk])


class Unchanged:
    """Asserts, on leaving, that ``obj``'s row and every history table are as they were."""

    def __init__(self, obj):
        self.obj = obj

    def __enter__(self):
        self.row = self._row()
        self.history = history_rows()
        self.status_changes = StatusChange.objects.count()
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            assert self._row() == self.row
            assert history_rows() == self.history, "a refused change wrote a history row"
            assert StatusChange.objects.count() == self.status_changes

    def _row(self):
        return type(self.obj)._default_manager.filter(pk=self.obj.pk).values().get()


@pytest.fixture
def intervention():
    return f.InterventionFactory(opened_on=D(2016, 5, 25))


def errors_of(response) -> str:
    assert response.status_code == 200, response.status_code
    context = response.context
    form = context["adminform"].form if "adminform" in context else context["form"]
    assert form.errors
    return str(form.errors)


# --- refusals: nothing changes, no history row ------------------------------------------------


def test_a_status_jump_the_lifecycle_refuses_changes_nothing(admin_client):
    implementing = f.InterventionFactory(status="implementation")
    with Unchanged(implementing):
        response = admin_client.post(
            step(implementing, "status"),
            {"status": "awaiting_decision", "on": "2016-07-01", "reason": "Back to the Minister"},
        )
        assert "cannot move to awaiting the minister" in errors_of(response)


def test_the_change_form_cannot_change_the_status_or_close(admin_client, intervention):
    path = page(intervention)
    form = admin_client.get(path).context["adminform"].form
    assert not {"status", "status_changed_on", "closed_on", "exit_reason"} & set(form.fields)
    data = {
        "opened_on": "2016-05-25",
        "status": "closed",
        "closed_on": "2016-06-01",
        "exit_reason": "other",
        "status_changed_on": "2016-06-01",
        "change_reason": "Closed by hand",
        **inline_management_forms(admin_client.get(path)),
    }
    with Unchanged(intervention):
        assert admin_client.post(path, data).status_code == 302


def inline_management_forms(response) -> dict:
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data


def test_closing_without_an_exit_reason_changes_nothing(admin_client, intervention):
    with Unchanged(intervention):
        response = admin_client.post(
            step(intervention, "close"), {"on": "2018-06-30", "reason": "Direction revoked"}
        )
        assert "Choose why the intervention closed" in errors_of(response)
        assert "exit_reason" in response.context["form"].errors


def test_closing_without_a_reason_changes_nothing(admin_client, intervention):
    with Unchanged(intervention):
        response = admin_client.post(
            step(intervention, "close"), {"on": "2018-06-30", "exit_reason": "other"}
        )
        assert "reason" in response.context["form"].errors


def test_closing_before_the_last_change_of_status_changes_nothing(admin_client):
    # What Revert did: a 2015 status written after a 2026 one.
    monitoring = f.InterventionFactory(
        opened_on=D(2015, 1, 5), status="monitoring", status_changed_on=D(2026, 3, 1)
    )
    with Unchanged(monitoring):
        response = admin_client.post(
            step(monitoring, "close"),
            {"on": "2015-06-30", "exit_reason": "other", "reason": "Ended"},
        )
        assert "on or after the date of the last change of status" in errors_of(response)


def test_adding_a_second_open_intervention_is_refused_on_the_form(admin_client, intervention):
    before = history_rows()
    response = admin_client.post(
        reverse("admin:interventions_intervention_add"),
        {
            "authority": intervention.authority.pk,
            "opened_on": "2017-01-01",
            "status": "triggered",
            "reporting_period_months": "3",
        },
    )
    assert "already has an open intervention" in errors_of(response)
    assert Intervention.objects.count() == 1
    assert history_rows() == before


def test_an_inline_row_the_service_refuses_saves_nothing_of_the_page(admin_client, intervention):
    # appoint_commissioner refuses a start before the intervention opened; the notes typed on
    # the same page are not saved either.
    commissioner = f.CommissionerFactory()
    path = page(intervention)
    data = {
        "opened_on": "2016-05-25",
        "notes": "Edited with the appointment",
        **inline_management_forms(admin_client.get(path)),
        "appointments-TOTAL_FORMS": "1",
        "appointments-0-commissioner": commissioner.pk,
        "appointments-0-starts_on": "2016-01-01",
    }
    with Unchanged(intervention):
        response = admin_client.post(path, data)
        assert "must start on or after the intervention opened" in errors_of(response)
    assert not CommissionerAppointment.objects.exists()


@pytest.fixture
def locked_entry(commissioner, official):
    """An entry a submitted report includes (submitting locks the entries it cites)."""
    world = build_world(commissioner_user=commissioner)
    report, _ = reports.generate_report(world.intervention, Q2[0], by=world.by)
    reports.update_narrative(
        report,
        by=commissioner,
        overall_assessment="Progress is real but fragile.",
        risks="Recruitment of social workers.",
        recommendation="Keep the direction in place.",
    )
    reports.sign_off_report(report, by=commissioner)
    reports.submit_report(report, by=official)
    entry = ProgressEntry.objects.filter(locked_at__isnull=False, ratings__isnull=False).first()
    assert entry is not None
    return entry


def test_a_locked_entry_cannot_be_saved_in_the_admin(admin_client, locked_entry):
    with Unchanged(locked_entry):
        response = admin_client.post(
            page(locked_entry),
            {"summary": "Rewritten after the report", "change_reason": "Typo"},
        )
        assert response.status_code == 403
    response = admin_client.get(page(locked_entry))
    assert "summary" not in response.context["adminform"].form.fields


def test_the_ratings_of_a_locked_entry_cannot_be_changed_in_the_admin(admin_client, locked_entry):
    rating = locked_entry.ratings.first()
    with Unchanged(rating):
        response = admin_client.post(
            page(rating), {"rag": "green", "direction": "improving", "change_reason": "Better"}
        )
        assert response.status_code == 403


def test_no_rating_can_be_added_to_a_locked_entry(admin_client, locked_entry):
    theme = f.ThemeFactory()
    before = history_rows()
    response = admin_client.post(
        reverse("admin:interventions_themerating_add"),
        {"entry": locked_entry.pk, "theme": theme.pk, "rag": "green", "direction": "improving"},
    )
    assert "part of a submitted report" in errors_of(response)
    assert not ThemeRating.objects.filter(theme=theme).exists()
    assert history_rows() == before


def test_a_locked_entry_is_not_editable_on_its_intervention_s_page(admin_client, locked_entry):
    intervention = locked_entry.intervention
    response = admin_client.get(page(intervention))
    (entries,) = [
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is ProgressEntry
    ]
    (row,) = [form for form in entries.formset.forms if form.instance.pk == locked_entry.pk]
    shown = {
        name: field for name, field in row.fields.items() if name not in ("id", "intervention")
    }
    assert shown and all(field.disabled for field in shown.values())
    # What a browser could post anyway for the row is ignored: the page saves, the entry not.
    data = post_data(response)
    data[row.add_prefix("summary")] = "Rewritten after the report"
    data[row.add_prefix("occurred_on")] = "2017-06-30"
    with Unchanged(locked_entry):
        assert admin_client.post(page(intervention), data).status_code == 302


def post_data(response) -> dict:
    """What a browser posts back from an admin change page, nothing changed."""
    forms = [response.context["adminform"].form]
    data = inline_management_forms(response)
    for inline in response.context["inline_admin_formsets"]:
        forms += inline.formset.forms
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if isinstance(field.widget, CheckboxInput):
                if value:
                    data[form.add_prefix(name)] = "on"
            elif value is not None:
                data[form.add_prefix(name)] = getattr(value, "pk", value)
    return data


def test_revert_is_gone(admin_client, intervention):
    services.change_status(
        intervention, "monitoring", on=D(2026, 3, 1), reason="Monitoring", by=None
    )
    first = intervention.history.order_by("history_id").first()
    version = reverse(
        "admin:interventions_intervention_simple_history", args=[intervention.pk, first.pk]
    )
    shown = admin_client.get(version)
    assert shown.status_code == 200
    assert b'value="Revert"' not in shown.content
    assert not shown.context["adminform"].form.fields
    with Unchanged(intervention):
        reverted = admin_client.post(version, {"status": "triggered", "change_reason": "Oops"})
        assert reverted.status_code == 403


# --- what the admin saves is what the service saves -------------------------------------------


def footprint(intervention: Intervention) -> dict:
    """What a status change leaves behind, without the ids and times that always differ."""
    intervention.refresh_from_db()
    rows = intervention.history.order_by("history_id")
    changes = intervention.status_changes.order_by("pk")
    return {
        "intervention": {
            name: getattr(intervention, name)
            for name in ("status", "status_changed_on", "closed_on", "exit_reason", "version")
        },
        "history": [
            (r.history_type, r.history_user_id, r.history_change_reason, r.status, r.closed_on)
            for r in rows
        ],
        "status_changes": [
            (c.from_status, c.to_status, c.changed_on, c.reason, c.changed_by_id, c.source)
            for c in changes
        ],
        "status_change_history": [
            (r.history_type, r.history_user_id, r.history_change_reason)
            for r in StatusChange.history.filter(intervention_id=intervention.pk)
        ],
    }


@pytest.fixture
def twins():
    """Two interventions alike in all but their authority: one for the admin, one for the
    service."""
    return [f.InterventionFactory(opened_on=D(2016, 5, 25)) for _ in range(2)]


def test_the_status_step_writes_what_change_status_writes(admin_client, admin_user, twins):
    by_admin, by_service = twins
    response = admin_client.post(
        step(by_admin, "status"),
        {"status": "initial_review", "on": "2016-06-01", "reason": "Review begins"},
    )
    assert response.status_code == 302
    services.change_status(
        by_service, "initial_review", on=D(2016, 6, 1), reason="Review begins", by=admin_user
    )
    assert footprint(by_admin) == footprint(by_service)
    change = by_admin.status_changes.get()
    assert (change.changed_by, change.reason) == (admin_user, "Review begins")
    last = by_admin.history.order_by("-history_id").first()
    assert (last.history_user, last.history_change_reason) == (admin_user, "Review begins")


def test_the_close_step_writes_what_close_intervention_writes(admin_client, admin_user, twins):
    by_admin, by_service = twins
    response = admin_client.post(
        step(by_admin, "close"),
        {"on": "2018-06-30", "exit_reason": "direction_revoked", "reason": "Direction revoked"},
    )
    assert response.status_code == 302
    services.close_intervention(
        by_service,
        on=D(2018, 6, 30),
        exit_reason="direction_revoked",
        reason="Direction revoked",
        by=admin_user,
    )
    assert footprint(by_admin) == footprint(by_service)
    assert footprint(by_admin)["intervention"]["closed_on"] == D(2018, 6, 30)
    change = by_admin.status_changes.get()
    assert (change.to_status, change.changed_by, change.reason) == (
        "closed",
        admin_user,
        "Direction revoked",
    )


def test_adding_an_intervention_writes_what_open_intervention_writes(admin_client, admin_user):
    by_admin_authority, by_service_authority = f.LocalAuthorityFactory.create_batch(2)
    response = admin_client.post(
        reverse("admin:interventions_intervention_add"),
        {
            "authority": by_admin_authority.pk,
            "opened_on": "2016-01-14",
            "status": "triggered",
            "reporting_period_months": "3",
            "change_reason": "Inadequate judgement",
        },
    )
    assert response.status_code == 302
    by_service = services.open_intervention(
        by_service_authority, by=admin_user, opened_on=D(2016, 1, 14), reason="Inadequate judgement"
    )
    by_admin = Intervention.objects.get(authority=by_admin_authority)
    assert footprint(by_admin) == footprint(by_service)


def test_the_cadence_step_needs_a_reason_and_keeps_it(admin_client, admin_user, intervention):
    with Unchanged(intervention):
        response = admin_client.post(step(intervention, "reporting_cadence"), {"period_months": 6})
        assert "reason" in response.context["form"].errors
    response = admin_client.post(
        step(intervention, "reporting_cadence"),
        {"period_months": 6, "reason": "Minister asked for half-yearly reports"},
    )
    assert response.status_code == 302
    intervention.refresh_from_db()
    last = intervention.history.order_by("-history_id").first()
    assert (
        intervention.reporting_period_months,
        last.history_user,
        last.history_change_reason,
    ) == (
        6,
        admin_user,
        "Minister asked for half-yearly reports",
    )


def test_lifting_a_notice_goes_through_the_service(admin_client, admin_user):
    notice = f.ImprovementNoticeFactory()
    change_page = admin_client.get(page(notice))
    assert "lifted_on" not in change_page.context["adminform"].form.fields
    with Unchanged(notice):
        response = admin_client.post(step(notice, "lift"), {"lifted_on": "2017-03-01"})
        assert "Enter a reason for lifting the notice" in errors_of(response)
    response = admin_client.post(
        step(notice, "lift"), {"lifted_on": "2017-03-01", "reason": "Enough progress"}
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    last = notice.history.order_by("-history_id").first()
    assert (notice.lifted_on, last.history_user, last.history_change_reason) == (
        D(2017, 3, 1),
        admin_user,
        "Enough progress",
    )
    # Lifted, it can be neither lifted nor revised again.
    with Unchanged(notice):
        response = admin_client.post(
            step(notice, "lift"), {"lifted_on": "2017-04-01", "reason": "Again"}
        )
        assert "no longer in force" in errors_of(response)


def test_revising_a_direction_issues_the_revised_one(admin_client, admin_user):
    direction = f.StatutoryDirectionFactory(requirements="Improve the front door")
    response = admin_client.post(
        step(direction, "revise"),
        {
            "revised_on": "2017-02-01",
            "legal_basis": direction.legal_basis,
            "requires_commissioner": "on",
            "requirements": "Improve the front door and help and protection",
            "reason": "Second monitoring visit",
        },
    )
    assert response.status_code == 302
    direction.refresh_from_db()
    revised = direction.superseded_by
    assert response["Location"] == page(revised)
    assert (direction.revised_on, revised.issued_on, revised.requirements) == (
        D(2017, 2, 1),
        D(2017, 2, 1),
        "Improve the front door and help and protection",
    )
    for row in (direction, revised):
        last = row.history.order_by("-history_id").first()
        assert (last.history_user, last.history_change_reason) == (
            admin_user,
            "Second monitoring visit",
        )

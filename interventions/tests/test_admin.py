"""The admin: every model's pages open, query counts do not grow with rows, and key changes
need a reason that lands in the history."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interventions import models

from . import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def url(model, action, *args):
    return reverse(f"admin:interventions_{model._meta.model_name}_{action}", args=args)


def count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def test_every_interventions_model_is_registered():
    from django.apps import apps

    app_models = set(apps.get_app_config("interventions").get_models())
    tracked = {m for m in app_models if not m.__name__.startswith("Historical")}
    assert tracked <= set(admin.site._registry)


# --- changelists: same query bound at 3 and 30 rows -------------------------------------------


def rows_of(factory, **kwargs):
    return lambda n: factory.create_batch(n, **kwargs)


def directions(n):
    for _ in range(n):
        f.StatutoryDirectionFactory(revised_on=D(2017, 1, 1))


def notices(n):
    for _ in range(n):
        f.ImprovementNoticeFactory(lifted_on=D(2017, 1, 1))


CHANGELISTS = {
    models.Theme: rows_of(f.ThemeFactory),
    models.Intervention: rows_of(f.InterventionFactory),
    models.StatusChange: rows_of(f.StatusChangeFactory),
    models.ImprovementNotice: notices,
    models.StatutoryDirection: directions,
    models.Commissioner: lambda n: [f.CommissionerFactory(user=f.UserFactory()) for _ in range(n)],
    models.CommissionerAppointment: rows_of(f.CommissionerAppointmentFactory),
    models.ImprovementPartnership: rows_of(f.ImprovementPartnershipFactory),
    models.PartnerDayLog: lambda n: f.PartnerDayLogFactory.create_batch(
        n, logged_by=f.UserFactory()
    ),
    models.ImprovementBoard: rows_of(f.ImprovementBoardFactory),
    models.BoardMeeting: rows_of(f.BoardMeetingFactory),
    models.ADMAssessment: lambda n: f.ADMAssessmentFactory.create_batch(
        n, recommended_partner=f.LocalAuthorityFactory()
    ),
    models.ADMOption: lambda n: f.ADMOptionFactory.create_batch(
        n, partner=f.LocalAuthorityFactory()
    ),
    models.MinisterialDecision: rows_of(f.MinisterialDecisionFactory),
    models.ProgressEntry: lambda n: f.ProgressEntryFactory.create_batch(n, author=f.UserFactory()),
    models.ThemeRating: rows_of(f.ThemeRatingFactory),
    models.Action: rows_of(f.ActionFactory),
}


@pytest.mark.parametrize("model", CHANGELISTS, ids=lambda m: m.__name__)
def test_changelist_query_count_does_not_grow_with_rows(
    admin_client, model, django_assert_max_num_queries
):
    make = CHANGELISTS[model]
    make(3)
    bound = count_queries(admin_client, url(model, "changelist"))
    make(27)
    with django_assert_max_num_queries(bound):
        response = admin_client.get(url(model, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 30


LARGE_TABLES = [models.ProgressEntry, models.ThemeRating, models.Action, models.BoardMeeting]


@pytest.mark.parametrize("model", LARGE_TABLES, ids=lambda m: m.__name__)
def test_the_largest_tables_list_the_newest_recorded_first_and_count_once(admin_client, model):
    """Read off the primary key's index, not sorted by the model's own ordering (which made
    PostgreSQL sort every row of the table), counted once, and no year of the table listed
    (a date hierarchy's years read every row)."""
    CHANGELISTS[model](3)
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(url(model, "changelist"))
    shown = [row.pk for row in response.context["cl"].result_list]
    assert shown == sorted(model.objects.values_list("pk", flat=True), reverse=True)
    counts = [q for q in queries if 'COUNT(*) AS "__count"' in q["sql"]]
    assert len(counts) == 1
    assert not [q for q in queries if "date_trunc" in q["sql"].lower()]


@pytest.mark.parametrize("model", CHANGELISTS, ids=lambda m: m.__name__)
def test_changelist_search_and_filters_answer(admin_client, model):
    CHANGELISTS[model](2)
    model_admin = admin.site._registry[model]
    assert model_admin.search_fields and model_admin.list_filter
    response = admin_client.get(url(model, "changelist"), {"q": "Torbay"})
    assert response.status_code == 200
    assert response.context["cl"].has_filters


def test_interventions_filter_by_region_and_status(admin_client):
    south_west = f.InterventionFactory(status="monitoring")
    london = f.InterventionFactory(
        authority=f.LocalAuthorityFactory(region="E12000007"), status="monitoring"
    )
    response = admin_client.get(
        url(models.Intervention, "changelist"),
        {"authority__region__exact": "E12000009", "status__exact": "monitoring"},
    )
    shown = list(response.context["cl"].result_list)
    assert south_west in shown and london not in shown


def test_actions_filter_overdue(admin_client):
    late = f.ActionFactory(due_on=D(2016, 1, 1))
    f.ActionFactory(due_on=D(2999, 1, 1))
    response = admin_client.get(url(models.Action, "changelist"), {"overdue": "yes"})
    assert list(response.context["cl"].result_list) == [late]


# --- change pages with inlines: same query bound at 3 and 30 inline rows ----------------------


def intervention_with(n, parent=None):
    intervention = parent or f.InterventionFactory()
    for i in range(n):
        day = D(2016, 6, 1) + datetime.timedelta(days=i)
        f.StatusChangeFactory(
            intervention=intervention, from_status="triggered", to_status="monitoring"
        )
        f.CommissionerAppointmentFactory(intervention=intervention, starts_on=day)
        f.ImprovementPartnershipFactory(intervention=intervention)
        f.ProgressEntryFactory(intervention=intervention, occurred_on=day)
        f.ActionFactory(intervention=intervention)
        f.StatutoryDirectionFactory(intervention=intervention, revised_on=D(2017, 1, 1))
        f.ImprovementNoticeFactory(intervention=intervention, lifted_on=D(2017, 1, 1))
    return intervention


def commissioner_with(n, parent=None):
    commissioner = parent or f.CommissionerFactory()
    f.CommissionerAppointmentFactory.create_batch(n, commissioner=commissioner)
    return commissioner


def partnership_with(n, parent=None):
    partnership = parent or f.ImprovementPartnershipFactory()
    for i in range(n):
        f.PartnerDayLogFactory(
            partnership=partnership,
            worked_on=D(2016, 6, 1) + datetime.timedelta(days=i),
            logged_by=f.UserFactory(),
        )
    return partnership


def board_with(n, parent=None):
    board = parent or f.ImprovementBoardFactory()
    f.BoardMeetingFactory.create_batch(n, board=board)
    return board


def assessment_with(n, parent=None):
    assessment = parent or f.ADMAssessmentFactory()
    f.ADMOptionFactory.create_batch(n, assessment=assessment, partner=f.LocalAuthorityFactory())
    return assessment


def entry_with(n, parent=None):
    entry = parent or f.ProgressEntryFactory()
    for _ in range(n):
        f.ThemeRatingFactory(entry=entry)
    return entry


CHANGE_PAGES = {
    models.Intervention: intervention_with,
    models.Commissioner: commissioner_with,
    models.ImprovementPartnership: partnership_with,
    models.ImprovementBoard: board_with,
    models.ADMAssessment: assessment_with,
    models.ProgressEntry: entry_with,
}


@pytest.mark.parametrize("model", CHANGE_PAGES, ids=lambda m: m.__name__)
def test_change_page_query_count_does_not_grow_with_inline_rows(
    admin_client, model, django_assert_max_num_queries
):
    make = CHANGE_PAGES[model]
    parent = make(3)
    bound = count_queries(admin_client, url(model, "change", parent.pk))
    make(27, parent)
    with django_assert_max_num_queries(bound):
        response = admin_client.get(url(model, "change", parent.pk))
    assert response.status_code == 200


def test_a_history_page_names_each_version_as_it_stood_without_a_query_per_row(
    admin_client, django_assert_max_num_queries
):
    intervention = f.InterventionFactory()
    first = intervention.authority

    def versions(n):
        for number in range(n):
            intervention.authority = f.LocalAuthorityFactory() if number % 2 else first
            intervention.save()

    versions(3)
    bound = count_queries(admin_client, url(models.Intervention, "history", intervention.pk))
    versions(27)
    with django_assert_max_num_queries(bound):
        response = admin_client.get(url(models.Intervention, "history", intervention.pk))
    labels = {record.label for record in response.context["page_obj"]}
    names = {record.instance.authority.name for record in intervention.history.all()}
    assert {label.split(" (from")[0] for label in labels} == names
    assert len(names) > 2  # the versions name different authorities


@pytest.mark.parametrize("model", CHANGELISTS, ids=lambda m: m.__name__)
def test_change_add_and_history_pages_open(admin_client, model):
    obj = CHANGELISTS[model](1)
    obj = obj[0] if isinstance(obj, list) else model.objects.first()
    assert admin_client.get(url(model, "change", obj.pk)).status_code == 200
    assert admin_client.get(url(model, "history", obj.pk)).status_code == 200
    if admin.site._registry[model].has_add_permission(_request_for(admin_client)):
        assert admin_client.get(url(model, "add")).status_code == 200


def _request_for(client):
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = get_user_model().objects.get(pk=client.session["_auth_user_id"])
    return request


# --- a reason for key changes -----------------------------------------------------------------


def value_for_post(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, (datetime.date, Decimal, int)):
        return str(value)
    if hasattr(value, "pk"):
        return str(value.pk)
    if isinstance(value, (list, tuple)):
        return [value_for_post(v) for v in value]
    return value


def form_fields(form, data):
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[form.add_prefix(name)] = "on"
            continue
        data[form.add_prefix(name)] = value_for_post(value)


def post_data(response) -> dict:
    """What the browser would post back from an admin change page, unchanged."""
    data = {}
    form_fields(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[formset.management_form.add_prefix(name)] = formset.management_form[name].value()
        for form in formset.forms:
            form_fields(form, data)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def intervention():
    return f.InterventionFactory(opened_on=D(2016, 5, 25))


def step(obj, name):
    """The admin page of one workflow step on ``obj`` (core.admin.ObjectAction)."""
    return reverse(f"admin:interventions_{obj._meta.model_name}_{name}", args=[obj.pk])


def test_status_and_closing_are_read_only_on_the_change_form(admin_client, intervention):
    response = admin_client.get(url(models.Intervention, "change", intervention.pk))
    form = response.context["adminform"].form
    for name in ("status", "status_changed_on", "closed_on", "exit_reason"):
        assert name not in form.fields
    links = dict(response.context["object_actions"])
    assert links["Change status"] == step(intervention, "status")
    assert links["Close the intervention"] == step(intervention, "close")


def test_changing_status_in_admin_needs_a_reason(admin_client, intervention):
    response = admin_client.post(
        step(intervention, "status"), {"status": "initial_review", "on": "2016-06-01"}
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    intervention.refresh_from_db()
    assert intervention.status == "triggered"


def test_status_changed_in_admin_keeps_the_reason_and_logs_the_change(
    admin_client, admin_user, intervention
):
    response = admin_client.post(
        step(intervention, "status"),
        {"status": "initial_review", "on": "2016-06-01", "reason": "Review begins"},
    )
    assert response.status_code == 302, response.context["form"].errors
    intervention.refresh_from_db()
    assert intervention.status == "initial_review"
    row = intervention.history.order_by("-history_id").first()
    assert (row.history_change_reason, row.history_user) == ("Review begins", admin_user)
    change = intervention.status_changes.get()
    assert (change.from_status, change.to_status, change.changed_on) == (
        "triggered",
        "initial_review",
        D(2016, 6, 1),
    )
    assert (change.reason, change.changed_by) == ("Review begins", admin_user)


def test_admin_refuses_a_status_change_the_lifecycle_does_not_allow(admin_client):
    closed = f.InterventionFactory(status="closed", closed_on=D(2017, 1, 1))
    response = admin_client.post(
        step(closed, "status"), {"status": "monitoring", "on": "2017-02-01", "reason": "Reopen"}
    )
    assert response.status_code == 200
    assert "cannot move to monitoring" in str(response.context["form"].errors)
    closed.refresh_from_db()
    assert closed.status == "closed"


def test_closing_in_admin_sets_the_closing_date(admin_client, intervention):
    response = admin_client.post(
        step(intervention, "close"),
        {"on": "2018-06-30", "exit_reason": "direction_revoked", "reason": "Revoked"},
    )
    assert response.status_code == 302, response.context["form"].errors
    intervention.refresh_from_db()
    assert (intervention.status, intervention.closed_on, intervention.exit_reason) == (
        "closed",
        D(2018, 6, 30),
        "direction_revoked",
    )


def test_editing_a_non_key_field_needs_no_reason(admin_client, intervention):
    path = url(models.Intervention, "change", intervention.pk)
    data = post_data(admin_client.get(path))
    data.update(notes="Background from the 2016 report")
    response = admin_client.post(path, data)
    assert response.status_code == 302
    row = intervention.history.order_by("-history_id").first()
    assert row.history_change_reason == "Edited in admin"


def test_inline_key_date_change_needs_its_own_reason(admin_client, intervention):
    appointment = f.CommissionerAppointmentFactory(intervention=intervention)
    path = url(models.Intervention, "change", intervention.pk)
    data = post_data(admin_client.get(path))
    field = next(k for k in data if k.endswith("-ends_on") and "appointment" in k)
    data[field] = "2018-03-31"
    response = admin_client.post(path, data)
    assert response.status_code == 200
    appointment.refresh_from_db()
    assert appointment.ends_on is None
    data[field.replace("ends_on", "change_reason")] = "Partnership live"
    response = admin_client.post(path, data)
    assert response.status_code == 302
    row = appointment.history.order_by("-history_id").first()
    assert (row.ends_on, row.history_change_reason) == (D(2018, 3, 31), "Partnership live")


def test_direction_review_date_change_needs_a_reason(admin_client, admin_user):
    direction = f.StatutoryDirectionFactory()
    change_page = admin_client.get(url(models.StatutoryDirection, "change", direction.pk))
    assert "next_review_on" not in change_page.context["adminform"].form.fields
    data = {"next_review_on": "2017-05-01"}
    assert admin_client.post(step(direction, "review"), data).status_code == 200
    data["reason"] = "Annual review agreed"
    assert admin_client.post(step(direction, "review"), data).status_code == 302
    row = direction.history.order_by("-history_id").first()
    assert (row.next_review_on, row.history_change_reason, row.history_user) == (
        D(2017, 5, 1),
        "Annual review agreed",
        admin_user,
    )


def test_locked_entry_is_read_only_in_admin(admin_client):
    entry = f.ProgressEntryFactory(locked_at=datetime.datetime(2016, 9, 1, tzinfo=datetime.UTC))
    f.ThemeRatingFactory(entry=entry)
    response = admin_client.get(url(models.ProgressEntry, "change", entry.pk))
    assert "summary" not in response.context["adminform"].form.fields
    (ratings,) = response.context["inline_admin_formsets"]
    assert not ratings.has_change_permission and not ratings.has_add_permission


def test_status_log_cannot_be_edited_in_admin(admin_client):
    change = f.StatusChangeFactory()
    path = url(models.StatusChange, "change", change.pk)
    response = admin_client.post(path, {"reason": "Rewritten"})
    change.refresh_from_db()
    assert change.reason == "Intervention opened"
    assert response.status_code in (302, 403)


def test_adding_an_intervention_in_admin_logs_its_first_status(admin_client, admin_user):
    torbay = f.LocalAuthorityFactory(name="Torbay")
    path = url(models.Intervention, "add")
    data = post_data(admin_client.get(path))
    data.update(authority=str(torbay.pk), opened_on="2016-01-14", status="triggered")
    response = admin_client.post(path, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    intervention = models.Intervention.objects.get(authority=torbay)
    assert intervention.status_changed_on == D(2016, 1, 14)
    change = intervention.status_changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "",
        "triggered",
        admin_user,
    )


STEP_RECORDS = {
    models.Intervention: f.InterventionFactory,
    models.ImprovementNotice: f.ImprovementNoticeFactory,
    models.StatutoryDirection: f.StatutoryDirectionFactory,
}


@pytest.mark.parametrize("model", STEP_RECORDS, ids=lambda m: m.__name__)
def test_every_step_page_opens_and_is_linked_from_the_change_page(admin_client, model):
    obj = STEP_RECORDS[model]()
    steps = admin.site._registry[model].object_actions
    assert steps
    links = dict(admin_client.get(url(model, "change", obj.pk)).context["object_actions"])
    for action in steps:
        path = step(obj, action.slug.replace("-", "_"))
        assert links[action.label] == path
        response = admin_client.get(path)
        assert response.status_code == 200
        assert not response.context["form"].is_bound

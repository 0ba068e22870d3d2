"""The demo data generator: deterministic, through the services, history rows as the services
write them, valid, and never on a database that holds anything else."""

import datetime
import hashlib
import io
import re
from collections import defaultdict

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import models

from authorities.models import LocalAuthority
from core import roles
from core.dating import fact_time
from interventions import services
from interventions.models import (
    Action,
    BoardMeeting,
    Intervention,
    PartnerDayLog,
    ProgressEntry,
    ThemeRating,
)
from reporting import demo_data
from reporting.demo_data import accounts, safety
from reporting.demo_data.casework import Casework, People
from reporting.demo_data.plan import build_world
from reporting.demo_data.timeline import plan_timelines
from reporting.models import Report

# Small, and with every kind of record: 5 authorities, 6 interventions (2 open).
SCALE, SEED = 0.03, 3
TODAY = demo_data.DEFAULT_TODAY
# Stamped by the services from the clock when the generator runs, not from the plan.
CLOCK_FIELDS = {"created_at", "recorded_at", "signed_off_at"}

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("as_the_owner")]


def generate(seed=SEED, replace=False):
    return demo_data.generate(scale=SCALE, seed=seed, today=TODAY, replace=replace)


def digest() -> str:
    """A SHA-256 over every row of every table the generator fills (history tables included),
    in primary key order, leaving out the clock's stamps."""
    sha = hashlib.sha256()
    for label in safety.FILLED_APPS:
        for model in apps.get_app_config(label).get_models():
            names = [f.attname for f in model._meta.concrete_fields if f.name not in CLOCK_FIELDS]
            for row in model.objects.order_by(model._meta.pk.attname).values_list(*names):
                # A binary field comes back as a memoryview, whose repr names its address.
                row = [bytes(v) if isinstance(v, memoryview) else v for v in row]
                sha.update(repr((model._meta.label, row)).encode())
    return sha.hexdigest()


# ---------------------------------------------------------------------------------------------
# The plan: no database


@pytest.mark.django_db(databases=[])
def test_scale_one_is_the_national_portfolio_with_codes_no_real_authority_has():
    world = build_world(1, 1, TODAY)
    assert len(world.authorities) == 153
    by_type = {}
    for authority in world.authorities:
        by_type[authority.type] = by_type.get(authority.type, 0) + 1
    assert by_type == {"county": 21, "unitary": 63, "metropolitan": 36, "london": 33}
    assert sum(a.region == LocalAuthority.Region.LONDON for a in world.authorities) == 33
    codes = [a.ons_code for a in world.authorities]
    assert len(set(codes)) == 153
    assert all(re.fullmatch(r"E(06|08|09|10)9\d{5}", code) for code in codes)
    assert all(a.name.startswith("Demo ") and int(a.dfe_code) < 201 for a in world.authorities)
    assert 100 <= len(world.interventions) <= 150
    assert 18 <= sum(iv.closes_on is None for iv in world.interventions) <= 40
    start = world.start
    assert all(
        start <= i.publication_date <= TODAY for a in world.authorities for i in a.inspections
    )


@pytest.mark.django_db(databases=[])
def test_the_plan_is_the_same_for_the_same_seed_and_differs_for_another():
    def summary(world):
        return [
            (iv.authority.name, iv.opened_on, iv.closes_on, iv.instrument)
            for iv in world.interventions
        ]

    assert summary(build_world(0.3, 7, TODAY)) == summary(build_world(0.3, 7, TODAY))
    assert summary(build_world(0.3, 7, TODAY)) != summary(build_world(0.3, 8, TODAY))


@pytest.mark.django_db(databases=[])
def test_the_commissioners_record_is_written_by_the_commissioner_appointed_that_day_or_dfe():
    """The services let only the commissioner appointed that day, or DfE, write the
    commissioner's record (boards, ADM assessments). At scale 1 some boards are set up days
    before the first commissioner starts: the demo official sets those up."""
    world = build_world(1, 1, TODAY)
    timelines, commissioners = plan_timelines(world)
    official = object()
    accounts_by_number = {c.number: object() for c in commissioners}
    people = People(official, object(), accounts_by_number)
    before_anyone = 0
    for line in timelines:
        casework = Casework(line, people, defaultdict(object), {})
        for event in line.events:
            if event.action not in {"set_up_board", "start_assessment", "conclude_assessment"}:
                continue
            day = event.on
            appointed = {
                accounts_by_number[c.number]
                for c, first, last in line.appointments
                if first <= day and (last is None or day <= last)
            }
            actor = casework.commissioner_actor(day)
            assert actor in appointed or (not appointed and actor is official)
            before_anyone += not appointed
    assert before_anyone  # the case this is about is in the plan


# ---------------------------------------------------------------------------------------------
# Generating


def test_the_same_seed_gives_the_same_rows_and_another_seed_other_rows():
    safety.empty_filled_tables()  # so that the first run's keys start where a replaced run's do
    counts = generate()
    first = digest()
    assert demo_data.history_total(counts) > 3000
    assert accounts.generated_with() == {"scale": SCALE, "seed": SEED, "today": "2026-11-23"}
    with pytest.raises(demo_data.Refused, match="already holds demo data"):
        generate()
    generate(replace=True)
    assert digest() == first
    generate(seed=2, replace=True)
    assert digest() != first
    assert accounts.generated_with()["seed"] == 2


def test_generated_rows_are_valid_and_each_commissioner_signs_in_to_their_own():
    generate()
    for model in (BoardMeeting, ProgressEntry, ThemeRating, Action, PartnerDayLog):
        rows = list(model.objects.order_by("pk"))
        assert rows, model
        for row in rows[:: max(1, len(rows) // 15)]:
            row.full_clean()  # model rules too: a rationale for each change of RAG, ...
    for intervention in Intervention.objects.all():
        entries = intervention.progress_entries.all()
        assert entries.exists()
        assert not entries.filter(occurred_on__lt=intervention.opened_on).exists()
        if intervention.closed_on:
            assert not intervention.actions.filter(status=Action.Status.OPEN).exists()
            assert not entries.filter(occurred_on__gt=intervention.closed_on).exists()
    assert Action.objects.filter(status=Action.Status.DONE).exists()
    assert Action.objects.filter(status=Action.Status.CANCELLED).exists()

    official = get_user_model().objects.get(username=accounts.OFFICIAL)
    assert official.check_password(accounts.DEFAULT_PASSWORD)
    assert roles.has_role(official, roles.DFE_OFFICIAL)
    assert Intervention.objects.restrict(official, "view").count() == Intervention.objects.count()
    current = accounts.commissioner_accounts()
    open_ids = set(Intervention.objects.open().values_list("pk", flat=True))
    assert {pk for _, ids in current for pk in ids} == open_ids
    for username, ids in current:
        user = get_user_model().objects.get(username=username)
        assert roles.has_role(user, roles.COMMISSIONER)
        editable = set(Intervention.objects.restrict(user, "log").values_list("pk", flat=True))
        assert editable == set(ids)
    # Their older reports are signed off by them; none is submitted (that renders the PDF).
    reports = Report.objects.all()
    assert reports.filter(status=Report.Status.SIGNED_OFF).exists()
    assert not reports.filter(status=Report.Status.SUBMITTED).exists()


# ---------------------------------------------------------------------------------------------
# The bulk rows are the services' rows


def history(instance: models.Model, *ignored: str) -> list[dict]:
    """The instance's history rows, oldest first, without keys that differ between copies."""
    skip = {"id", "history_id", *ignored}
    rows = instance.history.order_by("history_date", "history_id").values()
    return [{k: v for k, v in row.items() if k not in skip} for row in rows]


def first_with(model, steps: int, keep=lambda obj: True, **filters):
    """The first generated row of ``model`` whose history has ``steps`` rows (and that
    ``keep``s)."""
    History = model.history.model
    for obj in model.objects.filter(**filters).order_by("pk"):
        if History.objects.filter(id=obj.pk).count() == steps and keep(obj):
            return obj
    raise AssertionError(f"No {model.__name__} with {steps} history rows")


def replay_changes(original, copy, change):
    """Apply the original's changes ("~" rows) to ``copy`` through ``change``, each dated as
    the original's was."""
    rows = list(original.history.order_by("history_date", "history_id"))
    for before, after in zip(rows, rows[1:], strict=False):
        delta = after.diff_against(before)
        values = {c.field: c.new for c in delta.changes if c.field != "version"}
        with fact_time(after.history_date):
            copy = change(copy, after, values) or copy
    return copy


def may_log(record) -> bool:
    """Whether whoever wrote ``record`` may still log on its intervention: the services ask."""
    writer = record.history.earliest("history_date").history_user
    if writer is None:
        return False
    return type(record).objects.restrict(writer, "log").filter(pk=record.pk).exists()


def test_bulk_rows_have_the_history_rows_the_services_write():
    generate()
    # Rated, then re-rated, by a commissioner who may still log on it (the services ask).
    rating = first_with(ThemeRating, 2, keep=may_log)
    entry = rating.entry
    first = entry.history.earliest("history_date")
    # Each rating as first given (a later re-rating is replayed below).
    given = [r.history.earliest("history_date") for r in entry.ratings.order_by("pk")]
    with fact_time(first.history_date):
        copy = services.record_progress(
            entry.intervention,
            by=first.history_user,
            author=entry.author,
            occurred_on=first.occurred_on,
            kind=first.kind,
            summary=first.summary,
            ratings=[(row.theme, row.rag, row.direction, row.rationale) for row in given],
            board_meeting=entry.board_meeting,
        )
    copy = replay_changes(
        entry,
        copy,
        lambda c, row, values: services.update_progress(c, by=row.history_user, **values),
    )
    assert history(copy) == history(entry)
    for original in entry.ratings.all():  # each re-rating replayed
        replay_changes(
            original,
            copy.ratings.get(theme=original.theme),
            lambda c, row, values: services.rate_theme(
                copy, c.theme, by=row.history_user, rag=row.rag, direction=row.direction,
                rationale=row.rationale,
            ),
        )  # fmt: skip
    for original in entry.ratings.all():
        assert history(copy.ratings.get(theme=original.theme), "entry_id") == history(
            original, "entry_id"
        )

    # Created, moved, settled.
    action = first_with(Action, 3, keep=may_log, source=Action.Source.PROGRESS_ENTRY)
    first = action.history.earliest("history_date")
    with fact_time(first.history_date):
        copy = services.create_action(
            action.intervention,
            by=first.history_user,
            title=first.title,
            owner=first.owner,
            due_on=first.due_on,
            source_entry=action.source_entry,
            created_on=first.created_on,
        )

    def update(c, row, values):
        return services.update_action(
            c, by=row.history_user, reason=row.history_change_reason, **values
        )

    replay_changes(action, copy, update)
    assert history(copy) == history(action)

    meeting = first_with(BoardMeeting, 2, keep=may_log)  # recorded, then its minutes agreed
    first = meeting.history.earliest("history_date")
    board = services.set_up_board(meeting.board.intervention, by=first.history_user)
    with fact_time(first.history_date):
        copy = services.record_board_meeting(
            board.intervention,
            board=board,
            by=first.history_user,
            held_on=first.held_on,
            attendees=first.attendees,
            decisions=first.decisions,
        )
    replay_changes(
        meeting,
        copy,
        lambda c, row, values: services.update_board_meeting(c, by=row.history_user, **values),
    )
    assert history(copy, "board_id") == history(meeting, "board_id")

    log = PartnerDayLog.objects.order_by("pk").first()
    first = log.history.get()
    with fact_time(first.history_date):
        copy = services.log_partner_days(
            log.partnership,
            by=first.history_user,
            worked_on=log.worked_on,
            days=log.days,
            description=log.description,
        )
    assert history(copy) == history(log)


# ---------------------------------------------------------------------------------------------
# Safety and the command


def test_refuses_a_database_with_real_authorities(settings):
    settings.DEBUG = True
    LocalAuthority.objects.create(
        ons_code="E06000027", dfe_code="880", name="Torbay", type="unitary", region="E12000009"
    )
    with pytest.raises(CommandError, match=r"did not make \(Torbay \(E06000027\)\)"):
        call_command("generate_demo_data", "--scale", "0.03", stdout=io.StringIO())
    assert LocalAuthority.objects.count() == 1
    assert not Intervention.objects.exists()


def test_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        call_command("generate_demo_data", "--scale", "0.03")
    assert not LocalAuthority.objects.exists()


def test_the_command_reports_its_stages_and_counts_and_is_quiet_at_verbosity_0(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("generate_demo_data", "--scale", "0.03", "--seed", "2", stdout=out)
    text = out.getvalue()
    assert "Planned 5 authorities and 2 interventions" in text
    assert re.search(r"interventions\.HistoricalThemeRating\s+[\d,]+", text) is None  # by model
    assert re.search(r"interventions\.ThemeRating\s+[\d,]+\s+[\d,]+", text)
    assert re.search(r"total\s+[\d,]+\s+[\d,]+", text)
    assert f"Sign in as {accounts.OFFICIAL}" in text
    quiet = io.StringIO()
    call_command(
        "generate_demo_data", "--scale", "0.03", "--seed", "2", "--replace", "-v", "0",
        "--today", "2020-06-30", stdout=quiet,
    )  # fmt: skip
    assert quiet.getvalue() == ""
    # --today is the last day of the data.
    assert ProgressEntry.objects.latest("occurred_on").occurred_on <= datetime.date(2020, 6, 30)
    assert accounts.generated_with()["today"] == "2020-06-30"


@pytest.mark.parametrize("scale", ["0", "-1", "abc", "101"])
def test_a_scale_out_of_range_is_refused(settings, scale):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="--scale"):
        call_command("generate_demo_data", "--scale", scale)

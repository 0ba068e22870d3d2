"""Cached pages cannot go stale (core.page_cache, docs/adr/0026): each committed change bumps the
data version a page is keyed on, so after any write every page equals the page made afresh.

These tests commit (``transaction=True``): a test inside a transaction never uses the cache,
because its own writes are not in the version until they commit."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from authorities.models import LocalAuthority
from core import page_cache, roles
from core.dating import fact_time, moment
from core.models import DataVersion
from inspections.tests.factories import graded
from interventions import services
from interventions.models import Commissioner, Intervention, ProgressEntry
from reporting.tests.report_world import build_world

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the version trigger is PostgreSQL's"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AS_AT = "date-day=20&date-month=6&date-year=2017"
REQUEST_PART = re.compile(r"<!--request-->.*?<!--/request-->", re.DOTALL)


def token() -> str:
    return str(DataVersion.objects.get(pk=1).token)


def test_every_table_but_the_untracked_ones_bumps_the_version():
    tables = page_cache.tracked_tables()
    assert page_cache.untriggered_tables() == []
    # The live tables, their history, and a many-to-many table.
    for table in [
        "interventions_progressentry",
        "interventions_historicalthemerating",
        "authorities_localauthority",
        "auth_user_groups",
        "reporting_alert",
    ]:
        assert table in tables
    assert not set(page_cache.UNTRACKED) & set(tables)


def test_a_committed_change_bumps_the_version_and_one_rolled_back_or_untracked_does_not():
    page_cache.data_version()  # makes the row again if a flush took it
    authority = LocalAuthority.objects.create(name="Easton", ons_code="E06999901")
    first = token()

    with transaction.atomic():
        LocalAuthority.objects.filter(pk=authority.pk).update(name="Easton Borough")
        LocalAuthority.objects.filter(pk=authority.pk).update(name="Easton Council")
        assert token() == first  # not before it commits
    second = token()
    assert second != first

    with transaction.atomic():
        LocalAuthority.objects.filter(pk=authority.pk).update(name="Never")
        transaction.set_rollback(True)
    assert token() == second

    session = SessionStore()
    session["seen"] = 1
    session.save()  # who is signed in is not what a page shows
    assert token() == second


def pages(world) -> list[str]:
    intervention = world.intervention
    authority = intervention.authority
    return [
        reverse("reporting:dashboard"),
        reverse("reporting:dashboard") + "?sort=rag&order=desc",
        reverse("reporting:dashboard") + "?" + AS_AT,
        reverse("reporting:dashboard_csv"),
        reverse("reporting:dashboard_csv") + "?" + AS_AT,
        reverse("reporting:watchlist"),
        reverse("reporting:watchlist") + "?" + AS_AT,
        reverse("reporting:authority_list"),
        reverse("reporting:authority_detail", args=[authority.ons_code]),
        reverse("reporting:authority_detail", args=[authority.ons_code]) + "?" + AS_AT,
        reverse("interventions:intervention_detail", args=[intervention.pk]),
        reverse("api:intervention_list"),
        reverse("api:intervention_list") + "?sort=-rag",
        reverse("api:intervention_list") + "?date=2017-06-20",
        reverse("api:intervention_detail", args=[intervention.pk]),
        reverse("api:intervention_entries", args=[intervention.pk]) + "?date=2017-06-20",
        reverse("api:presumption"),
        reverse("api:authority_list"),
    ]


def content(response) -> str:
    """The page less what is rendered for each request (the sign-out form's CSRF token)."""
    assert response.status_code == 200
    return REQUEST_PART.sub("", response.content.decode())


def fresh(client, url, settings) -> str:
    """The page made afresh: no page kept, and no list row kept either (docs/adr/0028)."""
    settings.PAGE_CACHE, settings.ROW_CACHE = False, False
    try:
        return content(client.get(url))
    finally:
        settings.PAGE_CACHE, settings.ROW_CACHE = True, True


def test_no_write_leaves_a_stale_page(client, official, settings, monkeypatch):
    """Each page is cached (a second request reads far less), then after each kind of write
    every page, served from the cache where it can be, equals the same page made afresh."""
    settings.PAGE_CACHE = True
    world = build_world()
    page_cache.data_version()  # the first request makes the version row: here, not in a page
    client.force_login(official)
    urls = pages(world)
    answered = []
    monkeypatch.setattr(
        page_cache,
        "_answer",
        lambda *args, _answer=page_cache._answer: answered.append(1) or _answer(*args),
    )
    for url in urls:
        made = content(client.get(url))
        with CaptureQueriesContext(connection) as cached:
            assert content(client.get(url)) == made
        assert len(answered) == urls.index(url) + 1, f"{url} was not served from the cache"
        # Session, user, roles, version (and the record the page is about, to check scope; and
        # for a page about one intervention, whether this transaction has written, and the
        # versions of its records).
        assert len(cached.captured_queries) <= 8, url
        assert made == fresh(client, url, settings)

    intervention, by, first = world.intervention, world.by, world.themes[0]
    today = timezone.localdate()
    writes = {
        "a red rating today, through the service": lambda: services.record_progress(
            intervention,
            by=by,
            occurred_on=today,
            kind=ProgressEntry.Kind.VISIT,
            summary="Third visit: the front door is unsafe again.",
            ratings=[(first, "red", "declining", "Referrals waited a week")],
        ),
        "a change of status": lambda: services.change_status(
            intervention, Intervention.Status.MONITORING, on=today, reason="Better", by=by
        ),
        "a rating back-dated to before the past day": lambda: _back_dated(world),
        "a rename by a queryset update (no history)": lambda: LocalAuthority.objects.filter(
            pk=intervention.authority_id
        ).update(name="Northtown Borough"),
    }
    for what, write in writes.items():
        before = {url: content(client.get(url)) for url in urls}
        write()
        changed = 0
        for url in urls:
            after = content(client.get(url))
            assert after == fresh(client, url, settings), (what, url)
            changed += after != before[url]
        assert changed, f"{what} changed no page: the test shows nothing"


def _back_dated(world):
    with fact_time(moment(datetime.date(2017, 6, 16)), "Found in the minutes"):
        services.record_progress(
            world.intervention,
            by=world.by,
            occurred_on=datetime.date(2017, 6, 16),
            kind=ProgressEntry.Kind.VISIT,
            summary="A visit the record had missed.",
            ratings=[(world.themes[1], "green", "improving", "Plans brought up to date")],
        )


def test_a_page_about_one_intervention_is_kept_until_what_it_shows_changes(
    client, official, settings, monkeypatch
):
    """The intervention page is kept under its intervention's, its authority's and the
    reference versions (``page_key``'s scope), not the data version: another intervention's
    change leaves it served as stored, and after each kind of write it shows (its records, its
    authority's inspections, reference data, a person's name) it equals the page made afresh.
    A change of the reader's role gives a new key."""
    settings.PAGE_CACHE = True
    world = build_world()
    elsewhere = build_world(name="Southtown")
    page_cache.data_version()
    client.force_login(official)
    url = reverse("interventions:intervention_detail", args=[world.intervention.pk])
    answered = []
    monkeypatch.setattr(
        page_cache,
        "_answer",
        lambda *args, _answer=page_cache._answer: answered.append(1) or _answer(*args),
    )
    made = content(client.get(url))
    today = timezone.localdate()

    def log_visit(intervention, summary):
        services.record_progress(
            intervention,
            by=world.by,
            occurred_on=today,
            kind=ProgressEntry.Kind.VISIT,
            summary=summary,
            ratings=[(world.themes[0], "red", "declining", "Referrals waited a week")],
        )

    log_visit(elsewhere.intervention, "Southtown's visit.")
    assert content(client.get(url)) == made
    assert len(answered) == 1, "another intervention's change remade the page"
    assert made == fresh(client, url, settings)

    intervention, by = world.intervention, world.by
    writes = {
        "a red rating today, through the service": lambda: log_visit(
            intervention, "Third visit: the front door is unsafe again."
        ),
        "an Ofsted judgement for its authority": lambda: graded(
            intervention.authority, "ILACS", (today - datetime.timedelta(days=1)).isoformat()
        ),
        "its authority renamed (no history)": lambda: LocalAuthority.objects.filter(
            pk=intervention.authority_id
        ).update(name="Northtown Borough"),
        "its partner renamed (no history)": lambda: LocalAuthority.objects.filter(
            pk=world.partner.pk
        ).update(name="Aardvark Council"),
        "its commissioner renamed (no history)": lambda: Commissioner.objects.filter(
            appointments__intervention=intervention
        ).update(name="Zoe Zander"),
        "the person who logged its entries renamed": lambda: _rename(by),
    }
    for what, write in writes.items():
        before = content(client.get(url))
        write()
        after = content(client.get(url))
        assert after == fresh(client, url, settings), what
        assert after != before, f"{what} changed nothing on the page: the test shows nothing"

    client.get(url)
    served = len(answered)
    assert content(client.get(url)) and len(answered) == served + 1
    official.groups.add(Group.objects.get_or_create(name=roles.ADMIN)[0])
    client.get(url)
    assert len(answered) == served + 1, "a page kept for the reader's old role was served"


def _rename(user):
    user.first_name, user.last_name = "Robin", "Recorder"
    user.save()


def test_each_person_has_their_own_pages_and_a_message_is_never_kept(
    client, official, commissioner, settings
):
    """An official's cached dashboard is not a commissioner's (refused); a page shows its
    reader's own name; a page with a message to show is made afresh, and the message is not
    kept for the next request."""
    settings.PAGE_CACHE = True
    world = build_world(commissioner_user=commissioner)
    dashboard = reverse("reporting:dashboard")
    page = reverse("interventions:intervention_detail", args=[world.intervention.pk])
    client.force_login(official)
    for url in (dashboard, dashboard, page, page):
        assert client.get(url).status_code == 200
    client.force_login(commissioner)
    assert client.get(dashboard).status_code == 403
    mine = client.get(page).content.decode()
    assert f"({commissioner.get_username()})" in mine
    assert f"({official.get_username()})" not in mine

    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "Progress saved")])
    assert "Progress saved" in client.get(page).content.decode()
    assert "Progress saved" not in client.get(page).content.decode()


def test_a_cache_that_does_not_answer_makes_every_page_afresh(client, official, settings):
    """Redis down (nothing listens on port 1): the pages are made as if there were no cache."""
    settings.PAGE_CACHE = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    world = build_world()
    client.force_login(official)
    for url in pages(world)[:3] * 2:
        assert client.get(url).status_code == 200

"""Property-based tests of the forms the workspace tests do not cover, through their real views:
sign-in, the forgotten-password forms, the report narrative, the reasons to return or reopen a
report, the dashboard, watchlist, authority and audit-trail filters, and the admin's forms
(every admin form is a ``ReasonForm``; the intervention's and the authority's have their own
forms and inlines).

Whatever is posted, the answer is a redirect (saved) or the page again with a GOV.UK error
summary (Django's own error list in the admin), or a refusal in the 4xx range: never a 5xx.
(The workspace forms: interventions/tests/test_workspace_hypothesis.py; evidence uploads:
interventions/tests/test_evidence_fuzz.py.)
"""

import string
from html.parser import HTMLParser

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import given
from hypothesis import strategies as st

from authorities.tests.factories import LeadershipPostFactory
from core.forms import PARTS
from core.testing import fuzz
from reporting import services as reports
from reporting.tests.report_world import Q2, D, build_world

pytestmark = pytest.mark.django_db

FUZZ = fuzz(max_examples=15)

Q1_START = D(2017, 1, 1)

# Anything a person or a script could type, and the values that break parsers.
typed = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=string.digits + "-/.", max_size=12),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "0",
            "-1",
            "31",
            "2017-02-30",
            "30/06/2017",
            "9" * 40,
            "<script>",
            "x" * 600,
        ]
    ),
)


def answered_well(response, *, errors: str = "govuk-error-summary") -> None:
    """A redirect, or the page again showing what is wrong, or a 4xx: never a server error."""
    assert response.status_code < 500, response.status_code
    if response.status_code == 200 and response.request["REQUEST_METHOD"] == "POST":
        assert errors in response.content.decode()


def in_savepoint(post):
    """Run ``post`` and undo what it saved, so that every example starts from the same rows."""
    with transaction.atomic():
        response = post()
        transaction.set_rollback(True)
    return response


# ---------------------------------------------------------------------------------------------
# Sign-in


@FUZZ
@given(username=typed, password=typed)
def test_signing_in_with_anything_never_fails(client, official, username, password):
    response = in_savepoint(
        lambda: client.post(reverse("login"), {"username": username, "password": password})
    )
    answered_well(response)


# ---------------------------------------------------------------------------------------------
# Forgotten password: asking for a link, choosing a new password


@FUZZ
@given(email=st.one_of(typed, st.emails()))
def test_asking_for_a_reset_link_with_anything_never_fails(client, official, email):
    response = in_savepoint(lambda: client.post(reverse("password_reset"), {"email": email}))
    answered_well(response)


@FUZZ
@given(first=typed, second=typed, same=st.booleans())
def test_any_new_password_is_taken_or_explained(client, official, first, second, same):
    link = reverse(
        "password_reset_confirm",
        args=[
            urlsafe_base64_encode(force_bytes(official.pk)),
            default_token_generator.make_token(official),
        ],
    )

    def choose():
        form = client.get(link)  # to the set-password page, the link's token in the session
        assert form.status_code == 302
        passwords = {"new_password1": first, "new_password2": first if same else second}
        return client.post(form["Location"], passwords)

    answered_well(in_savepoint(choose))


# ---------------------------------------------------------------------------------------------
# Quarterly reports


@pytest.fixture
def world(commissioner):
    return build_world(commissioner_user=commissioner)


@pytest.fixture
def report(world):
    report, _ = reports.generate_report(world.intervention, Q2[0], by=world.by)
    return report


@FUZZ
@given(overall=typed, risks=typed, recommendation=typed)
def test_any_narrative_is_saved_or_explained(
    client, commissioner, report, overall, risks, recommendation
):
    client.force_login(commissioner)
    data = {"overall_assessment": overall, "risks": risks, "recommendation": recommendation}
    url = reverse("reporting:report_narrative", args=[report.pk])
    answered_well(in_savepoint(lambda: client.post(url, data)))


@pytest.fixture
def steps(world, report, commissioner, official):
    """A report to return (signed off, Q2) and one to reopen (submitted, Q1)."""
    q1, _ = reports.generate_report(world.intervention, Q1_START, by=world.by)
    for signed in (report, q1):
        reports.update_narrative(
            signed, by=commissioner, overall_assessment="Real", risks="None", recommendation="Stay"
        )
        reports.sign_off_report(signed, by=commissioner)
    reports.submit_report(q1, by=official)
    return {"return": report, "reopen": q1}


@FUZZ
@given(step=st.sampled_from(["return", "reopen"]), reason=typed)
def test_any_reason_to_return_or_reopen_a_report_is_taken_or_explained(
    client, admin_user, steps, step, reason
):
    client.force_login(admin_user)
    url = reverse(f"reporting:report_{step}", args=[steps[step].pk])
    answered_well(in_savepoint(lambda: client.post(url, {f"{step}-reason": reason})))


# ---------------------------------------------------------------------------------------------
# Dashboard, watchlist and authority filters (GET forms)


filters = st.fixed_dictionaries(
    {},
    optional={
        "date-day": typed,
        "date-month": typed,
        "date-year": typed,
        "region": typed,
        "type": typed,
        "status": typed,
        "rag": typed,
        "report": typed,
        "sort": typed,
        "order": typed,
        "page": typed,
    },
)


@FUZZ
@given(
    page=st.sampled_from(["dashboard", "dashboard_csv", "watchlist", "authority_detail"]),
    query=filters,
)
def test_any_filter_shows_the_page_or_explains(client, official, report, page, query):
    client.force_login(official)
    args = [report.intervention.authority.ons_code] if page == "authority_detail" else []
    response = client.get(reverse(f"reporting:{page}", args=args), query)
    # The pages show their filters' errors; the CSV download is a 400 asking to correct them.
    assert response.status_code in ((200, 400) if page == "dashboard_csv" else (200,))


@FUZZ
@given(
    query=st.fixed_dictionaries(
        {},
        optional={
            "user": typed,
            "record_type": typed,
            **{f"{date}-{part}": typed for date in ("since", "until") for part in PARTS},
            "page": typed,
        },
    )
)
def test_any_filter_of_the_audit_trail_shows_the_page(admin_client, report, query):
    response = admin_client.get(reverse("audit"), query)
    # The filters' errors are on the page; a page number that is not one is a 404.
    assert response.status_code in ((200, 404) if "page" in query else (200,))


# ---------------------------------------------------------------------------------------------
# The admin: each page's form as it renders, some of its fields replaced by anything


class FormReader(HTMLParser):
    """The fields of the page's main POST form, with the values a browser would send."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.in_form = False
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post" and "id" in a:
            self.in_form = True
        if not self.in_form or "name" not in a and tag != "option":
            return
        if tag == "input" and a.get("type") not in ("file", "submit", "button", "image"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.fields[a["name"]] = a.get("value") or ""
        elif tag == "select":
            self.select = a["name"]
        elif (
            tag == "option" and self.select and ("selected" in a or self.select not in self.fields)
        ):
            self.fields[self.select] = a.get("value") or ""
        elif tag == "textarea":
            self.textarea = a["name"]
            self.fields[self.textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data.removeprefix("\n")


def form_fields(html: str) -> dict[str, str]:
    reader = FormReader()
    reader.feed(html)
    return reader.fields


@pytest.fixture
def admin_pages(report):
    intervention = report.intervention
    LeadershipPostFactory(authority=intervention.authority)
    return {
        "intervention": reverse("admin:interventions_intervention_change", args=[intervention.pk]),
        "new intervention": reverse("admin:interventions_intervention_add"),
        "authority": reverse(
            "admin:authorities_localauthority_change", args=[intervention.authority.pk]
        ),
    }


@FUZZ
@given(page=st.sampled_from(["intervention", "new intervention", "authority"]), data=st.data())
def test_any_change_in_the_admin_is_saved_or_explained(admin_client, admin_pages, page, data):
    url = admin_pages[page]
    fields = form_fields(admin_client.get(url).content.decode())
    assert "csrfmiddlewaretoken" in fields and len(fields) > 5, fields
    changed = data.draw(st.lists(st.sampled_from(sorted(fields)), max_size=4, unique=True))
    posted = {**fields, **{name: data.draw(typed, label=name) for name in changed}}
    response = in_savepoint(lambda: admin_client.post(url, {**posted, "_save": "Save"}))
    answered_well(response, errors="errornote")


def test_a_username_longer_than_any_account_s_is_refused_with_a_message(client, official):
    # Found by the test above: django-axes could not store the name of the failed attempt, a
    # 500 on PostgreSQL.
    response = client.post(reverse("login"), {"username": "x" * 600, "password": "anything"})

    assert response.status_code == 200
    assert "Username must be 150 characters or fewer" in response.content.decode()

"""Load test: commissioners logging progress and DfE officials browsing and exporting.

Run by ``bench/run.py`` (headless, against gunicorn on 127.0.0.1 only). By hand:

    BENCH_ACCOUNTS=accounts.json BENCH_PASSWORD=... .venv/bin/locust -f bench/locustfile.py \
        --headless -u 50 -r 5 -t 60s --host http://127.0.0.1:8783

``BENCH_ACCOUNTS`` is what ``bench/measure.py accounts`` prints: the official's username, each
commissioner's username with the open interventions they are appointed to, and the authorities
and interventions to browse. Every simulated person signs in once through the real sign-in
form (CSRF included) with ``BENCH_PASSWORD`` and keeps its session.

The mix (user weights, and task weights within each user):
- Commissioner (weight 3): log a progress entry through the real workspace form, rating two
  themes with a rationale (3); read their intervention's page (2); their list of
  interventions (1).
- DfE official (weight 2): the national dashboard (3); an intervention's page (2); an
  authority's page (2); the presumption watchlist (1); the dashboard as CSV (1); the API's
  intervention list (1); and, as issue 19 asks, "as at" and sorted pages: the dashboard as at
  a past day (1), sorted by a column chosen at random, today or as at that day (1), an
  authority's page and the watchlist as at that day (1 each), the API's list as at that day
  (1).
Each waits 2 to 5 seconds between actions, a busy person clicking through.

The service runs as in production, behind a TLS proxy: the session and CSRF cookies are
Secure, so this client says it came through HTTPS (``X-Forwarded-Proto``, as the proxy would)
and sends Secure cookies over the loopback connection.
"""

import datetime
import itertools
import json
import os
import random
import re
from http.cookiejar import DefaultCookiePolicy

from locust import HttpUser, between, task

ACCOUNTS = json.loads(open(os.environ["BENCH_ACCOUNTS"]).read())  # noqa: SIM115
PASSWORD = os.environ["BENCH_PASSWORD"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
THEMES = re.compile(r'name="rag-([\w-]+)"')
# Hand out commissioner accounts in turn, so that users spread over the interventions.
COMMISSIONERS = itertools.cycle(sorted(ACCOUNTS["commissioners"].items()))
# The past day of the "as at" pages, and the dashboard's sorts (bench/measure.py's).
PAST_DAY = datetime.date.fromisoformat(ACCOUNTS["past_day"])
AS_AT = f"date-day={PAST_DAY.day}&date-month={PAST_DAY.month}&date-year={PAST_DAY.year}"
SORTS = ACCOUNTS["sorts"]

# This client stands where the TLS proxy would, so it sends Secure cookies over loopback HTTP.
# (Patched on the policy class: requests copies the session's cookies into a fresh jar with the
# default policy for every request.)
DefaultCookiePolicy.return_ok_secure = lambda self, cookie, request: True


class SignedInUser(HttpUser):
    abstract = True
    wait_time = between(2, 5)
    username = ""

    def on_start(self) -> None:
        self.client.headers["X-Forwarded-Proto"] = "https"
        self.sign_in()

    def sign_in(self) -> None:
        form = self.client.get("/sign-in/", name="sign-in form")
        data = {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": csrf(form)}
        with self.post("/sign-in/", data, name="sign in") as response:
            if "/sign-in/" in response.url:
                response.failure(f"{self.username} was not signed in")

    def page(self, path: str, name: str):
        """A GET that fails if it ends on the sign-in page (signed out) or in an error."""
        with self.client.get(path, name=name, catch_response=True) as response:
            if "/sign-in/" in response.url:
                response.failure("signed out")
            return response

    def post(self, path: str, data: dict, name: str):
        """A form POST as a browser sends it (the Referer is checked under HTTPS)."""
        referer = f"https://{self.host.split('://', 1)[1]}{path}"
        return self.client.post(
            path, data=data, name=name, headers={"Referer": referer}, catch_response=True
        )


def csrf(response) -> str:
    match = CSRF.search(response.text)
    return match.group(1) if match else ""


class Commissioner(SignedInUser):
    weight = 3

    def on_start(self) -> None:
        self.username, self.interventions = next(COMMISSIONERS)
        super().on_start()

    @task(3)
    def log_progress(self) -> None:
        intervention = random.choice(self.interventions)  # noqa: S311 (not security)
        path = f"/interventions/{intervention}/entries/new/"
        form = self.page(path, "entry form")
        today = datetime.date.today()
        data = {
            "csrfmiddlewaretoken": csrf(form),
            "occurred_on-day": today.day,
            "occurred_on-month": today.month,
            "occurred_on-year": today.year,
            "kind": "visit",
            "summary": "Visited the front door and read ten contacts with the team manager.",
        }
        for theme in random.sample(THEMES.findall(form.text), 2):  # noqa: S311
            data[f"rag-{theme}"] = random.choice(["red", "amber", "green"])  # noqa: S311
            data[f"direction-{theme}"] = "no_change"
            data[f"rationale-{theme}"] = "Audits this month show the same picture."
        with self.post(path, data, name="log entry") as response:
            if "Progress entry saved" not in response.text:
                response.failure("the entry was not saved")

    @task(2)
    def intervention_page(self) -> None:
        intervention = random.choice(self.interventions)  # noqa: S311
        self.page(f"/interventions/{intervention}/", "intervention page")

    @task(1)
    def own_list(self) -> None:
        self.page("/interventions/", "your interventions")


class Official(SignedInUser):
    weight = 2
    username = ACCOUNTS["official"]

    @task(3)
    def dashboard(self) -> None:
        self.page("/reporting/dashboard/", "dashboard")

    @task(2)
    def intervention_page(self) -> None:
        intervention = random.choice(ACCOUNTS["interventions"])  # noqa: S311
        self.page(f"/interventions/{intervention}/", "intervention page")

    @task(2)
    def authority_page(self) -> None:
        code = random.choice(ACCOUNTS["authorities"])  # noqa: S311
        self.page(f"/reporting/authorities/{code}/", "authority page")

    @task(1)
    def watchlist(self) -> None:
        self.page("/reporting/watchlist/", "watchlist")

    @task(1)
    def dashboard_csv(self) -> None:
        with self.client.get(
            "/reporting/dashboard/csv/", name="dashboard CSV", catch_response=True
        ) as response:
            if not response.headers.get("Content-Type", "").startswith("text/csv"):
                response.failure("no CSV (signed out?)")

    @task(1)
    def api_list(self) -> None:
        self.page("/api/interventions/", "API list")

    @task(1)
    def dashboard_as_at(self) -> None:
        self.page(f"/reporting/dashboard/?{AS_AT}", "dashboard as at")

    @task(1)
    def dashboard_sorted(self) -> None:
        sort = f"sort={random.choice(SORTS)}&order={random.choice(['asc', 'desc'])}"  # noqa: S311
        if random.random() < 0.5:  # noqa: S311
            self.page(f"/reporting/dashboard/?{sort}", "dashboard sorted")
        else:
            self.page(f"/reporting/dashboard/?{sort}&{AS_AT}", "dashboard sorted as at")

    @task(1)
    def authority_page_as_at(self) -> None:
        code = random.choice(ACCOUNTS["authorities"])  # noqa: S311
        self.page(f"/reporting/authorities/{code}/?{AS_AT}", "authority page as at")

    @task(1)
    def watchlist_as_at(self) -> None:
        self.page(f"/reporting/watchlist/?{AS_AT}", "watchlist as at")

    @task(1)
    def api_list_as_at(self) -> None:
        self.page(f"/api/interventions/?date={PAST_DAY.isoformat()}", "API list as at")

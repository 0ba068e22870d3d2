"""The demo sign-in accounts, and the generator's own account that its history rows name.

One password for every account (``--password``, else the DEMO_PASSWORD environment variable,
else the development default that ``create_demo_users`` uses too). It is hashed once: hashing it
for each of hundreds of commissioners would take minutes.
"""

import os
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from core import roles
from core.history import system_user
from interventions.models import CommissionerAppointment

OFFICIAL = "demo-official"
ADMIN = "demo-admin"
COMMISSIONER_PREFIX = "demo-commissioner-"
DEFAULT_PASSWORD = "demo-password-2026"  # noqa: S105 (development only, documented)
GENERATOR = "demo-data"
# The generator's account records what it generated, in its last name.
STAMP = re.compile(r"scale (?P<scale>[\d.]+), seed (?P<seed>-?\d+), as at (?P<today>[\d-]+)")


def default_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD


def generator_user():
    return system_user(GENERATOR)


def stamp(user, *, scale: float, seed: int, today) -> None:
    user.last_name = f"demo data: scale {scale:g}, seed {seed}, as at {today.isoformat()}"
    user.save(update_fields=["last_name"])


def unstamp(user) -> None:
    """Forget the stamp while generating: a run that stops part way leaves none."""
    user.last_name = GENERATOR
    user.save(update_fields=["last_name"])


def generated_with() -> dict | None:
    """The scale, seed and date the database's demo data was generated with, or None."""
    User = get_user_model()
    user = User.objects.filter(username=f"system:{GENERATOR}").first()
    match = STAMP.search(user.last_name) if user else None
    if match is None:
        return None
    return {
        "scale": float(match["scale"]),
        "seed": int(match["seed"]),
        "today": match["today"],
    }


def ensure_account(username: str, role: str, first: str, last: str, password_hash: str):
    """The account, created or brought up to date (a second run keeps its primary key)."""
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.first_name, user.last_name = first, last
    user.is_staff = user.is_superuser = role == roles.ADMIN
    user.is_active = True
    user.password = password_hash
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    return user


def ensure_accounts(commissioners, password: str) -> tuple[object, dict[int, object]]:
    """The official and admin accounts, and an account for each commissioner who has one.
    Returns the official and the commissioners' accounts by commissioner number."""
    hashed = make_password(password)
    official = ensure_account(OFFICIAL, roles.DFE_OFFICIAL, "Dana", "Official (demo)", hashed)
    ensure_account(ADMIN, roles.ADMIN, "Ada", "Admin (demo)", hashed)
    accounts = {}
    for commissioner in commissioners:
        if commissioner.has_account:
            first, _, last = commissioner.name.partition(" ")
            accounts[commissioner.number] = ensure_account(
                commissioner.username, roles.COMMISSIONER, first, last, hashed
            )
    return official, accounts


def commissioner_accounts() -> list[tuple[str, list[int]]]:
    """(username, ids of the open interventions they are appointed to now) for each demo
    commissioner who can log progress today: what a load test signs in as."""
    current = (
        CommissionerAppointment.objects.current()
        .filter(
            commissioner__user__username__startswith=COMMISSIONER_PREFIX,
            intervention__closed_on__isnull=True,
        )
        .values_list("commissioner__user__username", "intervention_id")
        .order_by("commissioner__user__username", "intervention_id")
    )
    found: dict[str, list[int]] = {}
    for username, intervention_id in current:
        found.setdefault(username, []).append(intervention_id)
    return list(found.items())

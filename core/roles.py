"""The service's roles and the actions a scope is asked about. The one place roles are read.

Each role is a Django group (the data migration creates them); a superuser holds every role.
Which records a user may act on is answered by each model's ``restrict(user, action)``
queryset method (in NetBox's style), built on these checks; a refusal is answered the same way
on pages and in the API (ADR 15): a record out of the user's ``view`` scope is not found (404),
and a page, endpoint or action their role does not allow is forbidden (403).
"""

from django.core.exceptions import PermissionDenied

COMMISSIONER = "Commissioner"
DFE_OFFICIAL = "DfE official"
ADMIN = "Admin"

ALL = (COMMISSIONER, DFE_OFFICIAL, ADMIN)

# The actions ``restrict(user, action)`` answers for.
VIEW = "view"  # read the record
CHANGE = "change"  # change DfE's record of an intervention (status, instruments, appointments)
LOG = "log"  # write in the commissioner's workspace: progress entries, actions, meetings
WRITE = "write"  # write and sign off a report's narrative (its author)
SUBMIT = "submit"  # submit a signed-off report to its reader, or return it to its author
REOPEN = "reopen"  # reopen a submitted report
ACTIONS = frozenset({VIEW, CHANGE, LOG, WRITE, SUBMIT, REOPEN})


def has_role(user, role: str) -> bool:
    """True when the user is in the role's group (superusers hold every role)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return role in user_roles(user)


def is_official(user) -> bool:
    """A DfE official or an admin: who sees the national picture."""
    return has_role(user, DFE_OFFICIAL) or has_role(user, ADMIN)


def user_roles(user) -> frozenset[str]:
    """The user's role names, cached on the user object for the request."""
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def check_action(action: str) -> str:
    """The action, or ValueError for a name no scope knows (a typo must not grant nothing
    silently)."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}: one of {sorted(ACTIONS)}")
    return action


def require(allowed: bool, message: str) -> None:
    """Refuse with 403 (PermissionDenied) unless ``allowed``: the message says why."""
    if not allowed:
        raise PermissionDenied(message)


def require_official(user) -> None:
    """Pages and endpoints for DfE officials and admins only."""
    require(is_official(user), "This is for DfE officials")

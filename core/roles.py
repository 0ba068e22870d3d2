"""The service's roles. Each is a Django group; the data migration creates them."""

COMMISSIONER = "Commissioner"
DFE_OFFICIAL = "DfE official"
ADMIN = "Admin"

ALL = (COMMISSIONER, DFE_OFFICIAL, ADMIN)


def has_role(user, role: str) -> bool:
    """True when the user is in the role's group (superusers hold every role)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return role in user_roles(user)


def user_roles(user) -> frozenset[str]:
    """The user's role names, cached on the user object for the request."""
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached

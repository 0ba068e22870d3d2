from django.conf import settings
from django.urls import reverse

from . import roles
from .api_tokens import may_hold_tokens

# Each role's navigation, as (URL name, text), its start page first (settings.HOME_URL_BY_ROLE).
# A commissioner works on their own interventions and reports; an official watches the national
# picture. Admin is added for staff only, whatever their role.
NAVIGATION_BY_ROLE = {
    roles.COMMISSIONER: [
        ("commissioner_home", "Your interventions"),
        ("reporting:report_list", "Reports"),
        ("reporting:authority_list", "Authorities"),
        ("search", "Search"),
        ("help", "Help"),
    ],
    roles.DFE_OFFICIAL: [
        ("reporting:dashboard", "Dashboard"),
        ("reporting:watchlist", "Watchlist"),
        ("commissioner_home", "Interventions"),
        ("reporting:authority_list", "Authorities"),
        ("reporting:report_list", "Reports"),
        ("search", "Search"),
        ("help", "Help"),
    ],
}
NAVIGATION_BY_ROLE[roles.ADMIN] = NAVIGATION_BY_ROLE[roles.DFE_OFFICIAL]
# Signed in with no role yet: the plain home page and what every signed-in user may read.
NAVIGATION_WITHOUT_ROLE = [
    ("core:home", "Home"),
    ("reporting:authority_list", "Authorities"),
    ("reporting:report_list", "Reports"),
    ("help", "Help"),
]


def navigation_for(user, path: str) -> list[dict]:
    """The service navigation items for a signed-in user, the one holding ``path`` active
    (the longest link that ``path`` starts with, so /interventions/5/ is under Interventions)."""
    entries = NAVIGATION_WITHOUT_ROLE
    held = roles.user_roles(user)
    for role, _url_name in settings.HOME_URL_BY_ROLE:
        if role in held or (user.is_superuser and role == roles.ADMIN):
            entries = NAVIGATION_BY_ROLE[role]
            break
    items = [{"href": reverse(name), "text": text, "active": False} for name, text in entries]
    if may_hold_tokens(user):
        items.append({"href": reverse("core:apitoken_list"), "text": "API tokens", "active": False})
    if user.is_staff:
        items.append({"href": reverse("admin:index"), "text": "Admin", "active": False})
    matching = [item for item in items if path == item["href"] or _under(path, item["href"])]
    if matching:
        max(matching, key=lambda item: len(item["href"]))["active"] = True
    return items


def _under(path: str, href: str) -> bool:
    return href != "/" and path.startswith(href)


def service(request):
    """The service name and the navigation shown to a signed-in user."""
    items = []
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        items = navigation_for(user, getattr(request, "path", ""))
    return {"service_name": settings.SERVICE_NAME, "navigation": items}

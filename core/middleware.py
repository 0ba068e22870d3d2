import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.cache import patch_cache_control

IDLE, ABSOLUTE = "idle", "absolute"
STARTED_KEY, SEEN_KEY = "_session_started_at", "_session_seen_at"
# Write "last seen" at most this often, so a session is not saved on every request.
SEEN_RESOLUTION = 60


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header: the service needs no device features."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class NoStoreMiddleware:
    """``Cache-Control: no-store, private`` on every response the app makes (issue 15): pages,
    reports and their PDFs, the API and CSVs hold case data that no browser or proxy may keep.
    Static files are served by WhiteNoise before this middleware and keep their caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        return response


class SessionTimeoutMiddleware:
    """Signs a user out after SESSION_IDLE_TIMEOUT idle or SESSION_ABSOLUTE_TIMEOUT in all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._enforce(request)
        return self.get_response(request)

    def _enforce(self, request) -> None:
        now = int(time.time())
        session = request.session
        started = session.setdefault(STARTED_KEY, now)
        seen = session.get(SEEN_KEY, now)
        expired = None
        if now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
            expired = ABSOLUTE
        elif now - seen > settings.SESSION_IDLE_TIMEOUT:
            expired = IDLE
        if expired:
            logout(request)
            messages.info(request, _message(expired))
        elif now - seen >= SEEN_RESOLUTION or SEEN_KEY not in session:
            session[SEEN_KEY] = now


def _message(reason: str) -> str:
    if reason == IDLE:
        minutes = settings.SESSION_IDLE_TIMEOUT // 60
        return f"You were signed out because you did nothing for {minutes} minutes. Sign in again."
    hours = settings.SESSION_ABSOLUTE_TIMEOUT // 3600
    return f"You were signed out because you had been signed in for {hours} hours. Sign in again."

"""The 500 handler (config.urls.handler500): a database that does not answer is an outage, not
a bug, so the person sees "Sorry, the service is unavailable" with a 503 and can try again.

Django logs the exception either way (django.request, at ERROR, with the traceback). Like
Django's own 500 view, the page is rendered without the request: no context processor runs,
so nothing here needs the database.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error

# Seconds a client (or a proxy) should wait before trying again.
RETRY_AFTER = 30


@requires_csrf_token
def server_error_or_unavailable(request, template_name="500.html"):
    """503 "the service is unavailable" when the database failed; else Django's 500 page."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return server_error(request, template_name=template_name)

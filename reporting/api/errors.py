"""How the API refuses: always JSON ``{"detail": "..."}``, and a 404 that names no model.

Django's ``Http404`` (``get_object_or_404``, a generic view's lookup) says "No LocalAuthority
matches the given query": it names our models. The API answers every such 404 with DRF's
neutral "Not found."; a view that has something useful to say raises DRF's ``NotFound`` with it.
An address under /api/ that is no endpoint is the same JSON 404, not the site's HTML page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    renderer_classes,
)
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler


def api_exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return exception_handler(exc, context)


ALL_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]


@login_not_required
@extend_schema(exclude=True)
@api_view(ALL_METHODS)
@authentication_classes([])
@permission_classes([])
@renderer_classes([JSONRenderer])
def unknown_endpoint(request, path: str = ""):
    """Any address under /api/ that no endpoint answers."""
    raise exceptions.NotFound()

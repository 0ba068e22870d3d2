from django.conf import settings
from django.urls import reverse


def service(request):
    """The service name and the navigation shown to a signed-in user."""
    items = []
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        items.append({"href": reverse("core:home"), "text": "Home"})
        # For the roles that may hold one; anyone else is told why on the page.
        items.append({"href": reverse("core:apitoken_list"), "text": "API tokens"})
        if request.user.is_staff:
            items.append({"href": reverse("admin:index"), "text": "Admin"})
    path = getattr(request, "path", "")
    for item in items:
        item["active"] = path == item["href"] or (
            item["href"] != "/" and path.startswith(item["href"])
        )
    return {"service_name": settings.SERVICE_NAME, "navigation": items}

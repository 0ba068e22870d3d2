"""The machine-readable annex of a report version: the history rows each fact was read from.

The document cites documents a reader can look up; this JSON says, for every fact, which rows of
the audited history tables it rests on (table, row id, when written, by whom and why). It is
built from the version's stored content, so a submitted version's annex never changes, and it
names that content's SHA-256. Scoped exactly as the report page: a report the user may not see
(``Report.objects.visible_to``) is a 404; the login is required by the site's middleware.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views import View

from .models import Report
from .pdf import document_title, report_filename, status_text
from .reports import annex, canonical_json

ANNEX_SCHEMA = 1


class ReportAnnexView(View):
    """GET: the annex of one version as a JSON download."""

    def get(self, request, pk, number):
        reports = Report.objects.restrict(request.user, "view").select_related("intervention")
        report = get_object_or_404(reports, pk=pk)
        version = get_object_or_404(report.versions.select_related("report"), number=number)
        content = version.content_data()
        body = {
            "schema": ANNEX_SCHEMA,
            "report": {
                "id": report.pk,
                "kind": report.kind,
                "title": document_title(version, content),
                "authority": content["intervention"].get("council")
                or content["intervention"]["authority"],
                "authority_code": content["intervention"].get("authority_code", ""),
                "period": content["period"],
                "version": version.number,
                "status": status_text(version),
                "data_as_at": version.data_as_at.isoformat(),
            },
            "content_sha256": version.content_sha256,
            **annex(content),
        }
        response = HttpResponse(canonical_json(body), content_type="application/json")
        patch_cache_control(response, no_store=True, private=True)
        name = report_filename(version, "annex.json")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

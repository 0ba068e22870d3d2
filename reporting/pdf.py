"""The report as a document: self-contained HTML, and a PDF rendered from it by WeasyPrint.

Both are deterministic, so a version renders to the same bytes every time:
- the HTML carries its stylesheet inside it and no clock reading (the date on it is the
  submission date, or "Draft");
- the PDF's creation date is that same date (from the HTML's ``dcterms.created``), and the fonts
  WeasyPrint embeds are subset by fontTools, which stamps each font with the current time unless
  SOURCE_DATE_EPOCH is set (the reproducible-builds convention): we set it while rendering.
"""

import datetime
import logging
import os
import threading
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from .models import ReportVersion

STYLESHEET = "reporting/report-document.css"
PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"
# Any fixed moment does: it only replaces the "modified" stamp inside embedded font subsets.
FONT_TIMESTAMP = "0"

_render_lock = threading.Lock()

# WeasyPrint logs every layout step, and fontTools every font it converts, at INFO: a line per
# page per report in the worker's log says nothing an operator needs.
for _name_ in ("weasyprint.progress", "fontTools"):
    logging.getLogger(_name_).setLevel(logging.WARNING)


def number_sources(content: dict) -> dict:
    """The content with every fact's ``sources`` list turned into numbered references
    ({"key", "number"}), numbered in the order of the sources table."""
    numbers = {key: index for index, key in enumerate(sorted(content["sources"]), start=1)}

    def walk(value):
        if isinstance(value, dict):
            return {
                k: [{"key": s, "number": numbers[s]} for s in v] if k == "sources" else walk(v)
                for k, v in value.items()
                if not (k == "sources" and value is content)
            }
        if isinstance(value, list):
            return [walk(item) for item in value]
        return value

    numbered = walk(content)
    numbered["source_table"] = [
        {"number": numbers[key], "key": key, **row}
        for key, row in sorted(content["sources"].items())
    ]
    return numbered


def document_date(version: ReportVersion) -> datetime.date | None:
    """The date the document carries: when it was submitted (None for a draft)."""
    if version.submitted_at is None:
        return None
    return timezone.localtime(version.submitted_at).date()


def document_context(version: ReportVersion) -> dict:
    report = version.report
    return {
        "report": report,
        "version": version,
        "content": number_sources(version.content_data()),
        "document_date": document_date(version),
        "protective_marking": PROTECTIVE_MARKING,
        "signed_off_at": _local(version.signed_off_at),
        "submitted_at": _local(version.submitted_at),
        "signed_off_by": _name(version.signed_off_by),
        "submitted_by": _name(version.submitted_by),
    }


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.localtime(moment) if moment else None


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def stylesheet_text() -> str:
    path = finders.find(STYLESHEET)
    return Path(path).read_text(encoding="utf-8")


def render_document(version: ReportVersion) -> str:
    """The whole report as one HTML document, its stylesheet inside it."""
    context = {**document_context(version), "stylesheet": stylesheet_text()}
    return render_to_string("reporting/report_document.html", context)


def static_files_fetcher():
    """A WeasyPrint URL fetcher that serves /static/ URLs (the GOV.UK fonts) from the static
    files and refuses everything else: rendering never touches the network."""
    from weasyprint.urls import URLFetcher

    class StaticFilesFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            prefix = "file:///static/"
            path = finders.find(url.removeprefix(prefix)) if url.startswith(prefix) else None
            if path is None:
                raise ValueError(f"The report document may load only static files, not {url}")
            return super().fetch(Path(path).as_uri(), headers)

    return StaticFilesFetcher(fail_on_errors=True)


def render_pdf(html: str) -> bytes:
    """The PDF of a report document. The same HTML always gives the same bytes."""
    from weasyprint import HTML

    with _render_lock:
        previous = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = FONT_TIMESTAMP
        try:
            document = HTML(string=html, base_url="file:///", url_fetcher=static_files_fetcher())
            return document.write_pdf()
        finally:
            if previous is None:
                del os.environ["SOURCE_DATE_EPOCH"]
            else:
                os.environ["SOURCE_DATE_EPOCH"] = previous

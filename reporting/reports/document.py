"""The report as a document: self-contained HTML, and a tagged PDF rendered from it by WeasyPrint.

The PDF is PDF/UA-1 (tagged, with its title shown and its language, en-GB, from the HTML), so a
screen reader can read it. The document cites documents, never history rows: those are in the
version's machine-readable annex (``reporting.reports.views.ReportAnnexView``).

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
from django.utils.text import slugify

from core.dates import govuk_date

from ..models import Report, ReportVersion

STYLESHEET = "reporting/report-document.css"
PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"
# Tagged for accessibility (PDF/UA-1: structure tree, marked content, title and language).
PDF_VARIANT = "pdf/ua-1"
# Any fixed moment does: it only replaces the "modified" stamp inside embedded font subsets.
FONT_TIMESTAMP = "0"

_render_lock = threading.Lock()

# WeasyPrint logs every layout step, and fontTools every font it converts, at INFO: a line per
# page per report in the worker's log says nothing an operator needs.
for _name_ in ("weasyprint.progress", "fontTools"):
    logging.getLogger(_name_).setLevel(logging.WARNING)


def citation_order(item: tuple[str, dict]) -> tuple:
    """Documents first, by title; then what was recorded in the service, by date and name."""
    key, citation = item
    if citation["kind"] == "service":
        return (1, citation["on"], citation["by"], key)
    return (0, citation["text"].casefold(), key)


def number_sources(content: dict) -> dict:
    """The content as the document shows it: each fact's ``cites`` turned into numbered
    references ({"key", "number", "text"}) to the list of sources, and its history rows
    (``sources``) left out: the document cites documents; the annex lists the rows."""
    ordered = sorted(content.get("citations", {}).items(), key=citation_order)
    numbers = {key: index for index, (key, _) in enumerate(ordered, start=1)}
    texts = dict(content.get("citations", {}))

    def walk(value, top=False):
        if isinstance(value, dict):
            result = {}
            for k, v in value.items():
                if k == "sources" or (top and k == "citations"):
                    continue
                if k == "cites":
                    v = [{"key": c, "number": numbers[c], "text": texts[c]["text"]} for c in v]
                    v.sort(key=lambda c: c["number"])
                    result[k] = v
                else:
                    result[k] = walk(v)
            return result
        if isinstance(value, list):
            return [walk(item) for item in value]
        return value

    numbered = walk(content, top=True)
    numbered["source_list"] = [
        {"number": numbers[key], "key": key, **citation} for key, citation in ordered
    ]
    return numbered


def document_date(version: ReportVersion) -> datetime.date | None:
    """The date the document carries: when it was submitted (None for a draft)."""
    if version.submitted_at is None:
        return None
    return timezone.localtime(version.submitted_at).date()


def author_role(report: Report) -> str:
    return "commissioner" if report.kind == Report.Kind.COMMISSIONER else "improvement adviser"


def status_text(version: ReportVersion) -> str:
    """The version's real status, as every page's footer shows it."""
    report = version.report
    if version.submitted_at:
        return f"Submitted to {report.reader} on {govuk_date(version.submitted_at)}"
    if version.signed_off_at:
        when = govuk_date(version.signed_off_at)
        return f"Signed off by the {author_role(report)} on {when}; not yet submitted"
    return f"Draft, version {version.number}: not signed off"


def narrative(version: ReportVersion) -> list[dict]:
    """The author's words, first in the report: the overall assessment, the recommendation and
    the risks. Each says whether it is written, still the generated draft, or not written."""
    from ..services import PLACEHOLDER  # services renders documents with this module

    report = version.report
    role = author_role(report)
    parts = [
        ("assessment", "Overall assessment", version.overall_assessment),
        ("recommendation", f"Recommendation to {report.reader}", version.recommendation),
        ("risks", "Risks", version.risks),
    ]
    result = []
    for key, heading, text in parts:
        text = text.strip()
        if not text:
            state = "missing" if not version.is_signed_off else "none"
        elif PLACEHOLDER.search(text):
            state = "generated"
        else:
            state = "written"
        result.append({"key": key, "heading": heading, "text": text, "state": state, "role": role})
    return result


def document_title(version: ReportVersion, content: dict) -> str:
    report = version.report
    council = content["intervention"].get("council") or content["intervention"]["authority"]
    return f"{report.title}: {council}, {report.period_label}"


def report_filename(version: ReportVersion, ext: str) -> str:
    """A file name naming the authority (as named in the period), the kind of report, the period
    and the version: "buckinghamshire-county-council-commissioners-report-2018-02-28-to-
    2018-05-27-v1.pdf"."""
    report = version.report
    intervention = version.content_data()["intervention"]
    council = intervention.get("council") or intervention["authority"]
    kind = "commissioners-report" if report.kind == Report.Kind.COMMISSIONER else "advisers-review"
    period = f"{report.period_start:%Y-%m-%d}-to-{report.period_end:%Y-%m-%d}"
    return f"{slugify(council)}-{kind}-{period}-v{version.number}.{ext.lstrip('.')}"


def action_groups(actions: dict) -> list[dict]:
    """The actions as the report lists them, each once: overdue, open, completed."""
    return [
        {"caption": "Overdue at the end of the period", "actions": actions["overdue"]},
        {"caption": "Open and not yet due", "actions": actions["open"]},
        {"caption": "Completed in the period", "actions": actions["done"], "done": True},
    ]


def document_context(version: ReportVersion) -> dict:
    report = version.report
    content = number_sources(version.content_data())
    return {
        "report": report,
        "version": version,
        "content": content,
        "action_groups": action_groups(content["actions"]),
        "document_title": document_title(version, content),
        "council": content["intervention"].get("council") or content["intervention"]["authority"],
        "document_date": document_date(version),
        "status_text": status_text(version),
        "author_role": author_role(report),
        # A report sent outside the service (a case study's real report): the document it was.
        "received_from": getattr(report, "source", ""),
        "narrative": narrative(version),
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
            return document.write_pdf(pdf_variant=PDF_VARIANT)
        finally:
            if previous is None:
                del os.environ["SOURCE_DATE_EPOCH"]
            else:
                os.environ["SOURCE_DATE_EPOCH"] = previous

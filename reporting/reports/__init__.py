"""The quarterly reports to the Minister, one module a concern.

- ``snapshot``: an intervention's records read from the history tables as at a cut-off;
- ``sources``: what each fact rests on (history rows) and cites (documents);
- ``sections``, ``context``, ``decisions``: the report's sections built from the snapshot;
- ``content``: the whole content of a version (``build_content``), its canonical JSON and
  SHA-256, its annex and the draft assessment;
- ``document``: the HTML and PDF of a version;
- ``emails``: the draft-ready and reminder emails;
- ``forms``, ``views``, ``urls``: the report pages.

The workflow (generating, signing off, submitting, reopening, the sweep) is
``reporting.services``.
"""

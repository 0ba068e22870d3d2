"""The authority page: its profile on a day (``profile``: inspections, figures, leadership,
interventions and partnerships), its charts and its views."""

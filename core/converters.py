"""URL converters for what can only be an id or a code, so that anything else is a 404 before
a view or the database sees it (``/reporting/authorities/%00/`` was a server error)."""

from django.urls import register_converter


class OnsCodeConverter:
    """An ONS area code: a letter for the nation and eight digits (E06000027)."""

    regex = "[EWSN][0-9]{8}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(OnsCodeConverter, "ons")

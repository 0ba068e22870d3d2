"""CSV downloads that are safe to open in a spreadsheet (the dashboard's, one case's)."""

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """The text as a spreadsheet will show it, never run it: a leading quote stops a name
    someone typed as "=HYPERLINK(...)" becoming a formula (OWASP's CSV injection advice)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text

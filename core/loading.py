"""Reading the national reference data files: rows with their line numbers, errors that name them.

A loader reads every row inside one transaction; the first bad row raises ``DataFileError``
naming the file and line, and the transaction rolls back, so nothing is half-loaded.
"""

import csv
import datetime
from collections.abc import Iterator
from pathlib import Path


class DataFileError(Exception):
    """A data file, or one row of it, that cannot be loaded."""

    def __init__(self, path: Path | str, message: str, line: int | None = None):
        self.path = Path(path)
        self.line = line
        self.message = message
        where = f"{self.path.name}, line {line}" if line else self.path.name
        super().__init__(f"{where}: {message}")


def read_rows(path: Path, required_columns: set[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for each row of a UTF-8 CSV file (a BOM is allowed).

    Raises DataFileError if the file is missing, not UTF-8 text, lacks a required column, or
    holds a NUL character.
    Values are stripped of surrounding whitespace.
    """
    path = Path(path)
    if not path.is_file():
        raise DataFileError(path, "file not found")
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            columns = set(reader.fieldnames or [])
            missing = required_columns - columns
            if missing:
                raise DataFileError(path, f"missing columns: {', '.join(sorted(missing))}", 1)
            for row in reader:
                if None in row:  # more values than headers
                    raise DataFileError(path, "more values than columns", reader.line_num)
                if any("\x00" in value for value in row.values() if value):
                    # Never in a real CSV file, and PostgreSQL cannot store it in text.
                    raise DataFileError(path, "a value holds a NUL character", reader.line_num)
                yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}
    except UnicodeDecodeError as exc:
        raise DataFileError(path, f"not UTF-8 text ({exc.reason})") from exc
    except csv.Error as exc:
        raise DataFileError(path, f"not valid CSV ({exc})") from exc


def parse_date(path: Path, line: int, column: str, value: str) -> datetime.date | None:
    """An ISO date (YYYY-MM-DD), or None for an empty cell."""
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise DataFileError(path, f"{column} is not a date (YYYY-MM-DD): {value!r}", line) from exc


def parse_int(path: Path, line: int, column: str, value: str) -> int | None:
    """A whole number (commas allowed), or None for an empty cell or a suppression marker."""
    if value in {"", "x", "z", "c", "u", ".", ":", "low", "k"}:
        return None
    try:
        return int(value.replace(",", ""))
    except ValueError as exc:
        raise DataFileError(path, f"{column} is not a whole number: {value!r}", line) from exc

"""Query parameters of the API: one declaration per parameter drives both the validation
(a bad value is a 400 naming the parameter and what it accepts) and the OpenAPI schema.

A parameter the endpoint does not know is refused too: an analyst's typo ("regoin=...") must
not quietly return every row.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.pagination import PageNumberPagination

from authorities.models import ons_code_validator


class BadParameter(APIException):
    """400 with ``{"detail": "..."}`` saying which parameter is wrong and what it accepts."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "A query parameter is not valid"
    default_code = "bad_parameter"


@dataclass(frozen=True)
class Param:
    """One query parameter: its name, what it means, and how to read it."""

    name: str
    description: str
    parse: Callable[[str, str], Any]
    type: Any = OpenApiTypes.STR
    enum: tuple[str, ...] | None = None

    def openapi(self) -> OpenApiParameter:
        return OpenApiParameter(
            self.name,
            self.type,
            OpenApiParameter.QUERY,
            required=False,
            description=self.description,
            enum=list(self.enum) if self.enum else None,
        )


def _text(name: str, value: str) -> str:
    return value


def parse_date(name: str, value: str) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise BadParameter(
            f"{name} must be a real date written YYYY-MM-DD, like 2017-06-30 (got {value!r})"
        ) from None
    if day > timezone.localdate():
        raise BadParameter(f"{name} must be today or in the past (got {value})")
    return day


def parse_bool(name: str, value: str) -> bool:
    lowered = value.lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise BadParameter(f"{name} must be true or false (got {value!r})")


def parse_int(name: str, value: str) -> int:
    if not value.isdecimal():
        raise BadParameter(f"{name} must be a whole number (got {value!r})")
    return int(value)


def parse_ons_code(name: str, value: str) -> str:
    try:
        ons_code_validator(value)
    except Exception:  # noqa: BLE001 (a ValidationError; the message below says what to send)
        raise BadParameter(
            f"{name} must be an ONS code for an English council, like E06000027 (got {value!r})"
        ) from None
    return value


# What the OpenAPI schema says of values that parse_ons_code and parse_int accept.
ONS_CODE = {"type": "string", "pattern": ons_code_validator.regex.pattern}
WHOLE_NUMBER = {"type": "integer", "minimum": 0}


def ons_code(name: str, description: str) -> Param:
    return Param(name, description, parse_ons_code, ONS_CODE)


def choice(name: str, description: str, choices) -> Param:
    """A parameter that takes one of ``choices`` ((value, label) pairs)."""
    values = tuple(str(value) for value, _label in choices)

    def parse(param: str, value: str) -> str:
        if value not in values:
            raise BadParameter(f"{param} must be one of: {', '.join(values)} (got {value!r})")
        return value

    listed = "; ".join(f"{value} ({label})" for value, label in choices)
    return Param(name, f"{description}. One of: {listed}", parse, enum=values)


def date_param(description: str = "") -> Param:
    return Param(
        "date",
        description
        or "Show the records as they stood at the end of this day (YYYY-MM-DD); default today",
        parse_date,
        OpenApiTypes.DATE,
    )


def boolean(name: str, description: str) -> Param:
    return Param(name, f"{description} (true or false)", parse_bool, OpenApiTypes.BOOL)


PAGE = "page"
PAGE_SIZE = "page_size"
MAX_PAGE_SIZE = 500


def read_params(query, params: list[Param]) -> dict[str, Any]:
    """The parameters given, parsed; 400 for an unknown one, a repeated one or a bad value."""
    known = {param.name: param for param in params}
    unknown = sorted(set(query) - set(known) - {PAGE, PAGE_SIZE})
    if unknown:
        accepted = ", ".join(sorted([*known, PAGE, PAGE_SIZE]))
        raise BadParameter(f"Unknown parameter {unknown[0]!r}. This endpoint takes: {accepted}")
    values = {}
    for name, param in known.items():
        given = query.getlist(name)
        if not given:
            continue
        if len(given) > 1:
            raise BadParameter(f"Give {name} once, not {len(given)} times")
        if given[0] == "":
            raise BadParameter(f"{name} is empty: leave it out, or give a value")
        values[name] = param.parse(name, given[0])
    return values


class Pagination(PageNumberPagination):
    """50 a page (settings.REST_FRAMEWORK) unless ``page_size`` asks for up to 500; ``page``
    must be a whole number from 1."""

    invalid_page_message = "There is no page {page_number}: {message}"
    page_size_query_param = PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        self.check_params(request)
        return super().paginate_queryset(queryset, request, view)

    def check_params(self, request) -> None:
        """400 for a ``page`` or ``page_size`` that is not one (a CSV, unpaged, checks too)."""
        page = request.query_params.get(self.page_query_param)
        if page is not None and page != "last" and not (page.isdecimal() and int(page) >= 1):
            raise BadParameter(f"page must be a whole number from 1 (got {page!r})")
        size = request.query_params.get(PAGE_SIZE)
        if size is not None and not (size.isdecimal() and 1 <= int(size) <= MAX_PAGE_SIZE):
            raise BadParameter(
                f"page_size must be a whole number from 1 to {MAX_PAGE_SIZE} (got {size!r})"
            )

    def get_paginated_response_schema(self, schema):
        """DRF's, with the links' null in OpenAPI 3.1's words (``nullable`` is 3.0's)."""
        paginated = super().get_paginated_response_schema(schema)
        for link in ("next", "previous"):
            described = paginated["properties"][link]
            described.pop("nullable", None)
            described["type"] = ["string", "null"]
        return paginated

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            if parameter["name"] == PAGE_SIZE:
                parameter["schema"] |= {"minimum": 1, "maximum": MAX_PAGE_SIZE}
                parameter["description"] = (
                    f"Results a page: 50 unless given, at most {MAX_PAGE_SIZE}"
                )
        return parameters

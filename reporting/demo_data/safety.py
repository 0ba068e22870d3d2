"""Never touching real data: the checks before generating, and replacing earlier demo data.

The generator fills a database with nothing in it but the migrations' seed rows (roles, themes,
presumption rules), or one it filled before. Its authorities are recognisable by name and code
("Demo County 0001", E10900001: real ONS codes never have a 9 after the type), so anything else
means real data and the generator refuses. ``--replace`` empties the tables it fills, after the
same check, and leaves the policy data (themes, presumption rules) and the accounts alone.
"""

import re

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection

from authorities.models import LocalAuthority

from .plan import NAME_PREFIX

GENERATED_CODE = re.compile(r"^E(06|08|09|10)9\d{5}$")
FILLED_APPS = ("authorities", "inspections", "interventions", "reporting")
# Policy data the migrations seed: kept, and never generated.
KEPT_MODELS = {"theme", "historicaltheme", "presumptionrule", "historicalpresumptionrule"}


class Refused(Exception):
    """The database holds data the generator must not touch, or demo data already."""


def check_database(*, replace: bool) -> None:
    real, demo = [], 0
    for code, name in LocalAuthority.objects.values_list("ons_code", "name").order_by("pk"):
        if GENERATED_CODE.match(code) and name.startswith(NAME_PREFIX):
            demo += 1
        else:
            real.append(f"{name} ({code})")
    if real:
        more = f" and {len(real) - 1} more" if len(real) > 1 else ""
        raise Refused(
            f"This database holds authorities the generator did not make ({real[0]}{more}). "
            "It only fills an empty database, or one it filled before: create a database of "
            "its own (createdb ...), migrate it and run the generator there."
        )
    if demo and not replace:
        raise Refused(
            f"This database already holds demo data ({demo} authorities). Run again with "
            "--replace to replace it, or use another database."
        )


def filled_tables() -> list[str]:
    tables = []
    for label in FILLED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.model_name not in KEPT_MODELS and model._meta.managed:
                tables.append(model._meta.db_table)
    return tables


def empty_filled_tables() -> None:
    """Empty every table the generator fills (its history tables too) and restart their ids,
    so that a replaced world has the same keys as a first one. Call ``check_database`` first."""
    statements = connection.ops.sql_flush(
        no_style(), filled_tables(), reset_sequences=True, allow_cascade=False
    )
    # PostgreSQL refuses to truncate a table with foreign key checks still pending (rows
    # written earlier in the same transaction): run them now.
    connection.check_constraints()
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)

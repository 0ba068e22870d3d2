"""The context of a report: DfE's yearly figures for the authority against its statistical
neighbours and England, and its leaders (who was in post, who came and went in the period).

The latest Ofsted findings are ``sections.judgements_section``; this module holds what
the authority's own data and people say.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from authorities.models import ONE_DP, LeadershipPost, YearlyStatistics

from ..authority.profile import MEASURES
from .sections import iso, label, number
from .snapshot import Period, Snapshot
from .sources import Sources

# DfE publishes the figures for a year ending 31 March in the autumn after it (children looked
# after in September to December, children in need in November): a report shows the years
# published by the end of its period, counting each from 1 December.
PUBLISHED_ON = (12, 1)


def statistics_document(year: int) -> str:
    return (
        "DfE, Children looked after in England and Characteristics of children in need,"
        f" year ending 31 March {year} (official statistics)"
    )


def latest_published_year(day: datetime.date) -> int:
    """The latest year ending 31 March whose figures DfE had published by ``day``."""
    return day.year if (day.month, day.day) >= PUBLISHED_ON else day.year - 1


def average(values: list[Decimal]) -> Decimal | None:
    """The mean to one decimal place, rounded half up (as the authority page averages)."""
    if not values:
        return None
    return (sum(values) / len(values)).quantize(ONE_DP, ROUND_HALF_UP)


def rate_or_count(row, measure) -> tuple[str, str]:
    """("42.4 per 10,000 children", "rate"), or ("3,306 children", "count") for a year DfE published
    only the count (before 2021), or ("", "") when it published neither."""
    if row is None:
        return "", ""
    rate = row.instance.rate_per_10000(measure.key)
    if rate is not None:
        return f"{number(rate)} per 10,000 children", "rate"
    count = getattr(row, YearlyStatistics.RATES[measure.key][0])
    if count is not None:
        return f"{count:,} children", "count"
    return "", ""


def percent(value: Decimal | None) -> str:
    return f"{number(value)}%" if value is not None else ""


def indicators_section(snap: Snapshot, period: Period, cite: Sources) -> dict:
    """Each measure for the latest published year and the one before: the authority (the
    council it was at the end of that year), its statistical neighbours' average and England.
    Rates compare areas; a count (all DfE published before 2021) describes the authority only."""
    year = latest_published_year(period.end)
    own = {y: own_row(snap, y) for y in (year - 1, year)}
    england = next((row for row in snap.national_figures if row.year == year), None)
    neighbour_ids = {row.neighbour_id for row in snap.neighbours}
    neighbour_rows = [
        row for row in snap.figures if row.authority_id in neighbour_ids and row.year == year
    ]
    rows = []
    for measure in MEASURES:
        rates = [row.instance.rate_per_10000(measure.key) for row in neighbour_rows]
        rates = [rate for rate in rates if rate is not None]
        latest, kind = rate_or_count(own[year], measure)
        national, national_kind = rate_or_count(england, measure)
        rows.append(
            {
                "measure": measure.count_label,
                "previous": rate_or_count(own[year - 1], measure)[0],
                "latest": latest,
                "latest_is_count": kind == "count",
                "neighbours": f"{number(average(rates))} per 10,000 children" if rates else "",
                "neighbours_with_figures": len(rates),
                "england": national if national_kind == "rate" else "",
            }
        )
    rereferrals = [row.rereferral_percent for row in neighbour_rows]
    rereferrals = [value for value in rereferrals if value is not None]
    rows.append(
        {
            "measure": "Re-referrals within 12 months",
            "previous": percent(own[year - 1].rereferral_percent if own[year - 1] else None),
            "latest": percent(own[year].rereferral_percent if own[year] else None),
            "latest_is_count": False,
            "neighbours": percent(average(rereferrals)),
            "neighbours_with_figures": len(rereferrals),
            "england": percent(england.rereferral_percent if england else None),
        }
    )
    shown = [row for row in (*own.values(), england, *neighbour_rows) if row]
    documents = [statistics_document(y) for y in (year - 1, year) if own[y] or y == year]
    # DfE's publications are cited only when the table shows their figures.
    fact = cite.fact(*shown, also=snap.neighbours, document=documents[-1] if shown else "")
    if shown:
        fact["cites"] = sorted(cite.document(text) for text in documents)
    return {
        "year": year,
        "year_label": f"{year - 1} to {year}",
        "previous_year_label": f"{year - 2} to {year - 1}",
        "area": own[year].instance.area_name if own[year] else "",
        "neighbours": [snap.neighbour_names.get(row.neighbour_id, "") for row in snap.neighbours],
        "has_figures": any(row["latest"] or row["england"] for row in rows),
        "counts_only": any(row["latest_is_count"] for row in rows),
        "rows": rows,
        **fact,
    }


def own_row(snap: Snapshot, year: int):
    """The authority's figures for ``year``: those of the council it was on 31 March then (a
    predecessor's years stay with it, as DfE publishes them); none if it was several."""
    councils = snap.councils_on(datetime.date(year, 3, 31))
    if len(councils) != 1:
        return None
    return next(
        (row for row in snap.figures if row.authority_id == councils[0].id and row.year == year),
        None,
    )


def leadership_section(snap: Snapshot, period: Period, cite: Sources) -> dict:
    """Who led the authority's children's services at the end of the period, and who started
    or left in it."""
    roles = list(LeadershipPost.Role)
    posts = sorted(snap.leaders, key=lambda row: (roles.index(row.role), row.start_date, row.id))
    in_post, changes = [], []
    for row in posts:
        role = label(LeadershipPost.Role, row.role).lower()
        interim = " (interim)" if row.is_interim else ""
        if row.instance.is_in_post_on(period.end):
            in_post.append(
                {
                    "role": label(LeadershipPost.Role, row.role),
                    "name": row.person_name + interim,
                    "since": iso(row.start_date),
                    **cite.fact(row),
                }
            )
        if row.start_date in period:
            text = f"{row.person_name} became {role}{interim}"
            changes.append({"date": iso(row.start_date), "text": text, **cite.fact(row)})
        if row.end_date in period:
            text = f"{row.person_name} left the post of {role}{interim}"
            changes.append({"date": iso(row.end_date), "text": text, **cite.fact(row)})
    changes.sort(key=lambda item: (item["date"], item["text"]))
    return {"in_post": in_post, "changes": changes}

"""A partnership's obligations as recorded: per phase and per member (`ObligationPeriod`),
for its page and its API detail. The flags on the partnership itself are what any member
undertook at any time; these say who undertook what, and when."""

from collections import defaultdict

from .models import ObligationPeriod, format_date, latest_day


def _period(start, start_precision, end, end_precision) -> str:
    shown_end = format_date(end, end_precision) if end else "in force"
    return f"{format_date(start, start_precision)} – {shown_end}"


def partnership_phases(partnership) -> list[dict]:
    """One query. The partnership is given as an instance or by its slug. Each phase, in order::

        {"phase": 1, "start_date", "start_precision", "end_date", "end_precision", "period",
         "members": [{"nation": Nation, "start_date", ..., "period", "obligations": [names]}],
         "groups": [{"obligations": [labels], "nations": [Nation, ...]}]}

    `groups` gathers the members that undertook the same obligations, for reading.
    """
    if isinstance(partnership, str):
        periods = ObligationPeriod.objects.filter(member__partnership__slug=partnership)
    else:
        periods = ObligationPeriod.objects.filter(member__partnership=partnership)
    periods = periods.select_related("member__nation").order_by(
        "phase", "start_date", "member__nation__name", "pk"
    )
    by_phase = defaultdict(list)
    for period in periods:
        by_phase[period.phase].append(period)
    phases = []
    for number, rows in sorted(by_phase.items()):
        first = min(rows, key=lambda row: row.start_date)
        open_ended = any(row.end_date is None for row in rows)
        last = (
            None if open_ended else max(rows, key=lambda r: latest_day(r.end_date, r.end_precision))
        )
        groups = defaultdict(list)
        for row in rows:
            groups[tuple(row.obligations)].append(row.member.nation)
        phases.append(
            {
                "phase": number,
                "start_date": first.start_date,
                "start_precision": first.start_precision,
                "end_date": last.end_date if last else None,
                "end_precision": last.end_precision if last else "day",
                "period": _period(
                    first.start_date,
                    first.start_precision,
                    last.end_date if last else None,
                    last.end_precision if last else "day",
                ),
                "members": [
                    {
                        "nation": row.member.nation,
                        "start_date": row.start_date,
                        "start_precision": row.start_precision,
                        "end_date": row.end_date,
                        "end_precision": row.end_precision,
                        "period": _period(
                            row.start_date, row.start_precision, row.end_date, row.end_precision
                        ),
                        "obligations": row.obligation_names,
                    }
                    for row in rows
                ],
                "groups": [
                    {"obligations": list(labels), "nations": nations}
                    for labels, nations in groups.items()
                ],
            }
        )
    return phases

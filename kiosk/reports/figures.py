"""Figures for a date range, for one ward or all, read from the daily tallies so they scale."""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from kiosk.core.clock import local_today
from kiosk.dossiers.models import Dossier, overdue_clause
from kiosk.extensions import db

from .models import DailyTally

ONLINE = ("self_service", "assisted")


@dataclass
class Figures:
    start: date
    end: date
    ward: str | None
    by_status: dict = field(default_factory=dict)
    by_procedure: dict = field(default_factory=dict)
    by_channel: dict = field(default_factory=dict)
    by_ward: dict = field(default_factory=dict)
    returned: int = 0
    returned_on_time: int = 0
    average_working_days: float | None = None
    channels_by_ward: dict = field(default_factory=dict)  # ward -> channel -> dossiers
    overdue: list = field(default_factory=list)  # the 200 longest overdue
    overdue_count: int = 0
    ratings: int = 0
    satisfaction_index: float | None = None  # mean score as a percentage of the best (5)
    fees_collected: int = 0
    by_month: list = field(default_factory=list)  # [(first day of the month, dossiers filed)], 12 months to `end`

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def on_time_rate(self) -> float | None:
        return 100 * self.returned_on_time / self.returned if self.returned else None

    @property
    def online_share(self) -> float | None:
        return online_share(self.by_channel)

    def online_share_by_ward(self) -> dict[str, float]:
        return {ward: online_share(channels) for ward, channels in sorted(self.channels_by_ward.items())}


def online_share(channels: dict) -> float | None:
    """Filed online (at a terminal, alone or assisted) as a percentage of all filed, counter included."""
    filed = sum(channels.values())
    return 100 * sum(n for channel, n in channels.items() if channel in ONLINE) / filed if filed else None


def compute(start: date, end: date, ward: str | None = None, today: date | None = None) -> Figures:
    """The figures from the daily tallies (one grouped read), and the overdue list from the dossiers."""
    in_range = [DailyTally.day >= start, DailyTally.day <= end, *([DailyTally.ward_code == ward] if ward else [])]
    rows = db.session.execute(
        select(DailyTally.measure, DailyTally.value, DailyTally.ward_code, func.sum(DailyTally.count),
               func.sum(DailyTally.total)).where(*in_range)
        .group_by(DailyTally.measure, DailyTally.value, DailyTally.ward_code)).all()
    figures = Figures(start, end, ward)
    sums = {"status": figures.by_status, "procedure": figures.by_procedure, "channel": figures.by_channel}
    days_taken = points = 0
    for measure, value, ward_code, count, total in rows:
        count, total = int(count), int(total)
        if measure in sums and count:
            sums[measure][value] = sums[measure].get(value, 0) + count
        if measure == "status" and count:
            figures.by_ward[ward_code] = figures.by_ward.get(ward_code, 0) + count
        elif measure == "channel" and count:
            figures.channels_by_ward.setdefault(ward_code, {})[value] = count
        elif measure == "returned":
            figures.returned += count
            figures.returned_on_time += count if value == "on_time" else 0
            days_taken += total
        elif measure == "rating":
            figures.ratings += count
            points += total
        elif measure == "paid":
            figures.fees_collected += total
    if figures.returned:
        figures.average_working_days = days_taken / figures.returned
    if figures.ratings:
        figures.satisfaction_index = 20 * points / figures.ratings

    figures.by_month = monthly_filed(end, ward)
    overdue = [overdue_clause(today or local_today()), *([Dossier.ward_code == ward] if ward else [])]
    figures.overdue = db.session.scalars(select(Dossier).where(*overdue).order_by(Dossier.due_on).limit(200)).all()
    figures.overdue_count = db.session.scalar(select(func.count()).select_from(Dossier).where(*overdue))
    return figures


def monthly_filed(end: date, ward: str | None = None, months: int = 12) -> list[tuple[date, int]]:
    """Dossiers filed in each of the `months` months up to the one `end` falls in (each dossier is counted once,
    by its channel, on the day it was filed), oldest first; months without a dossier count 0."""
    firsts = []
    year, month = end.year, end.month
    for _ in range(months):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    firsts.reverse()
    rows = db.session.execute(
        select(DailyTally.day, func.sum(DailyTally.count))
        .where(DailyTally.measure == "channel", DailyTally.day >= firsts[0], DailyTally.day <= end,
               *([DailyTally.ward_code == ward] if ward else []))
        .group_by(DailyTally.day)).all()
    counts = dict.fromkeys(firsts, 0)
    for day, count in rows:
        counts[date(day.year, day.month, 1)] += int(count or 0)
    return list(counts.items())

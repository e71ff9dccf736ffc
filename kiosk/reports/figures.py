"""Figures for a date range, for one ward or all, computed with SQL aggregates so they scale."""
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select

from kiosk.core.clock import local_today, utc_bounds_of_local_day
from kiosk.dossiers.calendar import current_calendar
from kiosk.dossiers.models import Dossier, DossierEvent
from kiosk.dossiers.states import Status
from kiosk.extensions import db
from kiosk.payments.models import Payment
from kiosk.ratings.models import Rating

OPEN = (Status.SUBMITTED, Status.RECEIVED, Status.SUPPLEMENT_REQUESTED)


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
    overdue: list = field(default_factory=list)
    ratings: int = 0
    satisfaction_index: float | None = None  # mean score as a percentage of the best (5)
    fees_collected: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def on_time_rate(self) -> float | None:
        return 100 * self.returned_on_time / self.returned if self.returned else None

    @property
    def self_service_share(self) -> float | None:
        return 100 * self.by_channel.get("self_service", 0) / self.total if self.total else None


def _bounds(start: date, end: date):
    """Stored UTC timestamps from the first to the last day, as days in Hanoi."""
    return utc_bounds_of_local_day(start)[0], utc_bounds_of_local_day(end)[1]


def _grouped(column, where):
    return dict(db.session.execute(select(column, func.count()).where(*where).group_by(column)).all())


def compute(start: date, end: date, ward: str | None = None, today: date | None = None) -> Figures:
    low, high = _bounds(start, end)
    filed = [Dossier.submitted_at >= low, Dossier.submitted_at < high]
    if ward:
        filed.append(Dossier.ward_code == ward)
    figures = Figures(start, end, ward)
    figures.by_status = _grouped(Dossier.status, filed)
    figures.by_procedure = _grouped(Dossier.procedure_code, filed)
    figures.by_channel = _grouped(Dossier.channel, filed)
    figures.by_ward = _grouped(Dossier.ward_code, filed)

    # Grouped by day pairs, so a month of a big city is a few hundred rows, not a row per dossier.
    returned_on, filed_on = local_day(DossierEvent.at), local_day(Dossier.submitted_at)
    pairs = db.session.execute(
        select(filed_on, returned_on, Dossier.due_on, func.count()).join(DossierEvent).where(
            DossierEvent.kind == Status.RETURNED, DossierEvent.at >= low, DossierEvent.at < high,
            *([Dossier.ward_code == ward] if ward else []))
        .group_by(filed_on, returned_on, Dossier.due_on)).all()
    calendar = current_calendar()
    figures.returned = sum(count for *_days, count in pairs)
    figures.returned_on_time = sum(count for _f, back, due, count in pairs if _day(back) <= _day(due))
    if figures.returned:
        figures.average_working_days = sum(_working_days(calendar, _day(filed), _day(back)) * count
                                           for filed, back, _d, count in pairs) / figures.returned

    today = today or local_today()
    figures.overdue = db.session.scalars(select(Dossier).where(
        Dossier.status.in_(OPEN), Dossier.due_on < today, *([Dossier.ward_code == ward] if ward else []))
        .order_by(Dossier.due_on).limit(200)).all()

    rated = [Rating.rated_on >= start, Rating.rated_on <= end, *([Rating.ward_code == ward] if ward else [])]
    count, mean = db.session.execute(select(func.count(), func.avg(Rating.score)).where(*rated)).one()
    figures.ratings = count
    figures.satisfaction_index = float(mean) * 20 if count else None

    paid = select(func.coalesce(func.sum(Payment.amount), 0)).join(Dossier, Payment.dossier_id == Dossier.id).where(
        Payment.paid_at >= low, Payment.paid_at < high, *([Dossier.ward_code == ward] if ward else []))
    figures.fees_collected = int(db.session.scalar(paid))
    return figures


def local_day(column):
    """The Hanoi calendar day of a stored UTC timestamp, in SQL (Vietnam keeps UTC+7 all year)."""
    if db.engine.dialect.name == "sqlite":
        return func.date(column, "+7 hours")
    return func.date(column + timedelta(hours=7))


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _working_days(calendar, start: date, end: date) -> int:
    days, current = 0, start
    while current < end:
        current += timedelta(days=1)
        days += not calendar.is_day_off(current)
    return days



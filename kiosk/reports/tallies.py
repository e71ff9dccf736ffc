"""Daily tallies kept in step with every dossier event and rating, so that the figures for a month of
the whole city are read from a few thousand rows instead of its million dossiers (DESIGN §11).

`TALLIES` subscribes to `recorded`, which the flush writing events and ratings sends whatever wrote them (an
operation, or the centre's intake of a terminal's message), on every role (kiosk/roles.py): the tallies are
written in the same transaction as the change they count, so they cannot drift. `rebuild()` recomputes them
from the dossiers, for data loaded in bulk or after an upgrade.
"""
from collections import Counter
from datetime import date, timedelta
from functools import cache

from sqlalchemy import delete, func, select, text

from kiosk.core.clock import local, utcnow
from kiosk.dossiers import signals
from kiosk.dossiers.calendar import current_calendar
from kiosk.dossiers.models import Dossier, DossierEvent
from kiosk.dossiers.states import Status, on_time
from kiosk.extensions import db
from kiosk.ratings.models import Rating

from .models import DailyTally

Key = tuple[date, str, str, str]  # day, ward, measure, value


class Tally:
    """Counts and totals by key, added up before they are written."""

    def __init__(self):
        self.counts, self.totals = Counter(), Counter()

    def add(self, key: Key, count: int = 1, total: int = 0) -> None:
        self.counts[key] += count
        self.totals[key] += total

    def rows(self) -> list[dict]:
        rows = []
        # Sorted: concurrent transactions lock the same rows in the same order, so never deadlock.
        for key in sorted(self.counts.keys() | self.totals.keys()):
            if self.counts[key] or self.totals[key]:
                day, ward, measure, value = key
                rows.append({"day": day, "ward_code": ward, "measure": measure, "value": str(value),
                             "count": self.counts[key], "total": self.totals[key]})
        return rows


def count_event(tally: Tally, change: DossierEvent, dossier: Dossier, calendar) -> None:
    """What one event of a dossier's history changes in the figures."""
    filed_on, ward = local(dossier.submitted_at).date(), dossier.ward_code
    if change.from_status is None:  # filed
        for measure, value in (("status", change.to_status), ("procedure", dossier.procedure_code),
                               ("channel", dossier.channel)):
            tally.add((filed_on, ward, measure, value))
        return
    on = local(change.at or utcnow()).date()
    if change.kind == "fee_paid":
        tally.add((on, ward, "paid", "fee"), 1, dossier.fee)
    if change.to_status != change.from_status:
        tally.add((filed_on, ward, "status", change.from_status), -1)
        tally.add((filed_on, ward, "status", change.to_status), 1)
        if change.to_status == Status.RETURNED:
            tally.add((on, ward, "returned", _timeliness(on, dossier.due_on)), 1,
                      calendar().working_days_between(filed_on, on))


def _timeliness(returned_on: date, due_on: date) -> str:
    return "on_time" if on_time(returned_on, due_on) else "late"


def count_rating(tally: Tally, rating: Rating) -> None:
    tally.add((rating.rated_on, rating.ward_code, "rating", rating.occasion), 1, rating.score)


def count_recorded(_app, session, events: list[DossierEvent], ratings: list[Rating]) -> None:
    """What one flush adds to the figures, written with it (one statement, its rows sorted)."""
    tally = Tally()
    calendar = cache(current_calendar)  # read once, and only when a dossier is returned
    for change in events:
        count_event(tally, change, change.dossier, calendar)
    for rating in ratings:
        count_rating(tally, rating)
    _write(session.connection(), tally.rows())


TALLIES = ((signals.recorded, count_recorded),)


_UPSERT = text("INSERT INTO daily_tallies (day, ward_code, measure, value, count, total) "
               "VALUES (:day, :ward_code, :measure, :value, :count, :total) "
               "ON CONFLICT (day, ward_code, measure, value) DO UPDATE SET "
               "count = daily_tallies.count + excluded.count, total = daily_tallies.total + excluded.total")


def _write(connection, rows: list[dict]) -> None:
    """Add the rows to the tallies: one short statement run for every row, which the driver sends
    together (psycopg pipelines them; SQLite loops in C). Plain SQL both speak: nothing to compile."""
    if rows:
        connection.execute(_UPSERT, rows)


def local_day(column):
    """The Hanoi calendar day of a stored UTC timestamp, in SQL (Vietnam keeps UTC+7 all year)."""
    if db.engine.dialect.name == "sqlite":
        return func.date(column, "+7 hours")
    return func.date(column + timedelta(hours=7))


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def rebuild() -> int:
    """Recount every tally from the dossiers, their events and the ratings, grouped in SQL."""
    tally, calendar = Tally(), current_calendar()
    filed_on = local_day(Dossier.submitted_at)
    for measure, column in (("status", Dossier.status), ("procedure", Dossier.procedure_code),
                            ("channel", Dossier.channel)):
        for day, ward, value, count in db.session.execute(
                select(filed_on, Dossier.ward_code, column, func.count()).group_by(filed_on, Dossier.ward_code, column)):
            tally.add((_day(day), ward, measure, value), count)
    on = local_day(DossierEvent.at)
    returned = select(filed_on, on, Dossier.due_on, Dossier.ward_code, func.count()).join(DossierEvent).where(
        DossierEvent.kind == Status.RETURNED).group_by(filed_on, on, Dossier.due_on, Dossier.ward_code)
    for filed, back, due, ward, count in db.session.execute(returned):
        filed, back = _day(filed), _day(back)
        tally.add((back, ward, "returned", _timeliness(back, due)), count,
                  count * calendar.working_days_between(filed, back))
    paid = select(on, Dossier.ward_code, func.count(), func.sum(Dossier.fee)).join(DossierEvent).where(
        DossierEvent.kind == "fee_paid").group_by(on, Dossier.ward_code)
    for day, ward, count, amount in db.session.execute(paid):
        tally.add((_day(day), ward, "paid", "fee"), count, int(amount))
    for day, ward, occasion, count, points in db.session.execute(
            select(Rating.rated_on, Rating.ward_code, Rating.occasion, func.count(), func.sum(Rating.score))
            .group_by(Rating.rated_on, Rating.ward_code, Rating.occasion)):
        tally.add((day, ward, "rating", occasion), count, int(points))
    db.session.execute(delete(DailyTally))
    rows = tally.rows()
    _write(db.session.connection(), rows)
    db.session.commit()
    return len(rows)

"""The working-day calendar as this installation keeps it: public holidays plus stored overrides.

The centre owns the overrides (`kiosk calendar set` there); each terminal keeps a copy that only the
centre's feed writes (`apply_from_centre`), so a due date made at a terminal equals the centre's. A due
date already printed on a receipt is a promise: an override never changes a stored `due_on`; the dossiers
it would make later are listed (`moved_later`) so that the guide can issue an apology slip with the new date.
"""
from dataclasses import dataclass
from datetime import date, datetime, time

from flask import current_app
from sqlalchemy import select

from kiosk.core.calendar import WorkingCalendar
from kiosk.core.clock import local, local_today
from kiosk.extensions import db

from . import signals
from .models import CalendarOverride, Dossier, DossierEvent
from .states import OPEN, is_overdue

KINDS = ("day_off", "working_day")
FEED_KIND = "calendar"  # the kind of the centre's feed entries that carry an override
APOLOGY = "apology_issued"  # the event an apology slip records, with its new date in `data`
# An "in the day" time limit for a dossier received at or after 15:00 ends the next working day: Decree
# 23/2015/NĐ-CP art. 7 for certifications, and the one-stop records of the civil-status procedures.
IN_THE_DAY_UNTIL = time(15, 0)


class CalendarRefused(ValueError):
    """An override this installation may not make or cannot apply."""


def current_calendar() -> WorkingCalendar:
    rows = db.session.scalars(select(CalendarOverride)).all()
    return WorkingCalendar.with_overrides([r.day for r in rows if r.kind == "day_off"],
                                          [r.day for r in rows if r.kind == "working_day"])


def set_override(day: date, kind: str | None, note: str = "", commit: bool = True) -> None:
    """Store an override of `day`; `kind` None removes it (the day is as the law has it again)."""
    if kind is not None and kind not in KINDS:
        raise CalendarRefused(f"kind must be one of {KINDS} or none")
    existing = db.session.get(CalendarOverride, day)
    if kind is None:
        if existing is not None:
            db.session.delete(existing)
    else:
        db.session.merge(CalendarOverride(day=day, kind=kind, note=(note or "")[:200]))
    if commit:
        db.session.commit()


def apply_from_centre(data) -> None:
    """A centre's override, from its feed, stored here as it stands there (the caller commits)."""
    try:
        day = date.fromisoformat(data["day"])
        override, note = data.get("override"), data.get("note") or ""
    except (TypeError, KeyError, ValueError, AttributeError) as bad:
        raise CalendarRefused(f"not a working-day override: {data!r}"[:200]) from bad
    if not isinstance(note, str):
        raise CalendarRefused("the override's note is not text")
    set_override(day, override, note, commit=False)


@dataclass(frozen=True)
class MovedDueDate:
    """A dossier whose printed due date the calendar now puts later: it is owed an apology slip."""

    dossier: Dossier
    promised: date
    new_due: date


def due_date(procedure, received_at: datetime, calendar: WorkingCalendar) -> date:
    """The date a receipt promises for a dossier received at `received_at` (stored UTC): the procedure's
    longest time limit from the day it was received; "in the day" after 15:00 is the next working day."""
    received = local(received_at)
    days = procedure.promised_days
    if days == 0 and received.time() >= IN_THE_DAY_UNTIL:
        days = 1
    return calendar.due_on(received.date(), days, procedure.time_unit)


def recomputed_due(dossier: Dossier, procedure, calendar: WorkingCalendar) -> date:
    """The due date the dossier would get if it were filed today as it was, under `calendar`."""
    return due_date(procedure, dossier.submitted_at, calendar)


def moved_later(query, catalogue, calendar: WorkingCalendar | None = None,
                before: WorkingCalendar | None = None, limit: int | None = 500) -> list[MovedDueDate]:
    """Open dossiers of `query` (a select of Dossier, already narrowed to what the user may see) not yet
    overdue, whose due date `calendar` (the current one) puts later than what was printed, and for
    which no apology with that date or a later one was issued. With `before`, only those this change
    from `before` to `calendar` moves later (what `kiosk calendar set` reports)."""
    calendar = calendar or current_calendar()
    candidates = db.session.scalars(query.where(Dossier.status.in_(OPEN), Dossier.due_on >= local_today())
                                    .order_by(Dossier.due_on, Dossier.code)).all()
    moved = []
    for dossier in candidates:
        procedure = catalogue.get(dossier.procedure_code)
        if procedure is None:
            continue
        new_due = recomputed_due(dossier, procedure, calendar)
        if new_due <= dossier.due_on or (before is not None and new_due <= recomputed_due(dossier, procedure, before)):
            continue
        if apologised_until(dossier) >= new_due:
            continue
        moved.append(MovedDueDate(dossier, dossier.due_on, new_due))
        if limit is not None and len(moved) == limit:
            break
    return moved


def apologised_until(dossier: Dossier) -> date:
    """The latest new date an apology slip of this dossier promised (date.min if none)."""
    dates = db.session.scalars(select(DossierEvent.data).where(DossierEvent.dossier_id == dossier.id,
                                                               DossierEvent.kind == APOLOGY)).all()
    return max((date.fromisoformat(d["new_date"]) for d in dates if d and d.get("new_date")), default=date.min)


def moved_due_date(dossier: Dossier, catalogue) -> date | None:
    """The later due date the current calendar gives this dossier, if it is owed an apology for it."""
    found = moved_later(select(Dossier).where(Dossier.id == dossier.id), catalogue)
    return found[0].new_due if found else None


def apology_owed(dossier: Dossier, today: date, catalogue) -> bool:
    """An apology slip is owed when the dossier is overdue, or when a working-day override moved the date
    printed on its receipt later."""
    return is_overdue(dossier, today) or moved_due_date(dossier, catalogue) is not None


def change_override(day: date, kind: str | None, note: str, actor: str, catalogue,
                    dry_run: bool = False) -> list[MovedDueDate]:
    """Set (or with `kind` None remove) an override where the calendar is owned, and at the centre send it
    to every terminal in the same transaction. Returns the dossiers whose printed due date it moves later.
    A terminal refuses: its calendar is the centre's, and only the centre's feed changes it."""
    if current_app.config["ROLE"] == "terminal":
        raise CalendarRefused("the working-day calendar is set at the centre (kiosk calendar set there) and "
                              "reaches this terminal at its next sync; an override made here alone would give "
                              "receipts due dates the centre does not give")
    before = current_calendar()
    set_override(day, kind, note, commit=False)
    moved = moved_later(select(Dossier), catalogue, current_calendar(), before=before, limit=None)  # all owed
    if dry_run:
        db.session.rollback()
        return moved
    # Before the commit: the centre's feed subscriber (kiosk/roles.py) sends it to every terminal with it.
    signals.calendar_changed.send(current_app._get_current_object(), day=day, kind=kind, note=note, actor=actor)
    db.session.commit()
    return moved

from datetime import date, datetime, timedelta
from typing import Literal

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint, and_, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.core.clock import utcnow
from kiosk.extensions import db

from .states import DUE_SOON_DAYS, IN_HAND, OPEN, Status

OPEN_SQL = "status IN ({})".format(", ".join(f"'{status}'" for status in OPEN))

# How a dossier reached the ward: a resident alone at a terminal, with a guide beside them, or on paper
# at the counter (typed in by staff). The first two are "online" in the city's figures.
Channel = Literal["self_service", "assisted", "counter"]


class Dossier(db.Model):
    __tablename__ = "dossiers"
    # The overdue list: open dossiers by due date, in an index of the open ones only (a small fraction).
    __table_args__ = (Index("ix_dossiers_open_due_on", "due_on", postgresql_where=text(OPEN_SQL),
                            sqlite_where=text(OPEN_SQL)),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    # The resident's review page mints this key; a resent or double-clicked submit finds it again.
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    procedure_code: Mapped[str] = mapped_column(String(64), index=True)
    ward_code: Mapped[str] = mapped_column(String(16))
    terminal_no: Mapped[int] = mapped_column(Integer)
    agency_code: Mapped[str] = mapped_column(String(16), index=True)  # who processes it: a ward, or "city"
    status: Mapped[str] = mapped_column(String(32), default=Status.SUBMITTED)
    channel: Mapped[str] = mapped_column(String(16))  # a Channel
    guide_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    applicant_name: Mapped[str] = mapped_column(String(200))
    phone_last4: Mapped[str] = mapped_column(String(4))
    answers: Mapped[dict] = mapped_column(JSON)
    fee: Mapped[int] = mapped_column(Integer, default=0)  # integer đồng
    locale: Mapped[str] = mapped_column(String(5), default="vi")
    submitted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    due_on: Mapped[date] = mapped_column(Date)
    receipt_copies: Mapped[int] = mapped_column(Integer, default=0)

    guide = relationship("StaffUser")
    events: Mapped[list["DossierEvent"]] = relationship(
        back_populates="dossier", order_by="DossierEvent.id", cascade="all, delete-orphan"
    )


# The rules of kiosk.dossiers.states (is_overdue, is_due_soon) in SQL, for the lists read from the database.
def overdue_clause(today: date):
    return and_(Dossier.status.in_(OPEN), Dossier.due_on < today)


def due_soon_clause(today: date):
    return and_(Dossier.status.in_(IN_HAND), Dossier.due_on >= today,
                Dossier.due_on <= today + timedelta(days=DUE_SOON_DAYS))


class DossierEvent(db.Model):
    """One line of a dossier's history: appended, never updated."""

    __tablename__ = "dossier_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(100))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(String(500))  # as people typed it, or the prose sent to the centre
    # What the software knows about the event, typed, read by kind (labels.event_note); never parsed from `reason`.
    data: Mapped[dict | None] = mapped_column(JSON)

    dossier: Mapped[Dossier] = relationship(back_populates="events")


class CodeSequence(db.Model):
    """The last sequence number a terminal handed out on one day."""

    __tablename__ = "code_sequences"
    __table_args__ = (UniqueConstraint("ward_code", "terminal_no", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_code: Mapped[str] = mapped_column(String(16))
    terminal_no: Mapped[int] = mapped_column(Integer)
    day: Mapped[date] = mapped_column(Date)
    last: Mapped[int] = mapped_column(Integer, default=0)


class CalendarOverride(db.Model):
    __tablename__ = "calendar_overrides"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # day_off | working_day
    note: Mapped[str] = mapped_column(String(200), default="")

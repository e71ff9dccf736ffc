from datetime import datetime

from sqlalchemy import DateTime, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.core.clock import utcnow
from kiosk.extensions import db


class OutboxMessage(db.Model):
    """A request for the centre, written in the same transaction as the change it reports.

    The body is kept as the exact bytes sent, so every retry carries the same Idempotency-Key and body.
    A message the centre disagrees with (a 4xx of its own) is held back: `stuck_reason` says why and
    `next_attempt_at` when it is offered again (a slow schedule; a guide or `kiosk sync --retry` sooner).
    """

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_code: Mapped[str] = mapped_column(String(32), index=True)
    path: Mapped[str] = mapped_column(String(200))
    idempotency_key: Mapped[str] = mapped_column(String(100), unique=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    stuck_reason: Mapped[str | None] = mapped_column(String(500))  # held back: the centre's reason


class SyncState(db.Model):
    """Small facts the worker keeps: the feed cursor."""

    __tablename__ = "sync_state"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(100))


class SyncLink(db.Model):
    """The terminal's link to the centre (one row): back-off is per link, not per message, so when the
    centre answers again every waiting message is due at once. A refusal of the whole link (clock, key,
    revocation) is kept with its kind, so the guide is told what to do."""

    __tablename__ = "sync_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)  # unanswered attempts in a row
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime)  # the centre took a request
    unreachable_since: Mapped[datetime | None] = mapped_column(DateTime)
    unreachable_detail: Mapped[str | None] = mapped_column(String(300))
    refusal: Mapped[str | None] = mapped_column(String(16))  # "clock", "key" or "revoked"
    refusal_detail: Mapped[str | None] = mapped_column(String(300))
    refused_since: Mapped[datetime | None] = mapped_column(DateTime)
    clock_offset_s: Mapped[float | None] = mapped_column(Float)  # the centre's clock minus this PC's
    feed_held_entry: Mapped[int | None] = mapped_column(Integer)  # a feed entry this terminal cannot apply
    feed_held_code: Mapped[str | None] = mapped_column(String(32))
    feed_held_reason: Mapped[str | None] = mapped_column(String(300))
    feed_held_since: Mapped[datetime | None] = mapped_column(DateTime)
    feed_held_reported: Mapped[bool] = mapped_column(default=True)  # the centre knows the current state

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.core.clock import utcnow
from kiosk.extensions import db


class RegisteredTerminal(db.Model):
    """A kiosk machine the centre knows; its key signs every request it makes."""

    __tablename__ = "registered_terminals"
    __table_args__ = (UniqueConstraint("ward_code", "terminal_no"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # e.g. "09556-01"
    ward_code: Mapped[str] = mapped_column(String(16))
    terminal_no: Mapped[int] = mapped_column(Integer)
    # Ed25519 public key (hex): it checks the terminal's signatures and cannot make one
    public_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime)
    kiosk_version: Mapped[str | None] = mapped_column(String(32))  # as the terminal last reported it


class RetiredTerminalKey(db.Model):
    """A terminal's former public key, kept when it is re-keyed so that the receipts it signed stay genuine.
    It verifies receipts only, and only codes dated up to the day it was retired: a leaked old key cannot make
    a receipt for a dossier filed since, nor sign a request."""

    __tablename__ = "retired_terminal_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("registered_terminals.id"), index=True)
    public_key: Mapped[str] = mapped_column(String(64))
    retired_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class TerminalAuditEvent(db.Model):
    """Who added, revoked, restored or re-keyed a terminal, and when: the terminal's history of trust."""

    __tablename__ = "terminal_audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("registered_terminals.id"), index=True)
    action: Mapped[str] = mapped_column(String(16))  # added, revoked, restored, rekeyed
    actor: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(String(500))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class IngestRecord(db.Model):
    """One Idempotency-Key seen from one terminal, with the body it came with and the answer given."""

    __tablename__ = "ingest_records"
    __table_args__ = (UniqueConstraint("terminal_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("registered_terminals.id"))
    key: Mapped[str] = mapped_column(String(100))
    body_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)
    response: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


EVERY_TERMINAL = "*"  # a feed entry's terminal_id when every terminal must apply it (the working-day calendar)


class FeedEntry(db.Model):
    """A change a terminal should learn about; the id is the terminal's cursor. Kind `calendar` carries a
    working-day override (in `data`) to every terminal; the other kinds are status changes of a dossier."""

    __tablename__ = "feed_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(32), index=True)  # or EVERY_TERMINAL
    dossier_code: Mapped[str | None] = mapped_column(String(32))  # none for a calendar entry
    kind: Mapped[str] = mapped_column(String(32))
    to_status: Mapped[str | None] = mapped_column(String(32))  # none for a calendar entry
    data: Mapped[dict | None] = mapped_column(JSON)  # a calendar entry's day, override and note; a decision's (messages.DECISION_DATA)
    actor: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(String(500))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class FeedHold(db.Model):
    """A feed entry a terminal reports it cannot apply: its cursor waits there until it can."""

    __tablename__ = "feed_holds"

    terminal_id: Mapped[str] = mapped_column(ForeignKey("registered_terminals.id"), primary_key=True)
    entry_id: Mapped[int] = mapped_column(Integer)
    dossier_code: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(300))
    reported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

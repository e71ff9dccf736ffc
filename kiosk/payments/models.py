from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.core.clock import utcnow
from kiosk.extensions import db


class Payment(db.Model):
    """A fee paid for a dossier: one at most (the unique dossier makes a second payment impossible)."""

    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), unique=True)
    method: Mapped[str] = mapped_column(String(16))  # cash | transfer
    amount: Mapped[int] = mapped_column(Integer)  # đồng, copied from the dossier, never from the browser
    receipt_no: Mapped[str] = mapped_column(String(32), unique=True)
    received_by: Mapped[str] = mapped_column(String(100))
    paid_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class FeeReceiptSeries(db.Model):
    """Fee receipts (biên lai) are numbered in their own series, per ward and year."""

    __tablename__ = "fee_receipt_series"
    __table_args__ = (UniqueConstraint("ward_code", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_code: Mapped[str] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(Integer)
    last: Mapped[int] = mapped_column(Integer, default=0)

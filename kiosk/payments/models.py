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


class VoidedFeeReceipt(db.Model):
    """A fee receipt a supervisor voided (a wrong amount, a payment recorded twice by mistake): kept, with who
    voided it and why, while its payment row goes so that the dossier can be paid again on a new receipt."""

    __tablename__ = "voided_fee_receipts"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    receipt_no: Mapped[str] = mapped_column(String(32), unique=True)
    method: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column(Integer)
    received_by: Mapped[str] = mapped_column(String(100))
    paid_at: Mapped[datetime] = mapped_column(DateTime)
    voided_by: Mapped[str] = mapped_column(String(100))
    voided_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(String(500))

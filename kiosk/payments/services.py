"""Confirming a fee: the amount is the dossier's, a dossier is paid once, each payment is an event."""
import base64
import contextlib
import io

import qrcode
from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kiosk.core.clock import local, utcnow
from kiosk.dossiers.services import record
from kiosk.extensions import db

from . import vietqr
from .models import FeeReceiptSeries, Payment, VoidedFeeReceipt

METHODS = ("cash", "transfer")


class PaymentRefused(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # nothing_to_pay | already_paid | method | not_paid | no_reason


def payment_of(dossier) -> Payment | None:
    return db.session.scalar(select(Payment).where(Payment.dossier_id == dossier.id))


def _next_receipt_no(ward_code: str, year: int) -> str:
    series = db.session.scalar(select(FeeReceiptSeries).where(FeeReceiptSeries.ward_code == ward_code,
                                                               FeeReceiptSeries.year == year).with_for_update())
    if series is None:
        series = FeeReceiptSeries(ward_code=ward_code, year=year, last=0)
        db.session.add(series)
    series.last += 1
    return f"BL-{ward_code}-{year}-{series.last:06d}"


def confirm(dossier, method: str, actor: str, commit: bool = True) -> Payment:
    """With commit=False the caller commits (kiosk.dossiers.operations.pay), turning an IntegrityError into
    PaymentRefused("already_paid") with `refused_if_raced`."""
    if method not in METHODS:
        raise PaymentRefused("method")
    if dossier.fee <= 0:
        raise PaymentRefused("nothing_to_pay")
    if payment_of(dossier):
        raise PaymentRefused("already_paid")
    now = utcnow()
    payment = Payment(dossier_id=dossier.id, method=method, amount=dossier.fee, received_by=actor, paid_at=now,
                      receipt_no=_next_receipt_no(dossier.ward_code, local(now).year))
    db.session.add(payment)
    record(dossier, "fee_paid", actor, reason=f"{payment.receipt_no}: {payment.amount} đ ({method})",
                   data={"receipt_no": payment.receipt_no, "amount": payment.amount, "method": method})
    if commit:
        with refused_if_raced():
            db.session.commit()
    return payment


@contextlib.contextmanager
def refused_if_raced():
    """Around the commit of a payment: a second guide confirmed the same dossier at the same moment."""
    try:
        yield
    except IntegrityError as error:
        db.session.rollback()
        raise PaymentRefused("already_paid") from error


def void(dossier, reason: str, actor: str, commit: bool = True) -> VoidedFeeReceipt:
    """A supervisor voids the dossier's fee receipt: the receipt is kept as voided, the event says why, and the
    dossier is unpaid again (a new receipt takes the next number; a voided number is never reused)."""
    reason = (reason or "").strip()
    if not reason:
        raise PaymentRefused("no_reason")
    payment = payment_of(dossier)
    if payment is None:
        raise PaymentRefused("not_paid")
    voided = VoidedFeeReceipt(dossier_id=dossier.id, receipt_no=payment.receipt_no, method=payment.method,
                              amount=payment.amount, received_by=payment.received_by, paid_at=payment.paid_at,
                              voided_by=actor, voided_at=utcnow(), reason=reason[:500])
    db.session.delete(payment)
    db.session.add(voided)
    record(dossier, "fee_receipt_voided", actor, reason=f"{payment.receipt_no}: {reason[:400]}",
           data={"receipt_no": payment.receipt_no, "amount": payment.amount, "reason": reason[:400]})
    if commit:
        db.session.commit()
    return voided


def voided_of(dossier) -> list[VoidedFeeReceipt]:
    return db.session.scalars(select(VoidedFeeReceipt).where(VoidedFeeReceipt.dossier_id == dossier.id)
                              .order_by(VoidedFeeReceipt.voided_at)).all()


def transfer_qr(dossier) -> str | None:
    """The VietQR payload for this dossier's fee, when the ward has a bank account configured."""
    config = current_app.config
    if dossier.fee <= 0 or not (config.get("BANK_BIN") and config.get("BANK_ACCOUNT")):
        return None
    return vietqr.payload(vietqr.Account(config["BANK_BIN"], config["BANK_ACCOUNT"]), dossier.fee, dossier.code)


def qr_data_uri(payload: str) -> str:
    """A PNG data URI for showing the QR on screen (the CSP allows data: images, not inline script)."""
    image = qrcode.make(payload, box_size=8, border=4)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()

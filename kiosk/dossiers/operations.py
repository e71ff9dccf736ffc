"""Every change to a dossier, one function each: it does the change, records its typed event
(DossierEvent.data), sends its signal (kiosk.dossiers.signals) and commits, all in one transaction.

Views call these and nothing else to change a dossier. What else happens (a message for the centre, a text
message, an entry in the centre's feed) is not their business nor the operation's: it is a signal subscriber,
connected per role in kiosk/roles.py. `OPERATIONS` lists them all, with where each is made (the ward, or the
centre: an officer's decision) and the event kinds it records; the loop test walks it, so an operation added
without the centre's support fails there.
"""
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from typing import Literal

from blinker import NamedSignal
from flask import current_app

from kiosk.documents import services as documents
from kiosk.extensions import db
from kiosk.payments import services as payments
from kiosk.ratings import services as ratings

from . import handover, services, signals
from .states import Status


@dataclass(frozen=True)
class Operation:
    name: str
    signal: NamedSignal
    made_at: Literal["ward", "centre"]  # the ward: terminals (and standalone); the centre: officers only
    kinds: tuple[str, ...]  # the DossierEvent kinds it records; none for a rating, which names no dossier
    function: Callable


OPERATIONS: dict[str, Operation] = {}


def _operation(signal: NamedSignal, made_at: Literal["ward", "centre"], *kinds: str):
    def register(function):
        OPERATIONS[function.__name__] = Operation(function.__name__, signal, made_at, kinds, function)
        return function
    return register


def _announce(signal: NamedSignal, **about) -> None:
    """Before the commit: subscribers add to the same transaction."""
    signal.send(current_app._get_current_object(), **about)


def _commit(signal: NamedSignal, dossier, event, raced=nullcontext) -> None:
    """Announce the event just recorded, then commit the change with what the subscribers added; `raced`
    wraps the commit where a concurrent request may have made the same change first."""
    _announce(signal, dossier=dossier, event=event)
    with raced():
        db.session.commit()


def _record(signal: NamedSignal, dossier, kind: str, actor: str, reason: str | None = None,
            data: dict | None = None):
    """An event that leaves the status as it is (a print, an apology): recorded, announced, committed."""
    event = services.record(dossier, kind, actor, reason=reason, data=data)
    _commit(signal, dossier, event)
    return event


@_operation(signals.filed, "ward", "submitted")
def file(procedure, answers: dict, *, submission_key: str, terminal: services.Terminal, actor: str,
         guide_id: int | None = None, channel: str | None = None, locale: str = "vi"):
    """File a dossier (idempotent on `submission_key`: a second call returns the first, announcing nothing)."""
    existing = services.find_by_submission_key(submission_key)
    if existing:
        return existing
    dossier = services.submit(procedure, answers, submission_key=submission_key, terminal=terminal, actor=actor,
                              guide_id=guide_id, channel=channel, locale=locale, commit=False)
    _announce(signals.filed, dossier=dossier, event=dossier.events[-1])
    return services.commit_filing(dossier)


@_operation(signals.decided, "centre", Status.RECEIVED, Status.SUPPLEMENT_REQUESTED, Status.REJECTED,
            Status.RESULT_READY)
def decide(dossier, wanted: Status, actor: str, reason: str | None = None, data: dict | None = None,
           commit: bool = True):
    """An officer's decision (raises TransitionRefused, changing nothing, when the status does not allow it).
    A terminal applies the same decision from the centre's feed, within its own transaction (commit=False)."""
    event = services.transition(dossier, wanted, actor, reason, commit=False, data=data)
    _announce(signals.decided, dossier=dossier, event=event)
    if commit:
        db.session.commit()
    return event


@_operation(signals.handed_over, "ward", Status.RETURNED)
def hand_over(dossier, collector: handover.Collector, actor: str):
    """Raises handover.NotFound("not_ready") unless the result is ready."""
    event = handover.hand_over(dossier, collector, actor, commit=False)
    _commit(signals.handed_over, dossier, event)
    return event


@_operation(signals.fee_paid, "ward", "fee_paid")
def pay(dossier, method: str, actor: str):
    """Raises payments.PaymentRefused (nothing stored) for a wrong method, no fee, or a fee already paid."""
    payment = payments.confirm(dossier, method, actor, commit=False)
    _commit(signals.fee_paid, dossier, dossier.events[-1], raced=payments.refused_if_raced)
    return payment


@_operation(signals.fee_voided, "ward", "fee_receipt_voided")
def void_fee(dossier, reason: str, actor: str):
    voided = payments.void(dossier, reason, actor, commit=False)
    _commit(signals.fee_voided, dossier, dossier.events[-1])
    return voided


@_operation(signals.scan_attached, "ward", "document_attached")
def attach_scan(dossier, document_index: int, data: bytes, actor: str):
    """Raises ScanRefused for what is not a usable scan. The same scan again changes and announces nothing."""
    recorded = len(dossier.events)
    document = documents.attach(dossier, document_index, data, actor, commit=False)
    if len(dossier.events) > recorded:
        _announce(signals.scan_attached, dossier=dossier, event=dossier.events[-1], document=document,
                  jpeg=document.jpeg)
    db.session.commit()
    return document


@_operation(signals.apology_issued, "ward", "apology_issued")
def apologise(dossier, new_date: date, reason: str, actor: str):
    """The apology for a late dossier, with the new appointment date (the slip reads both from the data; the
    reason's prose is for older readers of the history)."""
    reason = reason.strip()
    return _record(signals.apology_issued, dossier, "apology_issued", actor, reason=f"{new_date.isoformat()}: {reason}",
                   data={"new_date": new_date.isoformat(), "reason": reason})


@_operation(signals.supplement_slip_printed, "ward", "supplement_slip_printed")
def print_supplement_request(dossier, actor: str):
    return _record(signals.supplement_slip_printed, dossier, "supplement_slip_printed", actor)


@_operation(signals.receipt_printed, "ward", "receipt_printed", "receipt_reprinted")
def print_receipt(dossier, actor: str, reprint: bool = False) -> int:
    """0 for the original, else the copy number (see services.print_receipt)."""
    copy_no = services.print_receipt(dossier, actor, reprint=reprint, commit=False)
    _commit(signals.receipt_printed, dossier, dossier.events[-1])
    return copy_no


@_operation(signals.fee_receipt_printed, "ward", "fee_receipt_printed")
def print_fee_receipt(dossier, payment, actor: str):
    return _record(signals.fee_receipt_printed, dossier, "fee_receipt_printed", actor, reason=payment.receipt_no,
                   data={"receipt_no": payment.receipt_no})


@_operation(signals.result_slip_printed, "ward", "result_slip_printed")
def print_result_slip(dossier, actor: str):
    return _record(signals.result_slip_printed, dossier, "result_slip_printed", actor)


@_operation(signals.rated, "ward")
def rate(dossier, occasion: str, score: int, reasons: list[str]):
    """Raises ratings.AlreadyRated when this occasion was rated; the rating keeps nothing of the dossier."""
    rating = ratings.rate(dossier, occasion, score, reasons, commit=False)
    _announce(signals.rated, rating=rating)
    with ratings.refused_if_raced():
        db.session.commit()
    return rating

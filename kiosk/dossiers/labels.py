"""What residents and staff read for statuses and history events, in their language."""
import re

from flask_babel import gettext as _

from .states import Status


def status_label(status: str) -> str:
    labels = {
        Status.SUBMITTED: _("Submitted, waiting to be received"),  # at a terminal or at the counter
        Status.RECEIVED: _("Received, being processed"),
        Status.SUPPLEMENT_REQUESTED: _("More documents needed"),
        Status.REJECTED: _("Rejected"),
        Status.RESULT_READY: _("Result ready to collect"),
        Status.RETURNED: _("Result handed over"),
    }
    return labels[Status(status)]


def channel_label(channel: str) -> str:
    labels = {"self_service": _("Self-service"), "assisted": _("Assisted"), "counter": _("At the counter")}
    return labels.get(channel, channel)


def event_label(kind: str) -> str:
    labels = {
        "receipt_printed": _("Receipt printed"),
        "receipt_reprinted": _("Receipt reprinted (copy)"),
        "viewed": _("Opened by staff"),
        "document_attached": _("Scan attached"),
        "document_viewed": _("Scan opened by staff"),
        "supplement_slip_printed": _("Supplement request printed"),
        "control_slip_printed": _("Process control slip printed"),
        "refusal_slip_printed": _("Refusal slip printed"),
        "apology_issued": _("Apology slip with a new appointment"),
        "result_slip_printed": _("Result slip printed"),
        "fee_paid": _("Fee paid"),
        "fee_receipt_printed": _("Fee receipt printed"),
    }
    if kind in labels:
        return labels[kind]
    return status_label(kind) if kind in Status.__members__.values() else kind


def payment_method_label(method: str) -> str:
    return _("Cash") if method == "cash" else _("Bank transfer (VietQR)")


# Notes the software writes itself are stored as data ("copy 2", "document 1"); they are read translated.
_WRITTEN_NOTES = {
    "receipt_reprinted": (re.compile(r"copy (\d+)"), lambda m: _("copy %(number)s", number=m[1])),
    "document_attached": (re.compile(r"document (\d+)"), lambda m: _("document %(number)s", number=m[1])),
    "document_viewed": (re.compile(r"scan (\d+)"), lambda m: _("scan %(number)s", number=m[1])),
    "fee_paid": (re.compile(r"(.+): (\d+) đ \((cash|transfer)\)"),
                 lambda m: f"{m[1]}: {m[2]} đ ({payment_method_label(m[3])})"),
}


def event_note(kind: str, reason: str | None) -> str:
    """A history note in its reader's language: what people typed stays as typed."""
    written = _WRITTEN_NOTES.get(kind)
    found = written[0].fullmatch(reason) if written and reason else None
    return written[1](found) if found else reason or ""

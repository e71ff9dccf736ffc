"""A terminal's subscribers: every operation made here becomes a message for the centre, in the operation's
own transaction (the transactional outbox). Connected for the terminal role only, by kiosk/roles.py."""
from kiosk.dossiers import signals

from . import outbox


def _dossier(_app, dossier, event, **_):
    outbox.enqueue_dossier(dossier)


def _event(_app, dossier, event, **_):
    outbox.enqueue_event(dossier, event)


def _scan(_app, dossier, event, document, jpeg, **_):
    outbox.enqueue_document(dossier, document, jpeg)


def _rating(_app, rating, **_):
    outbox.enqueue_rating(rating)


# Every operation made at the ward (kiosk.dossiers.operations, made_at "ward"); the centre's decisions are
# never sent back (a terminal cannot make them: the centre refuses them).
OUTBOX = (
    (signals.filed, _dossier),
    (signals.handed_over, _event),
    (signals.fee_paid, _event),
    (signals.fee_voided, _event),
    (signals.scan_attached, _scan),
    (signals.apology_issued, _event),
    (signals.supplement_slip_printed, _event),
    (signals.receipt_printed, _event),
    (signals.fee_receipt_printed, _event),
    (signals.result_slip_printed, _event),
    (signals.rated, _rating),
)

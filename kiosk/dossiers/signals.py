"""One signal per operation on a dossier (kiosk.dossiers.operations), sent inside the operation's
transaction, before its commit: what a subscriber adds (an outbox message, a text message, a feed entry) is
stored with the change or not at all.

The sender is the application, so that a subscriber connected for one app (kiosk.roles) does not hear
another app's operations: a test process runs a terminal and a centre side by side. Keyword arguments:
`dossier` and `event` (the DossierEvent recorded), plus `document` and `jpeg` for a scan, `rating` alone
for a rating (anonymous, it names no dossier).

Two are sent by no operation: `calendar_changed`, by a working-day override where the calendar is owned
(kiosk.dossiers.calendar.change_override), so that the centre's feed carries it to every terminal; and
`recorded`, by the flush that writes events and ratings, so that what counts every change (the figures'
tallies) hears the centre's intake of a terminal's messages too.
"""
from blinker import Namespace

_signals = Namespace()

filed = _signals.signal("dossier-filed", doc="A dossier was filed (its code and due date made here).")
decided = _signals.signal("dossier-decided", doc="An officer's decision changed the status (made at the centre, "
                                                 "or applied on a terminal from the centre's feed).")
handed_over = _signals.signal("dossier-handed-over", doc="The result was handed over at the ward.")
fee_paid = _signals.signal("fee-paid", doc="A fee was confirmed paid (cash or transfer).")
fee_voided = _signals.signal("fee-receipt-voided", doc="A supervisor voided the fee receipt.")
scan_attached = _signals.signal("scan-attached", doc="A scan of a paper was attached; also `document`, `jpeg`.")
apology_issued = _signals.signal("apology-issued", doc="An apology slip with a new appointment date was issued.")
supplement_slip_printed = _signals.signal("supplement-slip-printed",
                                          doc="The supplement request was printed for the resident.")
receipt_printed = _signals.signal("receipt-printed", doc="The dossier's receipt was printed (or a counted copy).")
fee_receipt_printed = _signals.signal("fee-receipt-printed", doc="The fee receipt was printed.")
result_slip_printed = _signals.signal("result-slip-printed", doc="The result hand-over slip was printed.")
calendar_changed = _signals.signal("calendar-changed", doc="A working-day override was set or removed where the "
                                                           "calendar is owned; `day`, `kind` (None: removed), "
                                                           "`note`, `actor`; no dossier.")
rated = _signals.signal("rated", doc="A resident rated a visit; only `rating` (no dossier, no event).")
recorded = _signals.signal("recorded", doc="Events of dossiers and ratings are about to be written, whatever wrote "
                                           "them (an operation, the centre's intake, a bulk load): sent by the "
                                           "flush (kiosk.dossiers.recording); `session`, `events`, `ratings`.")

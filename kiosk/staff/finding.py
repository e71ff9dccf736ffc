"""The counter's search: a dossier by its code, a scanned receipt QR, the applicant's name or phone.

Only among the dossiers the access policy shows the searcher; a receipt QR must carry a valid signature."""
import re

from sqlalchemy import func, or_

from kiosk.auth import policy
from kiosk.core import codes
from kiosk.core.text import nfc
from kiosk.dossiers.handover import NotFound, identify
from kiosk.dossiers.lookup import receipt_verdict
from kiosk.dossiers.models import Dossier, overdue_clause
from kiosk.extensions import db

LIMIT = 50


def exact(user, query: str):
    """The one dossier a receipt QR URL or a full code names (None if it is neither, or not the user's)."""
    query = (query or "").strip()
    if "/l/" not in query:
        try:
            codes.parse(query)
        except codes.CodeError:
            return None
    try:
        dossier = identify(query, receipt_verdict)
    except NotFound:
        return None
    return dossier if policy.can_see(user, dossier) else None


def search(user, query: str) -> list:
    """Dossiers whose code contains the query, whose applicant's name contains it (as typed, any case), or
    whose phone ends in its digits (we keep the last four only)."""
    query = nfc(query)
    if not query:
        return []
    conditions = [func.upper(Dossier.code).contains(codes.normalise(query)),
                  func.lower(Dossier.applicant_name).contains(query.lower())]
    digits = re.sub(r"\D", "", query)
    if len(digits) >= 4 and len(digits) == len(re.sub(r"[\s.]", "", query)):
        conditions.append(Dossier.phone_last4 == digits[-4:])
    return db.session.scalars(policy.dossiers_visible_to(user).where(or_(*conditions))
                              .order_by(Dossier.submitted_at.desc()).limit(LIMIT)).all()


def queues(user, terminal_no: int, today) -> dict[str, list]:
    """What waits on the counter, oldest first: fees to collect, results to hand over, papers asked for, and
    dossiers past their due date (each at most LIMIT)."""
    from kiosk.dossiers.states import OPEN, Status
    from kiosk.payments.models import Payment

    mine = policy.dossiers_visible_to(user).where(Dossier.terminal_no == terminal_no)
    unpaid = ~db.session.query(Payment.id).filter(Payment.dossier_id == Dossier.id).exists()
    wanted = {
        "payment": mine.where(Dossier.fee > 0, Dossier.status.in_(OPEN + (Status.RESULT_READY,)), unpaid)
                       .order_by(Dossier.submitted_at),
        "ready": mine.where(Dossier.status == Status.RESULT_READY).order_by(Dossier.due_on),
        "supplement": mine.where(Dossier.status == Status.SUPPLEMENT_REQUESTED).order_by(Dossier.due_on),
        "overdue": mine.where(overdue_clause(today)).order_by(Dossier.due_on),
    }
    return {name: db.session.scalars(query.limit(LIMIT)).all() for name, query in wanted.items()}

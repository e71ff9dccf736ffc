"""Filing and changing dossiers. Every change appends a DossierEvent."""
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kiosk.core.clock import local, utcnow
from kiosk.core.codes import make_code
from kiosk.extensions import db
from kiosk.payments.fees import fee_for

from .calendar import current_calendar, due_date
from .models import CodeSequence, Dossier, DossierEvent
from .states import Status, check_transition


@dataclass(frozen=True)
class Terminal:
    ward_code: str
    terminal_no: int

    @classmethod
    def from_config(cls, config) -> "Terminal":
        return cls(config["WARD_CODE"], int(config["TERMINAL_NO"]))


def agency_for(procedure, ward_code: str) -> str:
    """Ward-level procedures are processed by the ward; city-level ones by the city's departments."""
    return ward_code if procedure.level == "ward" else "city"


def _next_sequence(terminal: Terminal, day) -> int:
    from kiosk.maintenance.restore import check_filing_allowed

    check_filing_allowed()  # a terminal restored from a backup must not issue a code twice
    row = db.session.scalar(
        select(CodeSequence).where(CodeSequence.ward_code == terminal.ward_code,
                                   CodeSequence.terminal_no == terminal.terminal_no,
                                   CodeSequence.day == day).with_for_update()
    )
    if row is None:
        row = CodeSequence(ward_code=terminal.ward_code, terminal_no=terminal.terminal_no, day=day, last=0)
        db.session.add(row)
    row.last += 1
    return row.last


def find_by_submission_key(key: str) -> Dossier | None:
    return db.session.scalar(select(Dossier).where(Dossier.submission_key == key))


def find_by_code(code: str) -> Dossier | None:
    return db.session.scalar(select(Dossier).where(Dossier.code == code))


def last_event(dossier: Dossier, kind: str) -> DossierEvent | None:
    """The latest event of this kind in the dossier's history (what a slip is made from)."""
    return db.session.scalar(select(DossierEvent).where(DossierEvent.dossier_id == dossier.id, DossierEvent.kind == kind)
                             .order_by(DossierEvent.id.desc()).limit(1))


def submit(procedure, answers: dict, *, submission_key: str, terminal: Terminal,
           actor: str, guide_id: int | None = None, channel: str | None = None, locale: str = "vi",
           commit: bool = True) -> Dossier:
    """File a dossier: code and due date are made here, without asking the centre.

    Idempotent on `submission_key`: a second call returns the first dossier. With commit=False the new
    dossier is only added (kiosk.dossiers.operations.file adds its signal's work, then `commit_filing`).
    """
    existing = find_by_submission_key(submission_key)
    if existing:
        return existing
    now = utcnow()
    today = local(now).date()
    sequence = _next_sequence(terminal, today)
    dossier = Dossier(
        code=make_code(terminal.ward_code, terminal.terminal_no, today, sequence),
        submission_key=submission_key,
        procedure_code=procedure.code,
        ward_code=terminal.ward_code,
        terminal_no=terminal.terminal_no,
        agency_code=agency_for(procedure, terminal.ward_code),
        status=Status.SUBMITTED,
        channel=channel or ("assisted" if guide_id else "self_service"),
        guide_id=guide_id,
        applicant_name=answers[procedure.applicant.name],
        phone_last4=answers[procedure.applicant.phone][-4:],
        answers=dict(answers),
        fee=fee_for(procedure, answers, today),
        locale=locale,
        submitted_at=now,
        due_on=due_date(procedure, now, current_calendar()),
    )
    dossier.events.append(DossierEvent(at=now, kind="submitted", actor=actor,
                                       from_status=None, to_status=Status.SUBMITTED))
    db.session.add(dossier)
    return commit_filing(dossier) if commit else dossier


def commit_filing(dossier: Dossier) -> Dossier:
    """Commit a new dossier; the dossier of the same submission key if another request filed it first."""
    submission_key = dossier.submission_key
    try:
        db.session.commit()
    except IntegrityError:
        # Another request with the same key won the race: theirs is the dossier.
        db.session.rollback()
        existing = find_by_submission_key(submission_key)
        if existing is None:
            raise
        return existing
    return dossier


def record(dossier: Dossier, kind: str, actor: str, reason: str | None = None,
           data: dict | None = None) -> DossierEvent:
    """An event that does not change the status (a print, a view of personal data)."""
    event = DossierEvent(at=utcnow(), kind=kind, actor=actor, reason=reason, data=data,
                         from_status=dossier.status, to_status=dossier.status)
    dossier.events.append(event)
    return event


def transition(dossier: Dossier, wanted: Status, actor: str, reason: str | None = None,
               commit: bool = True, data: dict | None = None) -> DossierEvent:
    """The only way a status changes: checked by the state machine, recorded as an event."""
    check_transition(Status(dossier.status), wanted)
    event = DossierEvent(at=utcnow(), kind=str(wanted), actor=actor, reason=reason, data=data,
                         from_status=dossier.status, to_status=wanted)
    dossier.status = wanted
    dossier.events.append(event)
    if commit:
        db.session.commit()
    return event


def print_receipt(dossier: Dossier, actor: str, reprint: bool = False, commit: bool = True) -> int:
    """Record a receipt print; returns 0 for the original, else the copy number. Only a guide's
    reprint (`reprint`) makes a copy: a resident printing again during the visit gets the original."""
    already_printed = reprint and any(e.kind in ("receipt_printed", "receipt_reprinted") for e in dossier.events)
    if already_printed:
        dossier.receipt_copies += 1
        record(dossier, "receipt_reprinted", actor, data={"copy": dossier.receipt_copies})
    else:
        record(dossier, "receipt_printed", actor)
    if commit:
        db.session.commit()
    return dossier.receipt_copies if already_printed else 0

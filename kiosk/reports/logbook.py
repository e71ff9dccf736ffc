"""Sổ theo dõi hồ sơ (Mẫu 06, Thông tư 01/2018/TT-VPCP): one row per dossier a ward received in a period,
with the columns of the official form (their names are data, in kiosk/printing/templates.yaml)."""
from datetime import date

from sqlalchemy import select

from kiosk.core.clock import utc_bounds_of_local_day
from kiosk.dossiers.labels import status_label
from kiosk.dossiers.models import Dossier, DossierEvent
from kiosk.dossiers.states import Status
from kiosk.extensions import db
from kiosk.i18n import format_date, format_moment
from kiosk.printing.official import slip_template, text

# Which event fills which column: passed on to the agency, result back from it, handed to the resident.
PASSED_ON, RESULT_BACK, HANDED_OVER = (Status.RECEIVED,), (Status.RESULT_READY, Status.REJECTED), (Status.RETURNED,)


def header(locale: str) -> list[str]:
    return [text(column, locale) for column in slip_template("logbook")["columns"]]


def _first(events, statuses) -> str:
    return next((format_moment(e.at) for e in events if e.to_status in statuses), "")


def _address(dossier) -> str:
    answers = dossier.answers or {}
    place = answers.get("residence") or answers.get("address") or ""
    # Only the last four digits of a phone number are kept: the logbook shows no more.
    return ", ".join(p for p in (place, f"…{dossier.phone_last4}" if dossier.phone_last4 else "") if p)


def rows(start: date, end: date, ward: str | None, procedure_name, agency_name) -> list[list]:
    """Dossiers received from `start` to `end` (Hanoi days) at `ward` (None: every ward), oldest first."""
    since, _ = utc_bounds_of_local_day(start)
    _, until = utc_bounds_of_local_day(end)
    where = [Dossier.submitted_at >= since, Dossier.submitted_at < until, *([Dossier.ward_code == ward] if ward else [])]
    dossiers = db.session.scalars(select(Dossier).where(*where).order_by(Dossier.submitted_at, Dossier.id)).all()
    events: dict[int, list] = {}  # state changes only: a print or a view notes the status it saw, too
    if dossiers:
        for event in db.session.scalars(select(DossierEvent).where(
                DossierEvent.dossier_id.in_([d.id for d in dossiers]), DossierEvent.kind == DossierEvent.to_status)
                .order_by(DossierEvent.at, DossierEvent.id)):
            events.setdefault(event.dossier_id, []).append(event)
    table = []
    for number, d in enumerate(dossiers, start=1):
        history = events.get(d.id, [])
        table.append([number, d.code, procedure_name(d.procedure_code), 1, d.applicant_name, _address(d),
                      agency_name(d), format_moment(d.submitted_at), format_date(d.due_on),
                      _first(history, PASSED_ON), _first(history, RESULT_BACK), _first(history, HANDED_OVER),
                      "", status_label(d.status)])
    return table

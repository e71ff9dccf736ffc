"""`GET /api/v1/terminal/state`: what the centre holds from the calling terminal, so that a terminal
restored from a backup never issues a code twice, and a centre restored from a backup gets back what it
lost (see kiosk.maintenance.restore). The terminal also reports its health here (version, outbox depth,
last error); its clock difference is read from the request's signed timestamp."""
import time
from datetime import date, datetime, timedelta

from flask import g, jsonify, request
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from kiosk.core import codes
from kiosk.core.clock import utc_bounds_of_local_day, utcnow
from kiosk.dossiers.models import Dossier
from kiosk.extensions import db
from kiosk.maintenance.models import TerminalReport
from kiosk.maintenance.restore import CENTRE_EPOCH, LOOK_BACK_DAYS
from kiosk.sync.models import SyncState

from .models import FeedEntry
from .services import feed_of


def _since(raw: str) -> date:
    try:
        return datetime.strptime(raw, "%y%m%d").date()
    except ValueError:
        return utcnow().date() - timedelta(days=LOOK_BACK_DAYS)


def last_sequences(ward_code: str, terminal_no: int, since: date) -> dict[str, int]:
    """The highest sequence per day ('yymmdd') among this terminal's dossiers filed on or after `since`."""
    start, _end = utc_bounds_of_local_day(since)
    found: dict[str, int] = {}
    rows = db.session.scalars(select(Dossier.code).where(
        Dossier.ward_code == ward_code, Dossier.terminal_no == terminal_no,
        Dossier.submitted_at >= start - timedelta(days=1)))
    for code in rows:
        parsed = codes.parse(code)
        if parsed.day >= f"{since:%y%m%d}":
            found[parsed.day] = max(found.get(parsed.day, 0), parsed.sequence)
    return found


def _report(terminal_id: str) -> None:
    """What the terminal says of itself; a call without these (the doctor's) leaves the last report."""
    args = request.args
    if "version" not in args:
        return
    report = db.session.get(TerminalReport, terminal_id) or TerminalReport(terminal_id=terminal_id)
    report.version = args.get("version", "")[:32] or None
    depth = args.get("outbox", "")
    report.outbox_depth = int(depth) if depth.isascii() and depth.isdigit() and len(depth) < 10 else 0
    report.last_error = args.get("error", "")[:300] or None
    try:
        report.clock_skew_s = round(float(request.headers.get("X-Timestamp", "")) - time.time())
    except ValueError:
        report.clock_skew_s = 0
    report.reported_at = utcnow()
    db.session.add(report)


def terminal_state():
    terminal = g.terminal
    sequences = last_sequences(terminal.ward_code, terminal.terminal_no, _since(request.args.get("since", "")))
    feed_last = db.session.scalar(select(func.max(FeedEntry.id)).where(FeedEntry.terminal_id.in_(feed_of(terminal))))
    epoch = db.session.get(SyncState, CENTRE_EPOCH)
    _report(terminal.id)
    try:
        db.session.commit()
    except IntegrityError:  # the same terminal's first report arriving twice at once: one is enough
        db.session.rollback()
    return jsonify(sequences=sequences, feed_last=feed_last or 0, epoch=epoch.value if epoch else "")

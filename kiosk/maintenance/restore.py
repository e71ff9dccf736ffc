"""What a restore means for codes and for the centre's copy.

A terminal brought back from a backup has forgotten the codes it issued since: filing again would hand a
resident a code another resident already holds. `kiosk restore` therefore marks the terminal "restored",
and filing stays closed until the terminal has learnt from the centre the last sequence the centre holds
from it for each day (or, offline, until a guide confirms a safe restart point: `kiosk resume-filing`).

A centre brought back from a backup has lost what terminals sent since. `kiosk restore` gives it a new
epoch; a terminal that sees the epoch change sends again every message it still keeps (sent messages are
kept KIOSK_OUTBOX_KEEP_DAYS days); the centre takes each once, so what it still had changes nothing.
"""
import logging
import uuid
from datetime import date, timedelta

from flask import current_app, render_template
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from werkzeug.exceptions import ServiceUnavailable

from kiosk.core.clock import local_today, utcnow
from kiosk.extensions import db

log = logging.getLogger(__name__)
RESTORED = "restored"  # SyncState: set by `kiosk restore` on a terminal, cleared once it is safe to file
CENTRE_EPOCH = "centre_epoch"  # SyncState: at the centre, its restore id; on a terminal, the last one seen
RESTORED_CHECK_S = 10.0  # how often a restored terminal asks the centre until it answers
STATE_PATH = "/api/v1/terminal/state"
LOOK_BACK_DAYS = 31


class FilingPaused(ServiceUnavailable):
    """Raised instead of issuing a code a restored terminal may already have issued."""


def version() -> str:
    from importlib import metadata  # on demand: with its e-mail and zip parsers it weighs a few MB

    try:
        return metadata.version("ward-kiosk")
    except metadata.PackageNotFoundError:
        return "unknown"


def _state(name: str) -> str | None:
    from kiosk.sync.models import SyncState

    row = db.session.get(SyncState, name)
    return row.value if row else None


def _set_state(name: str, value: str | None) -> None:
    from kiosk.sync.models import SyncState

    row = db.session.get(SyncState, name)
    if value is None:
        if row is not None:
            db.session.delete(row)
    elif row is None:
        db.session.add(SyncState(name=name, value=value))
    else:
        row.value = value


def mark_restored(app, manifest: dict) -> str:
    """After `kiosk restore`: a terminal (or standalone) stops filing until it is safe; a centre gets a new
    epoch. Returns what was marked."""
    with app.app_context():
        if app.config["ROLE"] == "central":
            epoch = uuid.uuid4().hex
            _set_state(CENTRE_EPOCH, epoch)
            db.session.commit()
            return f"centre epoch {epoch}: terminals will send again what this backup lacks"
        _set_state(RESTORED, manifest.get("taken_at") or utcnow().isoformat(timespec="seconds"))
        db.session.commit()
        return "filing paused until the centre confirms the last codes issued (kiosk sync, or kiosk resume-filing)"


def is_restored() -> bool:
    return _state(RESTORED) is not None


def check_filing_allowed() -> None:
    """Called before a code is made: a restored terminal files nothing until the centre (asked by
    `kiosk restore` and by the serving process's thread, every RESTORED_CHECK_S while restored) or a guide
    has confirmed where its codes continue. No network here: the filing transaction holds SQLite's lock."""
    if is_restored():
        raise FilingPaused()


def resume_filing(after: int) -> None:
    """Offline: a guide confirms today's codes continue after `after` (the highest code on any receipt
    issued since the backup, or a wide margin), and filing opens again."""
    from kiosk.dossiers.models import CodeSequence

    config = current_app.config
    today = local_today()
    _raise_sequence(config["WARD_CODE"], int(config["TERMINAL_NO"]), today, after, CodeSequence)
    _set_state(RESTORED, None)
    db.session.commit()


def _raise_sequence(ward_code, terminal_no, day, at_least, model) -> None:
    row = db.session.scalar(select(model).where(model.ward_code == ward_code, model.terminal_no == terminal_no,
                                                model.day == day))
    if row is None:
        db.session.add(model(ward_code=ward_code, terminal_no=terminal_no, day=day, last=at_least))
    elif row.last < at_least:
        row.last = at_least


def _outbox_depth() -> int:
    from kiosk.sync.models import OutboxMessage

    return db.session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None)))


def _last_error() -> str:
    from kiosk.sync.models import OutboxMessage

    stuck = db.session.scalar(select(OutboxMessage.stuck_reason).where(OutboxMessage.stuck_reason.is_not(None))
                              .order_by(OutboxMessage.id.desc()).limit(1))
    return (stuck or "")[:200]


def check_with_centre(config) -> dict:
    """Ask the centre what it holds from this terminal, and act on it: raise each day's sequence to the
    centre's highest (then a restored terminal may file again), and send again every kept message when the
    centre was restored since we last asked. Also tells the centre this terminal's version, outbox depth
    and last error. Returns what happened; raises nothing for an unreachable centre (status 0)."""
    from urllib.parse import urlencode

    from kiosk.dossiers.models import CodeSequence
    from kiosk.sync.models import OutboxMessage
    from kiosk.sync.worker import client_from_config

    client = client_from_config(config)
    since = local_today() - timedelta(days=LOOK_BACK_DAYS)
    query = "?" + urlencode({"since": since.strftime("%y%m%d"), "outbox": _outbox_depth(),
                             "version": version(), "error": _last_error()})
    reply = client._send("GET", STATE_PATH, query=query)  # signed like every call to the centre
    if reply.status != 200:
        log.warning("centre state check refused or unreachable: status %s", reply.status)
        return {"status": reply.status, "resent": 0}
    body = reply.body
    for day, last in body.get("sequences", {}).items():
        on = date(2000 + int(day[:2]), int(day[2:4]), int(day[4:6]))
        _raise_sequence(config["WARD_CODE"], int(config["TERMINAL_NO"]), on, int(last), CodeSequence)
    resent = 0
    epoch, seen = body.get("epoch", ""), _state(CENTRE_EPOCH)
    if seen is not None and seen != epoch:
        # The centre came back from a backup: everything we still keep goes again, oldest first, and the
        # feed is read again from where the restored centre's own feed ends.
        resent = db.session.execute(update(OutboxMessage).where(OutboxMessage.sent_at.is_not(None))
                                    .values(sent_at=None, next_attempt_at=None, attempts=0)).rowcount
        cursor = _state("feed_cursor")
        if cursor is not None and int(cursor) > int(body.get("feed_last", 0)):
            _set_state("feed_cursor", str(int(body.get("feed_last", 0))))
        log.warning("the centre was restored from a backup: sending %s kept messages again", resent)
    _set_state(CENTRE_EPOCH, epoch)
    was_restored = is_restored()
    _set_state(RESTORED, None)
    db.session.commit()
    if was_restored:
        log.info("restored terminal: the centre confirmed the last codes issued; filing again")
    return {"status": 200, "resent": resent, "sequences": body.get("sequences", {})}


def start(app, every_s: float = 60.0):
    """A terminal's thread: ask the centre for its state now and every `every_s` seconds (more often while
    the terminal waits, restored, for the centre's answer)."""
    import threading

    stop = threading.Event()

    def loop():
        while not stop.is_set():
            restored = False
            try:
                with app.app_context():
                    check_with_centre(app.config)
                    restored = is_restored()
            except Exception:  # retried next round
                log.exception("centre state check failed")
            stop.wait(RESTORED_CHECK_S if restored else every_s)

    threading.Thread(target=loop, name="centre-state", daemon=True).start()
    return stop


def init_app(app) -> None:
    @app.errorhandler(FilingPaused)
    def filing_paused(_error):
        return render_template("errors/error.html", heading=_("This kiosk cannot file a dossier right now"),
                               message=_("Nothing was lost: your answers are kept. Please ask the guide at "
                                         "the counter.")), 503

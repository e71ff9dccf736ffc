"""Personal data is kept no longer than needed, by `kiosk purge` (a nightly timer) and by a thread of
`kiosk serve` (which also delivers queued text messages):

- idle resident visits and expired drafts;
- on a terminal (and standalone), a dossier's personal data (answers, applicant's name and phone digits,
  scans, the messages that carried them to the centre) KIOSK_PERSONAL_DATA_DAYS (30) after it ended
  (handed over, or rejected) and, on a terminal, the centre acknowledged it. Its code, dates, status
  and history stay, with an event saying the personal data was deleted;
- messages the centre acknowledged, after KIOSK_OUTBOX_KEEP_DAYS (14): until then they are kept so that a
  centre restored from an older backup can be sent them again;
- text messages and the SMS log after KIOSK_PERSONAL_DATA_DAYS; failed sign-in and lookup records after
  a day; staff sessions a day after they expired.
"""
import json
import logging
import os
import threading
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, select

from .core import clock
from .drafts.services import purge_expired
from .extensions import db
from .notify.delivery import deliver_pending
from .visits.services import purge_idle_visits

log = logging.getLogger(__name__)
PURGED_EVENT = "personal_data_deleted"
ENDED = ("returned", "rejected")


def purge(app) -> dict:
    with app.app_context():
        counts = {"visits": purge_idle_visits(), "drafts": purge_expired()}
        counts.update(purge_old_records(app))
        if app.config["ROLE"] != "central":  # the centre keeps the city's record of each dossier
            counts["dossiers"] = purge_personal_data(app)
        return counts


def purge_personal_data(app) -> int:
    """Blank the personal data of dossiers ended (and acknowledged by the centre) more than the kept days ago."""
    from .documents import services as documents
    from .documents.models import DossierDocument
    from .dossiers.models import Dossier, DossierEvent
    from .dossiers.services import record
    from .sync.models import OutboxMessage

    now = clock.utcnow()
    cutoff = now - timedelta(days=app.config["PERSONAL_DATA_DAYS"])
    ended_before = (select(DossierEvent.dossier_id).where(DossierEvent.to_status.in_(ENDED),
                                                          DossierEvent.kind.in_(ENDED),
                                                          DossierEvent.at < cutoff))
    already = select(DossierEvent.dossier_id).where(DossierEvent.kind == PURGED_EVENT)
    query = select(Dossier).where(Dossier.status.in_(ENDED), Dossier.id.in_(ended_before), Dossier.id.not_in(already))
    if app.config["ROLE"] == "terminal":
        # Acknowledged: nothing about it still waits to be sent (sent messages are deleted after a while,
        # unsent ones never are).
        waiting = select(OutboxMessage.dossier_code).where(OutboxMessage.sent_at.is_(None))
        query = query.where(Dossier.code.not_in(waiting))
    purged = 0
    for dossier in db.session.scalars(query.limit(500)).all():
        scans = db.session.scalars(select(DossierDocument).where(DossierDocument.dossier_id == dossier.id)).all()
        for document in scans:
            documents.remove(document)  # its file goes once the purge commits
        dossier.answers = {}
        dossier.applicant_name = ""
        dossier.phone_last4 = ""
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.dossier_code == dossier.code,
                                                       OutboxMessage.sent_at.is_not(None)))
        record(dossier, PURGED_EVENT, "system")
        purged += 1
    db.session.commit()
    return purged


def purge_old_records(app) -> dict:
    from .auth.models import StaffSession
    from .notify.models import TextMessage
    from .security.models import FailedAttempt
    from .sync.models import OutboxMessage

    now = clock.utcnow()
    personal = now - timedelta(days=app.config["PERSONAL_DATA_DAYS"])
    counts = {
        "outbox": db.session.execute(delete(OutboxMessage).where(
            OutboxMessage.sent_at < now - timedelta(days=app.config["OUTBOX_KEEP_DAYS"]))).rowcount,
        "text_messages": db.session.execute(delete(TextMessage).where(
            TextMessage.created_at < personal, (TextMessage.sent_at.is_not(None)) | (TextMessage.attempts > 0)))
        .rowcount,
        "failed_attempts": db.session.execute(delete(FailedAttempt).where(
            FailedAttempt.at < now - timedelta(days=1))).rowcount,
        "sessions": db.session.execute(delete(StaffSession).where(
            StaffSession.last_seen < now - timedelta(seconds=app.config["STAFF_ABSOLUTE_S"], days=1))).rowcount,
    }
    db.session.commit()
    counts["sms_log_lines"] = _trim_sms_log(Path(app.instance_path) / "sms.log", personal)
    return counts


def _trim_sms_log(path: Path, before: datetime) -> int:
    """Drop the file gateway's lines older than `before` (rewritten whole, then swapped in)."""
    if not path.exists():
        return 0
    kept, dropped = [], 0
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        try:
            old = datetime.fromisoformat(json.loads(line)["at"]) < before
        except (ValueError, KeyError, TypeError):
            old = False  # not ours to judge
        if old:
            dropped += 1
        else:
            kept.append(line)
    if dropped:
        fresh = path.with_suffix(".log.new")
        fresh.write_text("".join(kept), encoding="utf-8")
        os.chmod(fresh, 0o600)
        fresh.replace(path)
    return dropped


def start_schedule(app, every_s: int = 60) -> threading.Event:
    """Purge and deliver text messages now and every `every_s` seconds until the returned event is set."""
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            try:
                counts = purge(app)
                if any(counts.values()):
                    log.info("purged %s", " ".join(f"{name}={count}" for name, count in counts.items() if count))
                with app.app_context():
                    deliver_pending()
            except Exception:  # a failed round must not kill the schedule; it is retried next round
                log.exception("scheduled round failed")
            stop.wait(every_s)

    threading.Thread(target=loop, name="purge", daemon=True).start()
    return stop

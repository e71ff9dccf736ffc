"""Personal data leaves a terminal once it is no longer needed: with the clock moved, not by waiting."""
import io
from pathlib import Path

from PIL import Image
from sqlalchemy import func, select

from kiosk.auth.models import StaffSession
from kiosk.documents import services as documents
from kiosk.dossiers import operations, services
from kiosk.dossiers.models import Dossier
from kiosk.dossiers.states import Status
from kiosk.extensions import db
from kiosk.notify.delivery import deliver_pending
from kiosk.notify.models import TextMessage
from kiosk.retention import PURGED_EVENT, purge
from kiosk.security.models import FailedAttempt
from kiosk.sync import worker
from kiosk.sync.models import OutboxMessage
from tests.loop.test_sync import file_dossiers
from tests.support import move_clock, sign_in


def _hand_over(app, code):
    with app.app_context():
        dossier = services.find_by_code(code)
        for status in (Status.RECEIVED, Status.RESULT_READY, Status.RETURNED):
            services.transition(dossier, status, "guide:lan")


def _scan(app, code):
    photo = io.BytesIO()
    Image.new("RGB", (900, 600), (200, 180, 160)).save(photo, "PNG")
    with app.test_request_context():
        dossier = services.find_by_code(code)
        document = operations.attach_scan(dossier, 0, photo.getvalue(), "guide:lan")  # on a terminal: outboxed
        return documents.files().path(document.stored_name)


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_personal_data_is_deleted_after_the_kept_days(terminal_app, guide_on_terminal, monkeypatch, time_machine):
    done, unsent = file_dossiers(terminal_app, 2)
    scan = _scan(terminal_app, done)
    with terminal_app.app_context():
        assert worker.sync_once()["sent"] == 3  # two dossiers and the scan: the centre has them
        deliver_pending()
    _hand_over(terminal_app, done)
    _hand_over(terminal_app, unsent)
    with terminal_app.app_context():  # a change the centre has not been told yet: not acknowledged
        db.session.add(OutboxMessage(dossier_code=unsent, path=f"/api/v1/dossiers/{unsent}/events",
                                     idempotency_key="event:x", body="{}"))
        db.session.commit()
    sign_in(terminal_app.test_client(), password="wrong password")
    sms_log = Path(terminal_app.instance_path) / "sms.log"
    assert "0912" in sms_log.read_text(encoding="utf-8")

    assert purge(terminal_app)["dossiers"] == 0  # today: everything is still needed
    with terminal_app.app_context():
        assert services.find_by_code(done).answers != {} and scan.exists()

    move_clock(time_machine, 31 * 86400)
    counts = purge(terminal_app)
    assert counts["dossiers"] == 1 and counts["failed_attempts"] == 1 and counts["sessions"] == 1
    with terminal_app.app_context():
        dossier = services.find_by_code(done)
        assert dossier.answers == {} and dossier.applicant_name == "" and dossier.phone_last4 == ""
        assert dossier.status == Status.RETURNED and dossier.code == done  # code, dates, status stay
        assert dossier.events[-1].kind == PURGED_EVENT
        assert not scan.exists() and documents.of_dossier(dossier) == []
        assert services.find_by_code(unsent).answers != {}  # the centre has not acknowledged all of it
        assert _count(TextMessage) == 0 and _count(FailedAttempt) == 0 and _count(StaffSession) == 0
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.sent_at.is_not(None))) == 0
        assert _count(Dossier) == 2
    log_text = sms_log.read_text(encoding="utf-8")
    assert "0912" not in log_text and "Trần" not in log_text
    assert purge(terminal_app)["dossiers"] == 0  # once

    client = terminal_app.test_client()
    sign_in(client)
    page = client.get(f"/staff/dossiers/{done}")
    assert page.status_code == 200 and "Trần Thị Mai" not in page.get_data(as_text=True)

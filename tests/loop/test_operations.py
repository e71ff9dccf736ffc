"""Every operation in the registry (kiosk.dossiers.operations.OPERATIONS), made where it is made (a ward
operation on a terminal through the guide's or the resident's pages, an officer's decision at the centre),
reaches the other side over real HTTP with its events and their data. The list is the registry itself: an
operation added without a way to perform it here, or without the centre's support (no outbox subscriber, a
kind the centre's intake refuses), fails."""
import io
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from kiosk.auth.services import create_user
from kiosk.core.clock import local_today
from kiosk.dossiers import operations, services
from kiosk.dossiers.operations import OPERATIONS
from kiosk.dossiers.states import Status
from kiosk.extensions import db
from kiosk.ratings.models import Rating
from kiosk.sync import worker
from kiosk.sync.models import OutboxMessage
from tests.support import csrf_token, file_marital_status, sign_in


class Ward:
    """A terminal with a resident's screen and a supervisor signed in at the counter, and its centre."""

    def __init__(self, terminal_app, central_app):
        self.terminal, self.centre = terminal_app, central_app
        with terminal_app.app_context():
            create_user("minh", "correct horse battery", "Nguyễn Văn Minh", role="supervisor")
        self.staff = terminal_app.test_client()
        sign_in(self.staff, "minh")
        self.resident = terminal_app.test_client()

    def file(self) -> str:
        """A dossier filed by a resident (a 15.000 ₫ fee), already at the centre."""
        self.done_page = file_marital_status(self.resident)
        self.sync()
        return self.done_page.split("/")[2]

    def post(self, code, path, data, page=None, **kwargs):
        token = csrf_token(self.staff, page or f"/staff/dossiers/{code}")
        return self.staff.post(path, data={"csrf_token": token, **data}, **kwargs)

    def decide(self, code, *statuses, data=None):
        """Officers' decisions at the centre, then the terminal's sync applies them from the feed."""
        with self.centre.app_context():
            dossier = services.find_by_code(code)
            for status in statuses:
                operations.decide(dossier, status, "officer:hoa", f"decided {status}",
                                  data=data if status == Status.SUPPLEMENT_REQUESTED else None)
        self.sync()

    def sync(self):
        with self.terminal.app_context():
            counts = worker.sync_once(force=True)
            assert counts["held"] == 0, "the centre refused a message"
            return counts


def _file(ward):
    return [ward.file()]


def _decide(ward):
    code, refused = ward.file(), ward.file()
    ward.decide(code, Status.RECEIVED, Status.SUPPLEMENT_REQUESTED, Status.RECEIVED, Status.RESULT_READY,
                data={"items": "Bản sao giấy khai sinh", "deadline": (local_today() + timedelta(days=5)).isoformat()})
    ward.decide(refused, Status.REJECTED)
    return [code, refused]


def _ready(ward):
    code = ward.file()
    ward.decide(code, Status.RECEIVED, Status.RESULT_READY)
    return code


def _hand_over(ward):
    code = _ready(ward)
    ward.post(code, f"/staff/dossiers/{code}/hand-over",
              {"collector": "applicant", "name": "Lê Thị Hoa", "id_number": "001188004512"})
    return [code]


def _pay(ward):
    code = ward.file()
    ward.post(code, f"/staff/dossiers/{code}/payment", {"method": "transfer", "confirmed": "yes"})
    return [code]


def _void_fee(ward):
    code = ward.file()
    ward.post(code, f"/staff/dossiers/{code}/payment", {"method": "cash", "confirmed": "yes"})
    ward.post(code, f"/staff/dossiers/{code}/payment/void", {"reason": "Thu nhầm số tiền", "confirmed": "yes"})
    ward.post(code, f"/staff/dossiers/{code}/payment", {"method": "cash", "confirmed": "yes"})  # paid again
    return [code]


def _attach_scan(ward):
    code = ward.file()
    photo = io.BytesIO()
    Image.new("RGB", (900, 600), (200, 180, 160)).save(photo, "PNG")
    ward.post(code, f"/staff/dossiers/{code}/documents", {"document_index": "0", "scan": (io.BytesIO(photo.getvalue()), "scan.png")},
              content_type="multipart/form-data")
    return [code]


def _apologise(ward):
    code = ward.file()
    with ward.terminal.app_context():  # late already (the due date is the engine's; this one has passed)
        services.find_by_code(code).due_on = local_today() - timedelta(days=1)
        db.session.commit()
    new_date = (local_today() + timedelta(days=7)).strftime("%d/%m/%Y")
    ward.post(code, f"/staff/dossiers/{code}/apology", {"new_date": new_date, "reason": "Chờ xác minh từ Sở Tư pháp"},
              page=f"/staff/dossiers/{code}/apology")
    return [code]


def _print_supplement_request(ward):
    code = ward.file()
    ward.decide(code, Status.RECEIVED, Status.SUPPLEMENT_REQUESTED,
                data={"items": "Ảnh 4x6", "deadline": (local_today() + timedelta(days=5)).isoformat()})
    ward.post(code, f"/staff/dossiers/{code}/supplement-slip/print", {})
    return [code]


def _print_receipt(ward):
    code = ward.file()
    token = csrf_token(ward.resident, ward.done_page)
    ward.resident.post(f"/dossiers/{code}/receipt/print", data={"csrf_token": token})  # the resident's original
    ward.post(code, f"/staff/dossiers/{code}/receipt/print", {})  # the guide's counted copy
    return [code]


def _print_fee_receipt(ward):
    code = ward.file()
    ward.post(code, f"/staff/dossiers/{code}/payment", {"method": "cash", "confirmed": "yes"})
    ward.post(code, f"/staff/dossiers/{code}/fee-receipt/print", {})
    return [code]


def _print_result_slip(ward):
    code = _hand_over(ward)[0]
    ward.post(code, f"/staff/dossiers/{code}/result-slip/print", {})
    return [code]


def _rate(ward):
    code = ward.file()  # by the resident still at the screen
    ward.resident.post("/rate", data={"csrf_token": csrf_token(ward.resident, "/rate"), "score": "2",
                                      "reasons": ["too_long", "documents"]})
    return [code]


PERFORM = {"file": _file, "decide": _decide, "hand_over": _hand_over, "pay": _pay, "void_fee": _void_fee,
           "attach_scan": _attach_scan, "apologise": _apologise, "print_supplement_request": _print_supplement_request,
           "print_receipt": _print_receipt, "print_fee_receipt": _print_fee_receipt,
           "print_result_slip": _print_result_slip, "rate": _rate}


def _history(app, codes, kinds):
    """(code, kind, data, reason) of the events of these kinds, from oldest."""
    with app.app_context():
        return [(code, event.kind, event.data, event.reason) for code in codes
                for event in services.find_by_code(code).events if event.kind in kinds]


def _ratings(app):
    with app.app_context():
        return sorted((r.occasion_key, r.occasion, r.score, r.reasons) for r in db.session.scalars(select(Rating)))


@pytest.mark.parametrize("operation", OPERATIONS.values(), ids=list(OPERATIONS))
def test_every_operation_reaches_the_other_side(operation, terminal_app, central_app):
    assert operation.name in PERFORM, f"the loop test has no way to perform {operation.name}: add one to PERFORM"
    ward = Ward(terminal_app, central_app)
    codes = PERFORM[operation.name](ward)
    ward.sync()
    made, other = (terminal_app, central_app) if operation.made_at == "ward" else (central_app, terminal_app)
    with terminal_app.app_context():
        assert db.session.scalars(select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))).all() == []
    if not operation.kinds:  # a rating names no dossier: the centre counts the same rating, once
        assert _ratings(terminal_app) and _ratings(central_app) == _ratings(terminal_app)
        return
    done = _history(made, codes, operation.kinds)
    assert {kind for _code, kind, _data, _reason in done} == set(operation.kinds), "perform every kind it records"
    received = _history(other, codes, operation.kinds)
    assert received == done  # the feed carries a decision's data too (a supplement request's deadline)

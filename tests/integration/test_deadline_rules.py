"""The rules beside the state machine are one rule each: the lists read from the database (the officers' queue,
the counter's dashboard, the figures) select exactly the dossiers the pages mark, and every "on time" is
judged on the Hanoi day."""
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import select

from kiosk.catalogue import load_catalogue
from kiosk.dossiers import services, states
from kiosk.dossiers.models import Dossier, due_soon_clause, overdue_clause
from kiosk.dossiers.states import Status
from kiosk.extensions import db
from kiosk.printing.control_slip import hand_off_line

TODAY = date(2026, 11, 30)
ANSWERS = {"full_name": "Lê Thị Hoa", "phone": "0987654321", "requester_full_name": "Lê Văn An",
           "requester_phone": "0912345678"}


def test_the_sql_lists_hold_what_the_pages_mark(app):
    with app.app_context():
        procedure = load_catalogue().get("khai-sinh")
        for n, (status, days) in enumerate((s, d) for s in Status for d in range(-2, 5)):
            dossier = services.submit(procedure, ANSWERS, submission_key=f"k{n}", actor="resident",
                                      terminal=services.Terminal("09556", 1))
            dossier.status, dossier.due_on = status, TODAY + timedelta(days=days)
        db.session.commit()
        every = db.session.scalars(select(Dossier)).all()
        for rule, clause in ((states.is_overdue, overdue_clause), (states.is_due_soon, due_soon_clause)):
            marked = {d.code for d in every if rule(d, TODAY)}
            listed = set(db.session.scalars(select(Dossier.code).where(clause(TODAY))))
            assert marked and listed == marked, rule.__name__


def test_a_hand_off_is_on_time_by_the_hanoi_day(app):
    due = date(2026, 11, 4)
    with app.test_request_context():
        def line(at):
            event = SimpleNamespace(at=at, kind=Status.RESULT_READY, to_status=Status.RESULT_READY, actor="system",
                                    reason=None, data=None)
            return hand_off_line(event, due, {"system": "Hệ thống"})

        assert line(datetime(2026, 11, 4, 17, 30)).endswith("Trễ hạn")  # 00:30 on the 5th in Hanoi
        assert line(datetime(2026, 11, 3, 18, 0)).endswith("Đúng hạn")  # 01:00 on the 4th
        assert line(datetime(2026, 11, 3, 10, 0)).endswith("Sớm hạn")

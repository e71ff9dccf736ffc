"""The guide's dashboard: one heading, a search box first (a scanned receipt QR opens the dossier), then
what waits on the counter (fees, results, papers asked for, overdue), then today's list."""
import re

from sqlalchemy import select

from kiosk.auth.services import create_user
from kiosk.dossiers.models import Dossier
from kiosk.dossiers.states import Status
from kiosk.extensions import db
from kiosk.security.signing import lookup_url
from tests.support import csrf_token, file_marital_status, sign_in


def _file(client):
    code = file_marital_status(client).split("/")[2]
    client.post("/finish", data={"csrf_token": csrf_token(client, "/lookup")})
    return code


def _set(app, code, **values):
    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.code == code))
        for name, value in values.items():
            setattr(dossier, name, value)
        db.session.commit()


def _queue(page, name):
    found = re.search(rf'<table class="table" data-queue="{name}">(.*?)</table>', page, re.S)
    return found.group(1) if found else ""


def test_search_first_then_queues_then_today_and_one_h1(client, app, guide):
    unpaid, ready = _file(client), _file(client)
    _set(app, ready, status=Status.RESULT_READY)
    sign_in(client)
    token = csrf_token(client, f"/staff/dossiers/{unpaid}")
    client.post(f"/staff/dossiers/{ready}/payment", data={"csrf_token": token, "method": "cash", "confirmed": "yes"})
    page = client.get("/staff/").get_data(as_text=True)
    main = page[page.index('<main'):]
    assert main.count("<h1") == 1
    search, queues, today = main.index('role="search"'), main.index('id="queues-title"'), main.index("Hồ sơ nộp hôm nay")
    assert search < queues < today
    assert unpaid in _queue(page, "payment") and ready not in _queue(page, "payment")  # paid: not waiting
    assert "15.000" in _queue(page, "payment")
    assert ready in _queue(page, "ready") and unpaid not in _queue(page, "ready")
    assert 'data-queue="overdue"' not in page  # nothing is overdue: no empty table
    assert "Quá hạn: <strong>0</strong>" in page


def test_a_scanned_receipt_qr_or_a_code_opens_the_dossier(client, app, guide):
    code = _file(client)
    sign_in(client)
    with app.test_request_context():
        url = lookup_url(code)
    assert client.get("/staff/find", query_string={"q": url}).headers["Location"] == f"/staff/dossiers/{code}"
    assert client.get("/staff/find", query_string={"q": code.lower()}).headers["Location"] == f"/staff/dossiers/{code}"
    forged = client.get("/staff/find", query_string={"q": url[:-3] + "abc"})
    assert forged.status_code == 200 and f'href="/staff/dossiers/{code}"' not in forged.get_data(as_text=True)


def test_search_by_name_and_phone_only_in_the_users_ward(client, app, guide):
    code = _file(client)
    with app.app_context():
        create_user("binh", "other ward pass 1", "Phạm Bình", "guide").ward_code = "00001"
        db.session.commit()
    sign_in(client)
    with app.app_context():
        name = db.session.scalar(select(Dossier.applicant_name).where(Dossier.code == code))
    by_name = client.get("/staff/find", query_string={"q": name.split()[-1].lower()}).get_data(as_text=True)
    assert code in by_name
    by_phone = client.get("/staff/find", query_string={"q": "0987 654 321"}).get_data(as_text=True)
    assert code in by_phone
    nothing = client.get("/staff/find", query_string={"q": "Không Ai Tên Này"}).get_data(as_text=True)
    assert f'href="/staff/dossiers/{code}"' not in nothing and "Không có hồ sơ nào" in nothing
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client, "/staff/")})
    sign_in(client, "binh", "other ward pass 1")
    assert code not in client.get("/staff/find", query_string={"q": name}).get_data(as_text=True)
    other = client.get("/staff/find", query_string={"q": code})  # another ward's: not opened, not listed
    assert other.status_code == 200 and f'href="/staff/dossiers/{code}"' not in other.get_data(as_text=True)

"""Guide sign-in, throttling, dashboard, reprints and assisted filing."""
import re

from sqlalchemy import select

from kiosk.auth.services import create_user
from kiosk.dossiers.models import Dossier
from kiosk.extensions import db
from tests.support import BIRTH, answer, csrf_token, move_clock, pdf_text, sign_in, start, submit


def test_sign_in_and_out(client, guide):
    response = sign_in(client)
    assert response.headers["Location"] == "/staff/"
    assert "Trần Thị Lan" in client.get("/staff/").get_data(as_text=True)
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client, "/staff/")})
    assert client.get("/staff/").status_code == 302


def test_wrong_user_and_wrong_password_look_the_same(client, guide):
    wrong_password = sign_in(client, password="nope").get_data(as_text=True)
    wrong_user = sign_in(client, username="nobody").get_data(as_text=True)
    message = "Tên đăng nhập hoặc mật khẩu không đúng."
    assert message in wrong_password and message in wrong_user


def test_session_cookie_is_renewed_at_sign_in(client, guide):
    client.get("/staff/sign-in")
    before = client.get_cookie("kiosk").value
    sign_in(client)
    assert client.get_cookie("kiosk").value != before


def test_five_failures_lock_the_account_before_the_password_is_checked(client, app, guide):
    with app.app_context():
        create_user("minh", "another good password", "Lê Văn Minh")
    for _attempt in range(5):
        sign_in(client, password="wrong")
    locked = sign_in(client).get_data(as_text=True)
    assert "Đăng nhập sai quá nhiều lần" in locked
    assert sign_in(client, username="minh", password="another good password").status_code == 302


def test_lock_lifts_after_fifteen_minutes(client, guide, time_machine):
    for _attempt in range(5):
        sign_in(client, password="wrong")
    move_clock(time_machine, 15 * 60 + 1)
    assert sign_in(client).status_code == 302


def test_staff_session_expires_when_idle(client, guide, time_machine):
    sign_in(client)
    move_clock(time_machine, 15 * 60 + 1)
    assert client.get("/staff/").status_code == 302


def file_dossier(client):
    start(client)
    for step_id, values in BIRTH.items():
        answer(client, step_id, values)
    response, _ = submit(client)
    return response.headers["Location"].split("/")[2]


def test_dashboard_lists_today_and_reprint_is_a_counted_copy(client, app, guide, tmp_path):
    code = file_dossier(client)
    token = csrf_token(client, f"/dossiers/{code}/done")
    for _tap in range(2):  # a paper jam: the resident taps again and gets the same receipt, not a copy
        printed = client.post(f"/dossiers/{code}/receipt/print", data={"csrf_token": token})
        assert printed.headers["Location"] == f"/dossiers/{code}/receipt"  # no printer: shown in the app
    assert "BẢN SAO" not in pdf_text(client.get(f"/dossiers/{code}/receipt.pdf").data, tmp_path)
    sign_in(client)
    assert code in client.get("/staff/").get_data(as_text=True)
    html = client.get(f"/staff/dossiers/{code}").get_data(as_text=True)
    assert "Nguyễn Thị Hồng Nhung" in html
    for _read in range(2):  # reading the PDF changes nothing (issue 10: GET never changes anything)
        assert client.get(f"/staff/dossiers/{code}/receipt.pdf").mimetype == "application/pdf"
    with app.app_context():
        assert db.session.scalar(select(Dossier).where(Dossier.code == code)).receipt_copies == 0
    reprint = client.post(f"/staff/dossiers/{code}/receipt/print", data={"csrf_token": csrf_token(client, "/staff/")})
    assert reprint.headers["Location"] == f"/staff/dossiers/{code}/slips/receipt"
    assert "BẢN SAO — lần in thứ 2" in pdf_text(client.get(f"/staff/dossiers/{code}/receipt.pdf").data, tmp_path)
    assert "bản sao 1" in client.get(f"/staff/dossiers/{code}").get_data(as_text=True)  # stored as "copy 1"
    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.code == code))
        assert dossier.receipt_copies == 1
        kinds = [(e.kind, e.actor) for e in dossier.events]
        assert kinds.count(("receipt_printed", "resident")) == 2
        assert ("receipt_reprinted", "guide:lan") in kinds and ("viewed", "guide:lan") in kinds


def test_assisted_mode_records_the_guide(client, app, guide):
    sign_in(client)
    client.post("/staff/assist", data={"csrf_token": csrf_token(client, "/staff/")})
    code = file_dossier(client)
    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.code == code))
        assert dossier.channel == "assisted" and dossier.guide.username == "lan"
        assert dossier.events[0].actor == "guide:lan"


def test_a_paper_dossier_typed_in_at_the_counter_is_not_online(client, app, guide):
    sign_in(client)
    client.post("/staff/counter", data={"csrf_token": csrf_token(client, "/staff/")})
    assert "chế độ quầy" in client.get("/staff/").get_data(as_text=True)
    code = file_dossier(client)
    assert "Nộp tại quầy" in client.get("/staff/").get_data(as_text=True)
    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.code == code))
        assert dossier.channel == "counter" and dossier.events[0].actor == "guide:lan"


def test_sign_in_form_errors(client):
    html = client.post("/staff/sign-in", data={"csrf_token": csrf_token(client, "/staff/sign-in")}).get_data(as_text=True)
    assert 'class="error-summary"' in html and "Nhập tên đăng nhập" in html
    assert re.search(r'href="#password"', html)


def test_absolute_limit(client, guide, time_machine):
    sign_in(client)
    for hours in range(1, 9):
        move_clock(time_machine, hours * 3600 - 60)
        client.get("/staff/")
    move_clock(time_machine, 8 * 3600 + 60)
    assert client.get("/staff/").status_code == 302


def test_late_birth_registration_is_flagged_to_staff(client, guide):
    start(client)
    answer(client, "child", {**BIRTH["child"], "child_birth_date": "01/01/2025"})
    for step_id in ("mother", "father", "requester"):
        answer(client, step_id, BIRTH[step_id])
    response, _ = submit(client)
    code = response.headers["Location"].split("/")[2]
    sign_in(client)
    html = client.get(f"/staff/dossiers/{code}").get_data(as_text=True)
    assert "Đăng ký quá hạn" in html and "thời hạn là 60 ngày" in html

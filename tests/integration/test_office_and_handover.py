"""Standalone loop: an officer processes the dossier, the guide hands the result over from the receipt's QR."""
import re

import pytest
from sqlalchemy import select

from kiosk.auth.services import create_user
from kiosk.dossiers.models import Dossier
from kiosk.extensions import db
from kiosk.security.signing import lookup_url
from tests.support import BIRTH, answer, csrf_token, pdf_text, sign_in, start, submit


@pytest.fixture
def filed(client, app):
    start(client)
    for step_id, values in BIRTH.items():
        answer(client, step_id, values)
    response, _ = submit(client)
    client.post("/finish", data={"csrf_token": csrf_token(client, "/")})
    return response.headers["Location"].split("/")[2]


@pytest.fixture
def officer(app):
    with app.app_context():
        create_user("hoa", "officer password 1", "Nguyễn Thị Hoa", "officer", "09556")
        create_user("other", "officer password 2", "Lê Văn Khác", "officer", "00001")


def act(client, code, action, **data):
    token = csrf_token(client, f"/office/dossiers/{code}")
    return client.post(f"/office/dossiers/{code}/{action}", data={"csrf_token": token, **data})


def status_of(app, code):
    with app.app_context():
        return db.session.scalar(select(Dossier.status).where(Dossier.code == code))


def test_officer_sees_only_their_agency(client, filed, officer):
    assert sign_in(client, "other", "officer password 2").headers["Location"] == "/office/"
    assert filed not in client.get("/office/").get_data(as_text=True)
    assert client.get(f"/office/dossiers/{filed}").status_code == 404
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client, "/office/")})
    sign_in(client, "hoa", "officer password 1")
    assert filed in client.get("/office/").get_data(as_text=True)


def test_guides_cannot_open_the_back_office(client, guide):
    sign_in(client)
    assert client.get("/office/").status_code == 403


def test_actions_follow_the_state_machine_with_reasons(client, app, filed, officer):
    sign_in(client, "hoa", "officer password 1")
    refused = act(client, filed, "ready", reason="Giấy khai sinh số 123")
    assert refused.status_code == 409 and "Không thể thực hiện" in refused.get_data(as_text=True)
    assert act(client, filed, "receive").status_code == 302
    no_reason = act(client, filed, "supplement")
    assert no_reason.status_code == 400 and "Ghi lý do" in no_reason.get_data(as_text=True)
    act(client, filed, "supplement", reason="Thiếu giấy chứng sinh bản chính", deadline="30/11/2026")
    assert status_of(app, filed) == "supplement_requested"
    act(client, filed, "receive")
    act(client, filed, "ready", reason="Giấy khai sinh số 123/2026")
    assert status_of(app, filed) == "result_ready"
    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.code == filed))
        history = [(e.kind, e.actor) for e in dossier.events if e.kind != "viewed"]
        assert history == [("submitted", "resident"), ("received", "officer:hoa"),
                           ("supplement_requested", "officer:hoa"), ("received", "officer:hoa"),
                           ("result_ready", "officer:hoa")]
        assert any("trước ngày 30/11/2026" in (e.reason or "") for e in dossier.events), [e.reason for e in dossier.events if e.reason]


def make_ready(client, app, code):
    sign_in(client, "hoa", "officer password 1")
    act(client, code, "receive")
    act(client, code, "ready", reason="Giấy khai sinh số 123/2026")
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client, "/office/")})


def scan(client, text):
    token = csrf_token(client, "/staff/hand-over")
    return client.post("/staff/hand-over", data={"csrf_token": token, "receipt": text})


def test_hand_over_from_the_scanned_receipt(client, app, filed, officer, guide, tmp_path):
    make_ready(client, app, filed)
    sign_in(client)
    assert filed in client.get("/staff/").get_data(as_text=True)  # waiting for the resident
    with app.test_request_context():
        url = lookup_url(filed)
    found = scan(client, url)
    assert found.headers["Location"] == f"/staff/dossiers/{filed}/hand-over"
    token = csrf_token(client, found.headers["Location"])
    missing = client.post(found.headers["Location"], data={"csrf_token": token, "collector": "applicant"})
    assert 'class="error-summary"' in missing.get_data(as_text=True)
    done = client.post(found.headers["Location"], data={"csrf_token": token, "collector": "authorised",
                                                        "name": "Nguyễn Văn Hùng", "id_number": "001092054321"})
    assert done.headers["Location"] == f"/staff/dossiers/{filed}/handed-over"
    assert status_of(app, filed) == "returned"
    text = pdf_text(client.get(f"/staff/dossiers/{filed}/result-slip.pdf").data, tmp_path)
    assert "PHIẾU TRẢ KẾT QUẢ" in text and "Nguyễn Văn Hùng" in text and "Đúng hạn" in text
    assert "001092054321" not in text and "4321" in text


def test_a_forged_or_altered_receipt_is_refused(client, app, filed, officer, guide):
    make_ready(client, app, filed)
    sign_in(client)
    with app.test_request_context():
        url = lookup_url(filed)
    altered = re.sub(r"s=(\w+)\.(.)", lambda m: f"s={m.group(1)}." + ("A" if m.group(2) != "A" else "B"), url)
    html = scan(client, altered).get_data(as_text=True)
    assert "không hợp lệ hoặc đã bị sửa" in html
    typo = filed[:-3] + ("9" if filed[-3] != "9" else "8") + filed[-2:]
    assert "gõ nhầm" in scan(client, typo).get_data(as_text=True)
    assert status_of(app, filed) == "result_ready"


def test_typed_code_works_and_not_ready_is_explained(client, app, filed, guide):
    sign_in(client)
    assert "chưa có kết quả" in scan(client, filed.lower()).get_data(as_text=True)


def test_supplement_request_slip_prints_what_is_missing(client, app, filed, officer, guide, tmp_path):
    sign_in(client, "hoa", "officer password 1")
    act(client, filed, "receive")
    act(client, filed, "supplement", reason="Thiếu giấy chứng sinh bản chính", deadline="30/11/2026")
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client, "/office/")})
    sign_in(client)
    assert "In phiếu yêu cầu bổ sung" in client.get("/staff/").get_data(as_text=True)
    text = pdf_text(client.get(f"/staff/dossiers/{filed}/supplement-slip.pdf").data, tmp_path)
    assert "PHIẾU YÊU CẦU BỔ SUNG" in text and "Thiếu giấy chứng sinh bản chính" in text


def test_overdue_dossier_prompts_an_apology_with_a_new_date(client, app, filed, guide, tmp_path):
    from datetime import date

    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.code == filed))
        dossier.due_on = date(2026, 1, 5)
        db.session.commit()
    sign_in(client)
    assert "In phiếu xin lỗi" in client.get("/staff/").get_data(as_text=True)
    token = csrf_token(client, f"/staff/dossiers/{filed}/apology")
    bad = client.post(f"/staff/dossiers/{filed}/apology", data={"csrf_token": token, "new_date": "01/01/2020",
                                                                "reason": "Chờ xác minh"})
    assert bad.status_code == 400 and "phải sau hôm nay" in bad.get_data(as_text=True)
    slip = client.post(f"/staff/dossiers/{filed}/apology", data={"csrf_token": token, "new_date": "31/12/2099",
                                                                 "reason": "Chờ xác minh tại nơi cư trú"})
    # No printer configured: the slip opens inside the app's page, framing its PDF.
    assert slip.headers["Location"] == f"/staff/dossiers/{filed}/slips/apology"
    assert f'src="/staff/dossiers/{filed}/apology.pdf"' in client.get(slip.headers["Location"]).get_data(as_text=True)
    text = pdf_text(client.get(f"/staff/dossiers/{filed}/apology.pdf").data, tmp_path)
    assert "PHIẾU XIN LỖI" in text and "31/12/2099" in text and "Chờ xác minh tại nơi cư trú" in text
    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.code == filed))
        assert dossier.events[-1].kind == "apology_issued"


def test_after_hand_over_the_resident_rates_and_the_terminal_is_cleared(client, app, filed, officer, guide):
    from kiosk.ratings.models import Rating

    make_ready(client, app, filed)
    sign_in(client)
    token = csrf_token(client, f"/staff/dossiers/{filed}/hand-over")
    client.post(f"/staff/dossiers/{filed}/hand-over", data={"csrf_token": token, "collector": "applicant",
                                                            "name": "Trần Thị Mai", "id_number": "001195012345"})
    page = client.post(f"/staff/dossiers/{filed}/rating", data={"csrf_token": csrf_token(client, "/staff/")})
    assert page.headers["Location"] == "/rate"
    client.post("/rate", data={"csrf_token": csrf_token(client, "/rate"), "score": "5"})
    assert client.get("/rate").status_code == 404  # the visit is wiped after the hand-over rating
    with app.app_context():
        assert db.session.scalar(select(Rating.occasion)) == "handover"

"""Standalone loop: an officer processes the dossier, the guide hands the result over from the receipt's QR."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from kiosk.auth.services import create_user
from kiosk.core.clock import local_today
from kiosk.dossiers.models import Dossier
from kiosk.extensions import db
from kiosk.security.signing import lookup_url
from tests.support import BIRTH, answer, csrf_token, office_act, pdf_text, sign_in, start, submit


@pytest.fixture
def filed(client, app):
    start(client)
    for step_id, values in BIRTH.items():
        answer(client, step_id, values)
    response, _ = submit(client)
    client.post("/finish", data={"csrf_token": csrf_token(client, "/lookup")})
    return response.headers["Location"].split("/")[2]


@pytest.fixture
def officer(app):
    with app.app_context():
        create_user("hoa", "officer password 1", "Nguyễn Thị Hoa", "officer", "09556")
        create_user("other", "officer password 2", "Lê Văn Khác", "officer", "00001")


act = office_act


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
    assert no_reason.status_code == 400 and "Ghi rõ giấy tờ còn thiếu" in no_reason.get_data(as_text=True)
    deadline = local_today() + timedelta(days=10)
    act(client, filed, "supplement", reason="Thiếu giấy chứng sinh bản chính", deadline=deadline.isoformat())
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
        assert any(f"trước ngày {deadline:%d/%m/%Y}" in (e.reason or "") for e in dossier.events), [e.reason for e in dossier.events if e.reason]


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
    act(client, filed, "supplement", reason="Thiếu giấy chứng sinh bản chính")
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client, "/office/")})
    sign_in(client)
    assert "In phiếu yêu cầu bổ sung" in client.get("/staff/").get_data(as_text=True)
    text = pdf_text(client.get(f"/staff/dossiers/{filed}/supplement-slip.pdf").data, tmp_path)
    assert "PHIẾU YÊU CẦU BỔ SUNG" in text and "Thiếu giấy chứng sinh bản chính" in text


def test_a_slip_without_its_event_is_neither_read_nor_printed(client, app, filed, officer, guide):
    """No hand-over yet, no supplement asked (or asked, then received): nothing to read (404), nothing to print
    (back to the dossier with the reason, and no print in the history)."""
    sign_in(client)
    for slip, why in (("result-slip", "Kết quả chưa được trả."),
                      ("supplement-slip", "Hồ sơ này không có yêu cầu bổ sung.")):
        assert client.get(f"/staff/dossiers/{filed}/{slip}.pdf").status_code == 404
        printed = client.post(f"/staff/dossiers/{filed}/{slip}/print",
                              data={"csrf_token": csrf_token(client, f"/staff/dossiers/{filed}")})
        assert printed.headers["Location"] == f"/staff/dossiers/{filed}"
        assert why in client.get(printed.headers["Location"]).get_data(as_text=True)
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client, "/staff/")})
    sign_in(client, "hoa", "officer password 1")
    for action in ("receive", "supplement", "receive"):
        act(client, filed, action, reason="Thiếu giấy chứng sinh bản chính")
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client, "/office/")})
    sign_in(client)
    assert client.get(f"/staff/dossiers/{filed}/supplement-slip.pdf").status_code == 200  # asked once: readable
    printed = client.post(f"/staff/dossiers/{filed}/supplement-slip/print",
                          data={"csrf_token": csrf_token(client, f"/staff/dossiers/{filed}")})
    assert printed.headers["Location"] == f"/staff/dossiers/{filed}"  # but no longer to print
    with app.app_context():
        kinds = [e.kind for e in db.session.scalar(select(Dossier).where(Dossier.code == filed)).events]
    assert not {"result_slip_printed", "supplement_slip_printed"} & set(kinds)


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
        dossier.events[-1].reason = "Giấy hẹn mới"  # the prose is for people: the slip reads the event's data
        db.session.commit()
    text = pdf_text(client.get(f"/staff/dossiers/{filed}/apology.pdf").data, tmp_path)
    assert "31/12/2099" in text and "Chờ xác minh tại nơi cư trú" in text


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


def _action_forms(page):
    return re.findall(r'data-action="(\w+)"', page)


def test_the_page_offers_only_what_the_status_allows_each_with_its_own_fields(client, app, filed, officer):
    sign_in(client, "hoa", "officer password 1")
    page = client.get(f"/office/dossiers/{filed}").get_data(as_text=True)
    assert _action_forms(page) == ["receive", "reject"]
    assert 'type="date"' not in page and "supplement-deadline" not in page
    act(client, filed, "receive")
    page = client.get(f"/office/dossiers/{filed}").get_data(as_text=True)
    assert _action_forms(page) == ["supplement", "reject", "ready"]
    assert re.search(r'<input[^>]*name="supplement-deadline"[^>]*type="date"', page)
    assert 'name="reject-deadline"' not in page and 'name="ready-deadline"' not in page
    # a deadline in the past is refused, the reason is kept
    past = act(client, filed, "supplement", reason="Thiếu tờ khai", deadline=(local_today() - timedelta(days=1)).isoformat())
    assert past.status_code == 400 and "không thể là ngày đã qua" in past.get_data(as_text=True)
    assert "Thiếu tờ khai" in past.get_data(as_text=True)
    # the result ready needs no reason: the resident is told to come for it, not why
    assert act(client, filed, "ready").status_code == 302 and status_of(app, filed) == "result_ready"
    page = client.get(f"/office/dossiers/{filed}").get_data(as_text=True)
    assert _action_forms(page) == [] and "Không còn việc cần làm" in page


def test_a_refusal_asks_to_confirm_showing_the_reason(client, app, filed, officer):
    sign_in(client, "hoa", "officer password 1")
    assert act(client, filed, "reject", confirm=False).status_code == 400  # the resident reads the reason: required
    asked = act(client, filed, "reject", confirm=False, reason="Người yêu cầu không cư trú tại phường")
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and status_of(app, filed) == "submitted"
    assert re.search(r'data-confirm="reason">Người yêu cầu không cư trú tại phường<', page)
    assert "Có, từ chối hồ sơ" in page and 'name="reject-confirmed" value="yes"' in page
    act(client, filed, "reject", reason="Người yêu cầu không cư trú tại phường")
    assert status_of(app, filed) == "rejected"


def test_staff_pages_have_the_staff_navigation_and_a_403_points_to_the_users_start(client, app, filed, officer, guide):
    sign_in(client, "hoa", "officer password 1")
    for path in ("/office/", f"/office/dossiers/{filed}"):
        page = client.get(path).get_data(as_text=True)
        assert 'class="staff-nav"' in page and 'action="/staff/sign-out"' in page, path
        assert 'href="/office/"' in page
    refused = client.get("/staff/")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 403 and "Tài khoản của bạn không được xem trang này" in page
    assert re.search(r'<a class="button" href="/office/">Về trang làm việc của bạn</a>', page)
    assert re.search(r"<title>Lỗi: ", page)
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client, "/office/")})
    sign_in(client)
    page = client.get("/office/").get_data(as_text=True)
    assert 'href="/staff/">Về trang làm việc' in page and 'href="/office/"' not in page
    assert re.search(r"<title>Lỗi: ", client.get("/no-such-page").get_data(as_text=True))

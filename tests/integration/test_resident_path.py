"""The resident's whole path through the Flask test client, with bad input at every step."""

import re

import pytest
from sqlalchemy import func, select

from kiosk.core import codes
from kiosk.dossiers.models import Dossier, DossierEvent
from kiosk.extensions import db
from tests.support import BIRTH, answer, csrf_token, fill_birth, start, submit


def test_home_offers_submit_and_lookup(client):
    html = client.get("/").get_data(as_text=True)
    assert "Nộp hồ sơ" in html and "Tra cứu hồ sơ" in html
    assert 'lang="vi"' in html


def test_english_switch(client):
    client.get("/lang/en?next=/")
    html = client.get("/").get_data(as_text=True)
    assert "Submit a dossier" in html and 'lang="en"' in html


def test_language_switch_refuses_foreign_redirect(client):
    response = client.get("/lang/en?next=//evil.example/")
    assert response.headers["Location"] == "/"


def _results(html: str, list_id: str = "results") -> list[str]:
    """The procedure names in one list of the page, in order: tiles or suggestions elsewhere must not count."""
    start = html.index(f'id="{list_id}"')
    return re.findall(r'class="procedure-list__link" href="[^"]+">([^<]+)</a>', html[start:html.index("</ul>", start)])


@pytest.mark.parametrize("query", ["khai sinh", "KHAI SINH", "đăng ký khai sinh", "khaisinh",
                                   "lam giay khai sinh cho con"])
def test_catalogue_search(client, query):
    results = _results(client.get("/procedures", query_string={"q": query}).get_data(as_text=True))
    assert results[0] == "Đăng ký khai sinh"
    for unrelated in ("Đổi giấy phép lái xe", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Đăng ký kết hôn"):
        assert unrelated not in results


def test_procedure_page_shows_stage_one_information(client):
    html = client.get("/procedures/xac-nhan-tinh-trang-hon-nhan").get_data(as_text=True)
    for expected in ("15.000 ₫", "3 ngày làm việc", "Nghị định số 123/2015/NĐ-CP", "Trung tâm Phục vụ hành chính công phường",
                     "Giấy tờ phải nộp", "Giấy tờ xuất trình", "CCCD hoặc hộ chiếu", "Dịch vụ công trực tuyến toàn trình"):
        assert expected in html
    # The declaration is the form filled in here; stages are today's terms (Decree 42/2022), never zeros.
    assert "Tờ khai cấp Giấy xác nhận" not in html and "Mức độ" not in html and "trên 4" not in html
    assert "0 bản" not in html


def test_unknown_procedure_is_404(client):
    assert client.get("/procedures/nope").status_code == 404


def test_step_shows_progress_and_back_link(client):
    location = start(client)
    html = client.get(location).get_data(as_text=True)
    assert "Bước 1/4" in html
    assert 'href="/procedures/khai-sinh"' in html


def test_empty_step_shows_messages_beside_fields_and_summary(client):
    start(client)
    response = answer(client, "child", {})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert 'href="#child_full_name"' in html and 'href="#child_sex-0"' in html
    assert 'id="child_full_name-error"' in html
    assert "Vui lòng điền mục “Họ, chữ đệm và tên của trẻ”." in html


@pytest.mark.parametrize("field,value,message", [
    ("mother_id_number", "12345", "Số định danh phải gồm đúng 12 chữ số."),
    ("mother_birth_date", "31/02/1995", "“Ngày sinh của mẹ” không phải là một ngày có thật."),
    ("mother_birth_date", "01/01/2099", "“Ngày sinh của mẹ” không thể là một ngày sau hôm nay."),
    ("mother_full_name", "Mai 123", "“Họ, chữ đệm và tên của mẹ” chỉ được gồm chữ cái"),
])
def test_bad_input_is_explained_and_nothing_is_lost(client, field, value, message):
    start(client)
    answer(client, "child", BIRTH["child"])
    response = answer(client, "mother", {**BIRTH["mother"], field: value})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    if field.endswith("_date"):  # a date stays in its day / month / year boxes
        day, month, year = value.split("/")
        assert all(f'name="{field}-{part}" value="{typed}"' in html
                   for part, typed in (("day", day), ("month", month), ("year", year)))
    else:
        assert f'value="{value}"' in html  # what was typed stays in the field
    assert BIRTH["mother"]["mother_residence"] in html


def test_bad_phone_number(client):
    start(client)
    for step_id in ("child", "mother", "father"):
        answer(client, step_id, BIRTH[step_id])
    html = answer(client, "requester", {**BIRTH["requester"], "requester_phone": "12345"}).get_data(as_text=True)
    assert "Nhập số điện thoại di động Việt Nam" in html


def test_answers_survive_back_and_forward(client):
    start(client)
    answer(client, "child", BIRTH["child"])
    html = client.get("/apply/child").get_data(as_text=True)
    assert 'value="Nguyễn Thị Hồng Nhung"' in html
    assert 'name="child_birth_date-day" value="01"' in html and 'name="child_birth_date-year" value="2026"' in html


def test_check_page_lists_answers_with_change_links(client):
    html = fill_birth(client).get_data(as_text=True)
    assert "Nguyễn Thị Hồng Nhung" in html and "01/11/2026" in html and "Nữ" in html
    assert 'href="/apply/mother?from=check#mother_full_name"' in html
    assert "0912345678" in html  # the phone as we normalised it


def test_change_link_returns_to_check(client):
    fill_birth(client)
    token = csrf_token(client, "/apply/child?from=check")
    response = client.post("/apply/child?from=check",
                           data={"csrf_token": token, **BIRTH["child"], "child_full_name": "Nguyễn Thị Hồng Ngọc"})
    assert response.headers["Location"] == "/apply/check"
    assert "Nguyễn Thị Hồng Ngọc" in client.get("/apply/check").get_data(as_text=True)


def test_check_redirects_to_first_unanswered_step(client):
    start(client)
    answer(client, "child", BIRTH["child"])
    assert client.get("/apply/check").headers["Location"] == "/apply/mother"


def test_declaration_is_required(client, app):
    fill_birth(client)
    response, _ = submit(client, declaration=False)
    assert response.status_code == 400
    assert "Xác nhận thông tin là đúng sự thật" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Dossier)) == 0


def test_submit_makes_one_dossier_with_code_due_date_and_event(client, app):
    fill_birth(client)
    response, data = submit(client)
    assert response.status_code == 302
    again = client.post("/apply/submit", data=data)  # the resent form
    assert again.headers["Location"] == response.headers["Location"]
    with app.app_context():
        dossiers = db.session.scalars(select(Dossier)).all()
        assert len(dossiers) == 1
        dossier = dossiers[0]
        codes.parse(dossier.code)
        assert dossier.code.startswith("09556-01-")
        assert dossier.channel == "self_service" and dossier.guide_id is None
        assert dossier.applicant_name == "Trần Thị Mai" and dossier.phone_last4 == "5678"
        assert dossier.answers["child_birth_date"] == "2026-11-01"
        assert dossier.due_on.weekday() < 5
        events = db.session.scalars(select(DossierEvent)).all()
        assert [(e.kind, e.from_status, e.to_status, e.actor) for e in events] == [
            ("submitted", None, "submitted", "resident")]
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert dossier.code in html and dossier.due_on.strftime("%d/%m/%Y") in html


def test_receipt_pdf_opens_inline(client, app):
    fill_birth(client)
    response, _ = submit(client)
    code = response.headers["Location"].split("/")[2]
    pdf = client.get(f"/dossiers/{code}/receipt.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"].startswith("inline")
    assert pdf.data.startswith(b"%PDF")
    assert client.get(f"/dossiers/{code}/receipt.pdf?paper=roll80").data.startswith(b"%PDF")


def test_finish_wipes_the_visit_and_back_shows_nothing(client, app):
    fill_birth(client)
    response, _ = submit(client)
    done_url = response.headers["Location"]
    finish = client.post("/finish", data={"csrf_token": csrf_token(client, done_url), "confirmed": "1"})
    assert finish.status_code == 302
    from kiosk.visits.models import Visit

    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Visit)) == 0
    assert client.get(done_url).status_code == 404
    assert client.get("/apply/check").headers["Location"] == "/ended"
    receipt = client.get(done_url.replace("done", "receipt.pdf"))
    assert receipt.status_code == 404


def test_personal_pages_are_not_cached(client):
    html_page = fill_birth(client)
    assert html_page.headers["Cache-Control"] == "no-store"
    assert 'autocomplete="off"' in client.get("/apply/mother").get_data(as_text=True)


def test_post_without_csrf_is_refused_politely(client):
    start(client)
    response = client.post("/apply/child", data=BIRTH["child"])
    assert response.status_code == 400
    assert "Trang này đã hết hạn" in response.get_data(as_text=True)
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_choice_outside_the_list_is_refused_with_our_message(client):
    start(client)
    html = answer(client, "child", {**BIRTH["child"], "child_sex": "other"}).get_data(as_text=True)
    assert "“Giới tính”: vui lòng chọn một trong các phương án đã nêu." in html
    assert "Not a valid choice" not in html and 'placeholder="None"' not in html


def test_english_chosen_before_starting_stays_for_the_form_and_finish_resets_it(client, app):
    client.get("/lang/en?next=/")
    location = start(client)
    html = client.get(location).get_data(as_text=True)
    assert "Step 1 of 4" in html and "Child&#39;s full name" in html
    client.post("/finish", data={"csrf_token": csrf_token(client, "/lookup")})
    assert "Nộp hồ sơ" in client.get("/").get_data(as_text=True)


def test_conditional_fields_apply_only_when_chosen(client, app):
    start(client)
    answer(client, "child", BIRTH["child"])
    answer(client, "mother", BIRTH["mother"])
    missing = answer(client, "father", {"father_declared": "yes"}).get_data(as_text=True)
    assert "Vui lòng điền mục “Họ, chữ đệm và tên của cha”." in missing
    typed_then_dropped = {**BIRTH["father"], "father_declared": "no", "father_id_number": "bad"}
    assert answer(client, "father", typed_then_dropped).status_code == 302
    html = client.get("/apply/father").get_data(as_text=True)
    assert 'data-show-if="father_declared"' in html
    answer(client, "requester", BIRTH["requester"])
    check = client.get("/apply/check").get_data(as_text=True)
    assert "Nguyễn Văn Hùng" not in check and "Chưa xác định được cha" in check


def test_id_number_must_match_the_holder(client):
    start(client)
    answer(client, "child", BIRTH["child"])
    html = answer(client, "mother", {**BIRTH["mother"], "mother_id_number": "001095012345"}).get_data(as_text=True)
    assert "không khớp với giới tính" in html
    html = answer(client, "mother", {**BIRTH["mother"], "mother_id_number": "001196012345"}).get_data(as_text=True)
    assert "không khớp với năm sinh" in html


def test_marriage_ages(client):
    start(client, "ket-hon")
    groom = {"groom_full_name": "Phạm Văn Nam", "groom_birth_date": "01/01/2010", "groom_ethnicity": "Kinh",
             "groom_id_number": "001210012345", "groom_residence": "Hà Nội", "groom_marriage_number": "first"}
    assert "chưa đủ 20 tuổi" in answer(client, "groom", groom).get_data(as_text=True)


def test_browse_by_field(client):
    html = client.get("/procedures?field=civil_status").get_data(as_text=True)
    assert 'aria-current="true">Hộ tịch' in html
    results = _results(html)
    assert "Đăng ký khai sinh" in results and "Đăng ký kết hôn" in results
    assert "Đổi giấy phép lái xe" not in results and "Chứng thực bản sao từ bản chính" not in results
    assert "Thủ tục hay dùng nhất" not in html  # the tiles open the whole catalogue, not a field
    searched = _results(client.get("/procedures?field=transport&q=bang+lai").get_data(as_text=True))
    assert searched == ["Đổi giấy phép lái xe"]
    everything = _results(client.get("/procedures?field=nonsense").get_data(as_text=True))
    assert "Đăng ký khai sinh" in everything and "Đổi giấy phép lái xe" in everything


def test_documents_checklist_prints_before_starting(client, app, tmp_path):
    from tests.support import pdf_text

    response = client.get("/procedures/khai-sinh/checklist.pdf")
    assert response.mimetype == "application/pdf"
    text = " ".join(pdf_text(response.data, tmp_path).split())
    catalogue = app.extensions["catalogue"]
    assert "GIẤY TỜ CẦN MANG THEO" in text and "Đăng ký khai sinh" in text and "Trả trong ngày" in text
    for document in catalogue.get("khai-sinh").documents:
        assert document.name.vi in text, document.name.vi
    for document in catalogue.get("ket-hon").documents:  # another procedure's papers stay off it
        if all(document.name.vi != mine.name.vi for mine in catalogue.get("khai-sinh").documents):
            assert document.name.vi not in text, document.name.vi


def test_blank_form_lists_every_field_to_fill_by_hand(client, app, tmp_path):
    from tests.support import pdf_text

    response = client.get("/procedures/khai-sinh/form.pdf")
    assert response.mimetype == "application/pdf"
    text = " ".join(pdf_text(response.data, tmp_path).split())
    for expected in ("TỜ KHAI", "Thông tin của mẹ", "Nơi cư trú của mẹ", "Giới tính (Nam / Nữ)", "(ngày/tháng/năm)"):
        assert expected in text
    for step in app.extensions["catalogue"].get("khai-sinh").steps:  # every step and field, not a sample
        assert step.title.vi in text, step.title.vi
        for field in step.fields:
            assert field.label.vi in text, field.label.vi

"""What the catalogue says reads as the law says it: time limits, papers shown or handed in, sources."""
from datetime import date

from click.testing import CliRunner

from kiosk.catalogue.facts import document_line, time_limit_text, unverified_facts
from kiosk.catalogue.loader import load_catalogue
from kiosk.cli import main
from kiosk.core.calendar import WorkingCalendar

CATALOGUE = load_catalogue()


def test_a_time_limit_in_days_ends_on_a_working_day():
    calendar = WorkingCalendar()
    # Friday 4 December 2026 + 15 days = Saturday 19 December: the period ends on Monday 21.
    assert calendar.due_on(date(2026, 12, 4), 15, "days") == date(2026, 12, 21)
    assert calendar.due_on(date(2026, 12, 4), 15, "working_days") == date(2026, 12, 25)


def test_time_limits_read_in_the_day_days_or_working_days(app):
    certified = CATALOGUE.get("chung-thuc-ban-sao")
    marital = CATALOGUE.get("xac-nhan-tinh-trang-hon-nhan")
    with app.test_request_context():
        assert time_limit_text(certified) == "Trả trong ngày (nhận sau 15 giờ: trả trong ngày làm việc tiếp theo)"
        assert time_limit_text(marital) == "3 ngày làm việc"
        days = certified.model_copy(update={"processing_days": 15, "time_unit": "days", "days_when_checked": 5})
        assert time_limit_text(days) == "15 ngày; tối đa 5 ngày làm việc nếu cần xác minh"


def test_a_paper_shown_is_not_counted_and_alternatives_are_listed(app):
    birth = CATALOGUE.get("khai-sinh")
    with app.test_request_context():
        lines = [document_line(d, "vi") for d in birth.documents]
    hospital = next(line for line in lines if line.startswith("Giấy chứng sinh"))
    assert "người làm chứng" in hospital and "giấy cam đoan" in hospital and "bỏ rơi" in hospital
    marriage = next(line for line in lines if line.startswith("Giấy chứng nhận kết hôn"))
    assert "xuất trình" in marriage and "bản sao" not in marriage


def test_the_birth_page_lists_the_marriage_certificate_as_shown(client):
    html = client.get("/procedures/khai-sinh").get_data(as_text=True)
    handed_in, shown = html.split("Giấy tờ xuất trình")
    assert "Giấy chứng sinh" in handed_in and "Giấy chứng nhận kết hôn" not in handed_in
    assert "Giấy chứng nhận kết hôn" in shown


def test_facts_without_a_checked_source_are_listed():
    certified = CATALOGUE.get("chung-thuc-ban-sao")
    assert "fee" not in unverified_facts(certified)
    birth = unverified_facts(CATALOGUE.get("khai-sinh"))
    assert "fee" in birth and "documents" not in birth  # the fee is cited, not yet checked; documents were
    result = CliRunner().invoke(main, ["catalogue", "check", "--facts"])
    assert result.exit_code == 0, result.output
    assert "khai-sinh\tfee\tLuật Hộ tịch" in result.output and "\nkhai-sinh\tdocuments" not in result.output
    assert "chung-thuc-ban-sao\tfee\t" not in result.output
    assert "facts to confirm against the legal text" in result.output


def test_corrections_of_the_review_hold(client):
    building = CATALOGUE.get("cap-giay-phep-xay-dung-nha-o-rieng-le")
    assert building.time_unit == "days" and building.processing_days == 15
    undertaking = next(d for d in building.documents if d.name.vi.startswith("Cam kết"))
    assert "tầng hầm" not in undertaking.when.vi  # whenever there is an adjoining building
    assert "Nghị định số 140/2025/NĐ-CP" in building.legal_basis
    assert "Không cần giấy phép" in client.get("/procedures/cap-giay-phep-xay-dung-nha-o-rieng-le").get_data(as_text=True)

    pavement = CATALOGUE.get("cap-phep-su-dung-tam-thoi-via-he")
    assert pavement.fee.kind == "rate" and "Luật Đường bộ số 35/2024/QH15" in pavement.legal_basis
    assert not any("100/2013" in law for law in pavement.legal_basis)
    assert "Miễn phí" not in client.get("/procedures/cap-phep-su-dung-tam-thoi-via-he").get_data(as_text=True)

    licence = CATALOGUE.get("doi-giay-phep-lai-xe")
    classes = {c.value for c in licence.fields["licence_class"].choices}
    assert {"A1", "A2", "A", "B1", "B2", "B", "C1", "C", "D", "E"} <= classes
    health = next(d for d in licence.documents if "sức khỏe" in d.name.vi)
    assert "mô tô" in health.when.vi and "Công an" in licence.summary.vi

    guide = CATALOGUE.get("cap-the-huong-dan-vien-du-lich")
    assert not guide.fields["certificate_number"].required
    diploma = next(d for d in guide.documents if d.alternatives)
    assert "chứng thực" in diploma.name.vi and "chứng chỉ" in diploma.alternatives[0].vi


NEW_PROCEDURES = {
    # what residents type at the terminal -> the procedure it must find first
    "sua giay khai sinh": "thay-doi-cai-chinh-bo-sung-ho-tich",
    "nhan con": "nhan-cha-me-con",
    "dang ky lai khai sinh": "dang-ky-lai-khai-sinh",
    "ho kinh doanh": "dang-ky-ho-kinh-doanh",
    "xac nhan don": "chung-thuc-chu-ky",
    "so yeu ly lich": "chung-thuc-chu-ky",
    "chung thuc hop dong": "chung-thuc-hop-dong",
    "nhap ho khau": "dang-ky-thuong-tru",
    "tam tru": "dang-ky-tam-tru",
}


def test_search_finds_the_new_procedures_by_the_words_people_use():
    for query, code in NEW_PROCEDURES.items():
        assert [p.code for p in CATALOGUE.search(query)][:3].count(code) == 1, query


def test_residence_registration_explains_the_steps_and_prints_them(client, tmp_path):
    from tests.support import pdf_text

    html = client.get("/procedures/dang-ky-thuong-tru").get_data(as_text=True)
    assert "VNeID" in html and "Công an phường" in html and '<ol class="how-to">' in html
    assert "/procedures/dang-ky-thuong-tru/start" not in html  # filed with the police, not here
    text = pdf_text(client.get("/procedures/dang-ky-thuong-tru/checklist.pdf").data, tmp_path)
    assert "VNeID" in text and "CT01" in text


def test_signature_certification_is_an_appointment_in_person(client):
    html = client.get("/procedures/chung-thuc-chu-ky").get_data(as_text=True)
    assert "ký trước mặt cán bộ" in html and "Trả trong ngày" in html and "10.000 ₫" in html


def test_a_marriage_reads_in_the_day_and_the_receipt_promises_the_longest_time(client, app):
    marriage = CATALOGUE.get("ket-hon")
    with app.test_request_context():
        assert time_limit_text(marriage) == "Trả trong ngày; tối đa 5 ngày làm việc nếu cần xác minh"
    assert marriage.promised_days == 5 and CATALOGUE.get("chung-thuc-ban-sao").promised_days == 0


def test_a_supervisor_reads_the_facts_to_confirm(app, client):
    from kiosk.auth.services import create_user
    from tests.support import sign_in

    with app.app_context():
        create_user("thu", "correct horse battery", "Vũ Thị Thu", role="supervisor", agency_code=None)
    sign_in(client, "thu")
    html = client.get("/reports/catalogue-facts").get_data(as_text=True)
    assert "Thông tin thủ tục cần xác minh" in html and "Đăng ký khai sinh" in html
    assert "Luật Hộ tịch số 60/2014/QH13, Điều 11" in html  # cited, not yet checked
    assert "Điều 16 khoản 1" not in html  # the birth documents were checked
    assert "Điều 4: 2.000 đồng/trang" not in html  # the certified-copy fee was checked


def test_civil_status_corrections_of_the_legal_text_hold(client):
    marriage = CATALOGUE.get("ket-hon")
    # Decree 07/2025: the ward looks marital status up; Vietnamese parents' marriage too
    assert not any("tình trạng hôn nhân" in d.name.vi for d in marriage.documents)
    parents = next(d for d in CATALOGUE.get("khai-sinh").documents if d.name.vi.startswith("Giấy chứng nhận kết hôn"))
    assert parents.shown and "người nước ngoài" in parents.when.vi

    for code in ("dang-ky-lai-ket-hon", "dang-ky-lai-khai-sinh"):  # Law on Civil Status art. 11(2): not exempt
        again = CATALOGUE.get(code)
        assert again.fee.kind == "rate" and again.fee.exemptions, code
        assert "Miễn phí" not in client.get(f"/procedures/{code}").get_data(as_text=True), code

    marital = CATALOGUE.get("xac-nhan-tinh-trang-hon-nhan")
    assert "6 tháng" in marital.result.document.vi and "thay đổi" in marital.result.document.vi
    codes = {code: CATALOGUE.get(code).national_code for code in (
        "dang-ky-giam-ho", "cham-dut-giam-ho", "nhan-cha-me-con", "dang-ky-lai-khai-sinh",
        "thay-doi-cai-chinh-bo-sung-ho-tich")}
    assert codes == {"dang-ky-giam-ho": "1.004837", "cham-dut-giam-ho": "1.004845", "nhan-cha-me-con": "1.001022",
                     "dang-ky-lai-khai-sinh": "1.004884", "thay-doi-cai-chinh-bo-sung-ho-tich": "1.004859"}

"""Every slip reads as a Vietnamese administrative paper: national header, issuing authority, number,
date line in Hanoi time, and the signature blocks of its template, on every paper and in both languages."""
import re
import subprocess
from datetime import datetime

import pytest
from flask_babel import force_locale

from kiosk.core import clock
from kiosk.printing.layout import PAPERS as PAPER_SIZES
from kiosk.printing.layout import render_slip
from kiosk.printing.official import slip_template, templates, text
from kiosk.printing.words import amount_in_words, dong_in_words, number_in_words
from tests.slip_samples import dossier, every_slip
from tests.support import pdf_text, require_tool

PAPERS = ["a5", "a4", "roll80"]
SLIPS = ["receipt", "fee_receipt", "result", "supplement", "apology", "checklist", "declaration", "resume",
         "control", "refusal"]
# 30 November, 17:30 UTC is already 1 December in Hanoi: the date line must say so.
NOW = datetime(2026, 11, 30, 17, 30)


@pytest.fixture
def slips(app, monkeypatch):
    monkeypatch.setattr(clock, "utcnow", lambda: NOW)
    built = {}
    for locale in ("vi", "en"):
        with app.test_request_context(), force_locale(locale):
            built[locale] = every_slip(app, locale)
    return built


def flat(text_: str) -> str:
    return " ".join(text_.split())


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", SLIPS)
def test_every_slip_carries_the_header_date_line_and_signatures(slips, name, paper, tmp_path):
    page = flat(pdf_text(render_slip(slips["vi"][name], paper), tmp_path))
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "UBND PHƯỜNG BA ĐÌNH",
                     "BỘ PHẬN MỘT CỬA", "Hà Nội, ngày 01 tháng 12 năm 2026", "(Ký, ghi rõ họ tên)"):
        assert expected in page, (name, paper, expected)
    assert "ngày 30 tháng 11" not in page  # the UTC date, not Hanoi's
    number = slip_template(name).get("number") or templates()["common"]["number"]
    assert text(number, "vi").partition("{")[0] in page  # "Số:", or a procedure's code on an unnumbered paper
    signatures = [text(s, "vi") for s in slip_template(name)["signatures"]]
    assert signatures and all(label in page for label in signatures), (name, paper, signatures)
    assert text(slip_template(name)["title"], "vi").split()[0] in page


@pytest.mark.parametrize("paper", ["a5", "roll80"])
def test_english_slips_carry_the_translated_header(slips, paper, tmp_path):
    page = flat(pdf_text(render_slip(slips["en"]["receipt"], paper), tmp_path))
    for expected in ("SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness", "Hà Nội, 01/12/2026",
                     "APPLICANT", "RECEIVING OFFICER", "(Signature and full name)", "Form 01 - Circular 01/2018/TT-VPCP"):
        assert expected in page
    assert "CỘNG HÒA" not in page and "NGƯỜI NỘP" not in page


def test_receipt_follows_form_01_and_names_the_applicant_under_the_signature(slips, tmp_path):
    page = flat(pdf_text(render_slip(slips["vi"]["receipt"], "a4"), tmp_path))
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in page
    assert "Mẫu số 01 - Thông tư 01/2018/TT-VPCP" in page
    assert "Số: 09556-01-261122-0007-K" in page
    assert page.index("NGƯỜI NỘP HỒ SƠ") < page.rindex("Nguyễn Thị Hồng Nhung")


def test_a_ward_can_change_the_wording_as_data(app, monkeypatch, tmp_path):
    changed = {**templates(), "slips": {**templates()["slips"], "apology": {
        **templates()["slips"]["apology"], "title": {"vi": "PHIẾU XIN LỖI (MẪU MỚI)", "en": "APOLOGY"}}}}
    monkeypatch.setattr("kiosk.printing.official.templates", lambda: changed)
    app.config.update(ISSUING_AUTHORITY="UBND phường Giảng Võ", SLIP_PLACE="Thành phố Hà Nội")
    with app.test_request_context(), force_locale("vi"):
        slip = every_slip(app)["apology"]
    page = flat(pdf_text(render_slip(slip, "a5"), tmp_path))
    assert "PHIẾU XIN LỖI (MẪU MỚI)" in page and "UBND PHƯỜNG GIẢNG VÕ" in page
    assert "Thành phố Hà Nội, ngày" in page and "BA ĐÌNH" not in page


@pytest.mark.parametrize("paper", PAPERS)
def test_fee_receipt_states_amount_in_words_form_series_and_collector(slips, paper, tmp_path):
    page = flat(pdf_text(render_slip(slips["vi"]["fee_receipt"], paper), tmp_path))
    for expected in ("BIÊN LAI THU PHÍ, LỆ PHÍ", "Bảy mươi lăm nghìn đồng", "75.000 ₫", "01BLP0-001", "BD-26P",
                     "Số: 0000123", "NGƯỜI NỘP TIỀN", "NGƯỜI THU TIỀN", "Thời điểm nộp tiền"):
        assert expected in page, expected
    assert "Thời điểm tiếp nhận" not in page  # a payment is not a dossier's reception


def test_receipt_with_a_fee_labels_both_qr_codes(app, slips, tmp_path):
    page = flat(pdf_text(render_slip(slips["vi"]["receipt"], "a5"), tmp_path))
    assert "Quét để tra cứu" in page and "Quét để chuyển khoản lệ phí" in page
    from kiosk.printing.receipt import receipt_slip
    with app.test_request_context(), force_locale("vi"):
        procedure = app.extensions["catalogue"].get("chung-thuc-ban-sao")
        free = receipt_slip(dossier(fee=0), procedure, "http://kiosk.test/l/x")
    unpaid_free = flat(pdf_text(render_slip(free, "a5"), tmp_path))
    assert "Quét để tra cứu" not in unpaid_free and "chuyển khoản" not in unpaid_free


@pytest.mark.parametrize("amount, words", [
    (0, "không"), (5, "năm"), (10, "mười"), (15, "mười lăm"), (21, "hai mươi mốt"), (24, "hai mươi tư"),
    (105, "một trăm linh năm"), (75_000, "bảy mươi lăm nghìn"), (100_000, "một trăm nghìn"),
    (1_005_000, "một triệu không trăm linh năm nghìn"), (2_500_000, "hai triệu năm trăm nghìn"),
    (1_234_567, "một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy"),
    (3_000_000_000, "ba tỷ"), (1_000_000_000_000, "một nghìn tỷ"),
])
def test_numbers_in_vietnamese_words(amount, words):
    assert number_in_words(amount) == words


def test_amount_in_words_as_a_receipt_writes_it():
    assert dong_in_words(75000) == "Bảy mươi lăm nghìn đồng"
    with pytest.raises(ValueError):
        number_in_words(-1)


@pytest.mark.parametrize("amount, words", [
    (75_000, "Seventy-five thousand dong"), (15, "Fifteen dong"), (105_000, "One hundred and five thousand dong"),
    (1_250_000, "One million two hundred and fifty thousand dong"),
])
def test_amount_in_english_words_on_an_english_receipt(amount, words):
    assert amount_in_words(amount, "en") == words
    assert amount_in_words(amount, "vi") == dong_in_words(amount)


def test_english_fee_receipt_states_the_amount_in_english(slips, tmp_path):
    page = flat(pdf_text(render_slip(slips["en"]["fee_receipt"], "a5"), tmp_path))
    assert "Seventy-five thousand dong" in page and "PAYER" in page and "COLLECTOR" in page
    assert "nghìn" not in page


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">')


def _overlap(a, b, slack=1.0) -> bool:
    # Noto Serif's boxes reach high and low for stacked Vietnamese marks: lines 1.3 apart touch by <1 pt.
    return a[0] + slack < b[2] and b[0] + slack < a[2] and a[1] + slack < b[3] and b[1] + slack < a[3]


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", SLIPS)
def test_header_and_signatures_neither_overlap_nor_leave_the_margins(slips, name, paper, tmp_path):
    require_tool("pdftotext")
    source = tmp_path / "slip.pdf"
    source.write_bytes(render_slip(slips["vi"][name], paper))
    xml = subprocess.run(["pdftotext", "-bbox", str(source), "-"], check=True, capture_output=True, text=True).stdout
    sheet = PAPER_SIZES[paper]
    for page in xml.split("<page ")[1:]:
        boxes = [tuple(map(float, m.groups())) for m in WORD.finditer(page)]
        assert all(sheet.margin - 1 <= box[0] and box[2] <= sheet.width - sheet.margin + 1 for box in boxes)
        assert not [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if _overlap(a, b)]


def test_the_control_slip_reads_a_supplement_request_from_its_data(slips, tmp_path):
    """What is missing and by when, from the event's data in the slip's language (not the officer's prose)."""
    page = flat(pdf_text(render_slip(slips["vi"]["control"], "a4"), tmp_path))
    assert "Bản sao giấy khai sinh có chứng thực" in page and "05/12/2026" in page

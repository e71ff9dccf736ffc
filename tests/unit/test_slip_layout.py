"""The slip layout as a resident holds it: Vietnamese text intact, our font embedded, nothing off the paper."""
import io
import re
import subprocess
from dataclasses import replace

import pytest
from pypdf import PdfReader

from kiosk.printing import Slip, render_slip
from kiosk.printing.layout import PAPERS
from tests.support import require_tool

NAME = "Nguyễn Thị Hồng Nhung"
CODE = "09556-01-261122-0007-K"
HEADING = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
ADDRESS = ("Số 12, ngõ 34 phố Đội Cấn, tổ dân phố số 7, phường Ba Đình, thành phố Hà Nội "
           "(gần chợ Ngọc Hà, đối diện trường tiểu học)")
RECEIPT = Slip(
    heading=HEADING,
    issuer="Phường Ba Đình",
    issuer_address="Bộ phận một cửa, UBND phường Ba Đình, số 25 phố Liễu Giai, quận Ba Đình, Hà Nội",
    code=CODE,
    code_label="Mã hồ sơ",
    qr_payload=f"http://127.0.0.1:5000/l/{CODE}?s=k1.AbCdEf0123456789abcd",
    rows=(("Thủ tục", "Đăng ký khai sinh kết hợp đăng ký thường trú và cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi"),
          ("Người nộp", NAME),
          ("Địa chỉ thường trú", ADDRESS),
          ("Ngày hẹn trả kết quả", "Thứ Hai, 23/11/2026 — buổi sáng từ 8 giờ 00 đến 11 giờ 30"),
          ("Lệ phí", "Miễn phí")),
    list_title="Giấy tờ đã nhận",
    list_items=("Tờ khai đăng ký khai sinh (theo mẫu) — 1 bản chính",
                "Giấy chứng sinh do cơ sở y tế cấp; nếu sinh ngoài cơ sở y tế thì văn bản của người làm chứng "
                "xác nhận về việc sinh — 1 bản chính",
                "Giấy chứng nhận kết hôn của cha mẹ (nếu có) — 1 bản sao"),
    notes=("Quét mã QR bằng điện thoại để theo dõi hồ sơ, hoặc tra cứu tại điểm truy cập của phường bằng "
           "mã hồ sơ và 4 số cuối điện thoại.",),
    printed_at="In lúc 22/11/2026 14:05",
)


def pypdf_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pdftotext(pdf: bytes, tmp_path, *options) -> str:
    source = tmp_path / "slip.pdf"
    source.write_bytes(pdf)
    return subprocess.run([require_tool("pdftotext"), *options, str(source), "-"],
                          capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    """Whitespace collapsed: a heading wrapped on the roll is still the heading."""
    return " ".join(text.split())


def pdf_objects(pdf: bytes):
    reader = PdfReader(io.BytesIO(pdf))
    for number in range(1, reader.trailer["/Size"]):
        found = reader.get_object(number)
        if found is not None:
            yield found


@pytest.mark.parametrize("paper", ["a5", "roll80"])
def test_pypdf_reads_the_name_code_and_heading_with_their_diacritics(paper):
    text = flat(pypdf_text(render_slip(RECEIPT, paper)))
    for expected in (NAME, CODE, HEADING, "gần chợ Ngọc Hà", "người làm chứng"):
        assert expected in text


@pytest.mark.parametrize("paper", ["a5", "roll80"])
def test_pdftotext_reads_the_name_code_and_heading_with_their_diacritics(paper, tmp_path):
    text = flat(pdftotext(render_slip(RECEIPT, paper), tmp_path))
    for expected in (NAME, CODE, HEADING, "gần chợ Ngọc Hà", "người làm chứng"):
        assert expected in text


@pytest.mark.parametrize("paper", ["a5", "a4", "roll80"])
def test_the_font_is_embedded_and_helvetica_is_not_used(paper):
    objects = [o for o in pdf_objects(render_slip(RECEIPT, paper)) if hasattr(o, "get")]
    fonts = [o for o in objects if o.get("/Type") == "/Font"]
    assert fonts
    assert not [f for f in fonts if "Helvetica" in str(f.get("/BaseFont"))]
    assert sum("/FontFile2" in o for o in objects if o.get("/Type") == "/FontDescriptor") == 2  # regular, bold


def test_the_title_names_the_slip_and_its_code():
    metadata = PdfReader(io.BytesIO(render_slip(RECEIPT))).metadata
    assert metadata.title == f"{HEADING} {CODE}"
    assert metadata.author == "Phường Ba Đình"


def test_a_copy_says_so():
    marked = replace(RECEIPT, copy_mark="BẢN SAO — lần in 2")
    for paper in ("a5", "roll80"):
        assert "BẢN SAO — lần in 2" in pypdf_text(render_slip(marked, paper))
    assert "BẢN SAO" not in pypdf_text(render_slip(RECEIPT))


def test_unknown_paper_is_refused():
    with pytest.raises(ValueError, match="letter"):
        render_slip(RECEIPT, "letter")


def test_a_long_receipt_is_one_length_of_roll():
    longer = replace(RECEIPT, list_items=RECEIPT.list_items * 8, copy_mark="BẢN SAO — lần in 3")
    pages = PdfReader(io.BytesIO(render_slip(longer, "roll80"))).pages
    assert len(pages) == 1
    assert float(pages[0].mediabox.width) == pytest.approx(80 / 25.4 * 72)


def test_a_reprinted_receipt_with_long_values_stays_on_one_a5_sheet():
    marked = replace(RECEIPT, copy_mark="BẢN SAO — lần in 2")
    assert len(PdfReader(io.BytesIO(render_slip(marked, "a5"))).pages) == 1


def test_long_values_wrap_instead_of_running_off_the_roll(tmp_path):
    long_place = "Bộ phận một cửa UBND phường — cả hai bên cùng có mặt, mang theo giấy tờ tùy thân bản chính " * 2
    text = pdftotext(render_slip(replace(RECEIPT, rows=(("Nơi nhận kết quả", long_place),)), "roll80"),
                     tmp_path, "-layout")
    assert "tùy thân" in text and max(len(line) for line in text.splitlines()) < 60


def test_a_long_slip_flows_onto_a_second_a5_sheet():
    many = replace(RECEIPT, list_items=tuple(f"Giấy tờ số {i}" for i in range(80)))
    pages = PdfReader(io.BytesIO(render_slip(many, "a5"))).pages
    assert len(pages) >= 2 and "Giấy tờ số 79" in "".join(page.extract_text() for page in pages[1:])


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">')


def word_boxes(pdf: bytes, tmp_path) -> list[tuple[float, ...]]:
    return [tuple(map(float, m.groups())) for m in WORD.finditer(pdftotext(pdf, tmp_path, "-bbox"))]


def overlap(a, b, slack=0.5) -> bool:
    return a[0] + slack < b[2] and b[0] + slack < a[2] and a[1] + slack < b[3] and b[1] + slack < a[3]


@pytest.mark.parametrize("paper", ["a5", "a4", "roll80"])
def test_every_word_lies_inside_the_margins_and_none_overlap(paper, tmp_path):
    # A procedure's long name in the code's place, as the checklist prints it.
    slip = replace(RECEIPT, code="Cấp Giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi "
                                 "điện tử công cộng", copy_mark="BẢN SAO — lần in 2")
    boxes = word_boxes(render_slip(slip, paper), tmp_path)
    sheet = PAPERS[paper]
    assert len(boxes) > 100
    assert all(sheet.margin - 1 <= box[0] and box[2] <= sheet.width - sheet.margin + 1 for box in boxes)
    assert not [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if overlap(a, b)]

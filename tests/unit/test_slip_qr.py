"""The printed QR decodes to the exact lookup URL, on every paper, from a rasterised page."""
import subprocess
from dataclasses import replace

import pytest

from kiosk.printing import Slip, qr, render_slip
from tests.support import require_tool

LOOKUP_URL = "http://127.0.0.1:5000/l/09556-01-261122-0007-K?s=k1.AbCdEf0123456789abcd"
RECEIPT = Slip(
    heading="GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    issuer="Phường Ba Đình",
    issuer_address="Bộ phận một cửa, UBND phường Ba Đình, Hà Nội",
    code="09556-01-261122-0007-K",
    code_label="Mã hồ sơ",
    qr_payload=LOOKUP_URL,
    rows=(("Người nộp", "Nguyễn Thị Hồng Nhung"), ("Ngày hẹn trả kết quả", "23/11/2026")),
    copy_mark="BẢN SAO — lần in 2",
)


def decoded(pdf: bytes, tmp_path) -> list[str]:
    """The texts of the QR codes zxing finds on the first page rasterised at 200 dpi."""
    import zxingcpp
    from PIL import Image

    source = tmp_path / "slip.pdf"
    source.write_bytes(pdf)
    subprocess.run([require_tool("pdftoppm"), "-r", "200", "-png", "-f", "1", "-l", "1", str(source),
                    str(tmp_path / "page")], check=True)
    with Image.open(next(tmp_path.glob("page*.png"))) as image:
        return sorted(result.text for result in zxingcpp.read_barcodes(image))


@pytest.mark.parametrize("paper", ["a5", "a4", "roll80"])
def test_the_printed_qr_decodes_to_the_exact_lookup_url(paper, tmp_path):
    assert decoded(render_slip(RECEIPT, paper), tmp_path) == [LOOKUP_URL]


def test_a_slip_without_a_payload_has_no_qr(tmp_path):
    assert decoded(render_slip(replace(RECEIPT, qr_payload=None)), tmp_path) == []


@pytest.mark.parametrize("paper", ["a5", "roll80"])
def test_the_fee_qr_decodes_beside_the_lookup_qr(paper, tmp_path):
    vietqr = "00020101021238570010A00000072701270006970436011300112233445566020" \
             "8QRIBFTTA53037045405500005802VN6304ABCD"
    slip = replace(RECEIPT, payment_qr=vietqr, payment_caption="Quét bằng ứng dụng ngân hàng để nộp lệ phí.")
    assert decoded(render_slip(slip, paper), tmp_path) == sorted([LOOKUP_URL, vietqr])


def test_the_dark_runs_cover_exactly_the_dark_modules():
    for row in qr.matrix(LOOKUP_URL):
        covered = {start + i for start, length in qr.dark_runs(row) for i in range(length)}
        assert covered == {i for i, dark in enumerate(row) if dark}


def test_the_matrix_is_a_square_of_a_qr_version():
    modules = qr.matrix(LOOKUP_URL)
    assert len(modules) % 4 == 1 and 21 <= len(modules) <= 177
    assert all(len(row) == len(modules) for row in modules)

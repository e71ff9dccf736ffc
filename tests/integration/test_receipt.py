"""The receipt a resident takes home: their name in Vietnamese, and a QR that opens the signed lookup."""
import subprocess
from urllib.parse import urlparse

import zxingcpp
from PIL import Image

from kiosk.core.codes import parse
from tests.support import fill_birth, pdf_text, require_tool, submit


def file_and_print(client, paper="a5"):
    fill_birth(client)
    response, _ = submit(client)
    code = response.headers["Location"].split("/")[2]
    return code, client.get(f"/dossiers/{code}/receipt.pdf?paper={paper}").data


def decode_qr(pdf: bytes, tmp_path):
    require_tool("pdftoppm")
    (tmp_path / "r.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", str(tmp_path / "r.pdf"),
                    str(tmp_path / "r")], check=True)
    return [r.text for r in zxingcpp.read_barcodes(Image.open(next(tmp_path.glob("r*.png"))))]


def test_receipt_holds_the_applicant_and_the_dossier(client, tmp_path):
    code, pdf = file_and_print(client)
    text = pdf_text(pdf, tmp_path)
    for expected in ("Trần Thị Mai", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", code, "Đăng ký khai sinh",
                     "Giấy chứng sinh do cơ sở y tế cấp", "Miễn phí", "Ngày hẹn trả kết quả"):
        assert expected in text


def test_printed_qr_is_the_signed_lookup_url_and_opens_the_status(client, tmp_path):
    code, pdf = file_and_print(client, "roll80")
    [url] = decode_qr(pdf, tmp_path)
    parsed = urlparse(url)
    assert parsed.path == f"/l/{code}" and parsed.query.startswith("s=i1.")
    parse(code)
    page = client.get(f"{parsed.path}?{parsed.query}")
    assert page.status_code == 200 and code in page.get_data(as_text=True)


def test_english_receipt_for_an_english_visit(client, tmp_path):
    client.get("/lang/en?next=/")
    _, pdf = file_and_print(client)
    text = pdf_text(pdf, tmp_path)
    assert "RECEIPT OF DOSSIER AND APPOINTMENT" in text and "Results due on" in text

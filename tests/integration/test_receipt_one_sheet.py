"""A receipt with a fee is one sheet on every paper: its signature blocks never fall onto a second sheet,
apart from what they sign, and both of its QR codes still read once rendered."""
import io
import subprocess

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from kiosk.extensions import db
from kiosk.printing import layout
from tests.support import file_marital_status, make_app, pdf_text, require_tool

BANK = {"BANK_BIN": "970436", "BANK_ACCOUNT": "0011004455667"}
SHEETS_MM = {"a5": (148, 210), "a4": (210, 297)}


def _receipt(tmp_path, paper, **config):
    app = make_app(tmp_path, RECEIPT_PAPER=paper, **config)
    with app.app_context():
        db.create_all()
    client = app.test_client()
    code = file_marital_status(client).split("/")[2]  # a 15.000 ₫ fee
    return code, client.get(f"/dossiers/{code}/receipt.pdf").data


def _render(pdf, tmp_path, name):
    """Page 1 as Chromium's neighbour would print it: a PNG (kept in tmp_path for a look)."""
    require_tool("pdftoppm")
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(source), str(tmp_path / name)], check=True)
    return Image.open(tmp_path / f"{name}.png")


@pytest.mark.parametrize("bank", [False, True], ids=["fee", "fee-and-transfer-qr"])
@pytest.mark.parametrize("paper", ["a5", "a4", "roll80"])
def test_a_receipt_with_a_fee_is_one_sheet(tmp_path, paper, bank):
    code, pdf = _receipt(tmp_path, paper, **(BANK if bank else {}))
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 1
    if paper in SHEETS_MM:  # still the sheet the printer holds, not a longer page
        size = (round(float(pages[0].mediabox.width) / 72 * 25.4), round(float(pages[0].mediabox.height) / 72 * 25.4))
        assert size == SHEETS_MM[paper]
    text = " ".join(pdf_text(pdf, tmp_path).split())  # the roll wraps the notes
    for part in ("NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "Lê Thị Hoa", "15.000 ₫", code,
                 "Mang theo giấy này và thẻ căn cước khi đến nhận kết quả."):
        assert part in text
    found = [r.text for r in zxingcpp.read_barcodes(_render(pdf, tmp_path, f"receipt-{paper}"))]
    assert any(f"/l/{code}?s=" in text for text in found)  # the lookup QR reads, even drawn smaller
    assert any(text.startswith("000201") for text in found) == bank  # and the transfer QR when there is one


def test_a_slip_that_would_shrink_too_far_flows_onto_a_second_sheet(tmp_path):
    """Shrinking has a floor: a list too long for one sheet stays legible and goes on, as before."""
    app = make_app(tmp_path)
    with app.test_request_context():
        from kiosk.printing.ward_slip import ward_slip

        slip = ward_slip("receipt", code="09556-01-261130-0001-K", code_label="Mã hồ sơ", qr_payload="x",
                         rows=(("Thủ tục", "Đăng ký khai sinh"),), list_title="Giấy tờ",
                         list_items=tuple(f"Giấy tờ số {n}" for n in range(60)))
    assert len(PdfReader(io.BytesIO(layout.render_slip(slip, "a5"))).pages) >= 2

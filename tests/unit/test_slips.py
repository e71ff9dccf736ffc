"""Slips as a resident holds them: Vietnamese text extractable, font embedded, QR decodable."""
import io
import subprocess

import pytest
from pypdf import PdfReader

from benchmarks.receipts import SAMPLE
from kiosk.printing import qr
from kiosk.printing.layout import render_slip
from tests.support import require_tool

PAPERS = ["a5", "a4", "roll80"]


def extracted(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("paper", PAPERS)
def test_vietnamese_text_survives(paper):
    text = extracted(render_slip(SAMPLE, paper))
    for expected in ("Nguyễn Thị Hồng Nhung", "GIẤY TIẾP NHẬN HỒ SƠ", "09556-01-261122-0007-K", "Giấy chứng sinh"):
        assert expected in text


@pytest.mark.parametrize("paper", PAPERS)
def test_font_is_embedded_and_helvetica_unused(paper):
    reader = PdfReader(io.BytesIO(render_slip(SAMPLE, paper)))
    fonts = [f.get_object() for f in reader.pages[0]["/Resources"]["/Font"].values()]
    assert fonts and all("Helvetica" not in str(f["/BaseFont"]) for f in fonts)
    for font in fonts:
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object()


def test_long_values_wrap_instead_of_running_off(tmp_path):
    require_tool("pdftotext")
    long_place = "Bộ phận một cửa UBND phường — cả hai bên cùng có mặt, mang theo giấy tờ tùy thân bản chính " * 2
    slip = SAMPLE.__class__(**{**SAMPLE.__dict__, "rows": (("Nơi nhận kết quả", long_place),)})
    source = tmp_path / "slip.pdf"
    source.write_bytes(render_slip(slip, "roll80"))
    text = subprocess.run(["pdftotext", "-layout", str(source), "-"], capture_output=True, text=True).stdout
    assert "tùy thân" in text and max(len(line) for line in text.splitlines()) < 60


def test_copy_mark_and_unknown_paper():
    marked = SAMPLE.__class__(**{**SAMPLE.__dict__, "copy_mark": "BẢN SAO — lần in thứ 2"})
    assert "BẢN SAO — lần in thứ 2" in extracted(render_slip(marked))
    with pytest.raises(ValueError, match="unknown paper"):
        render_slip(SAMPLE, "letter")


def test_a_long_slip_flows_onto_a_second_sheet():
    many = SAMPLE.__class__(**{**SAMPLE.__dict__, "list_items": tuple(f"Giấy tờ số {i}" for i in range(80))})
    pages = PdfReader(io.BytesIO(render_slip(many, "a5"))).pages
    assert len(pages) >= 2 and "Giấy tờ số 79" in "".join(p.extract_text() for p in pages[1:])


def test_qr_runs_cover_exactly_the_dark_modules():
    for row in qr.matrix("http://example.test/l/CODE?s=k1.x"):
        covered = {start + i for start, length in qr.dark_runs(row) for i in range(length)}
        assert covered == {i for i, dark in enumerate(row) if dark}


@pytest.mark.parametrize("paper", PAPERS)
def test_printed_qr_decodes_to_the_payload(paper, tmp_path):
    require_tool("pdftoppm")
    import zxingcpp
    from PIL import Image

    source = tmp_path / "slip.pdf"
    source.write_bytes(render_slip(SAMPLE, paper))
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", str(source), str(tmp_path / "page")],
                   check=True)
    image = Image.open(next(tmp_path.glob("page*.png")))
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [SAMPLE.qr_payload]

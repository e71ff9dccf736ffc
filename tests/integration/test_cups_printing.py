"""Receipts printed through a real CUPS queue (cups-pdf): the page the resident sees follows the job, and
the paper that comes out is 80 mm wide on the roll or A5 on a sheet, names the applicant, carries the
code, and its QR code opens the dossier. Runs in CI: a missing CUPS fails there, never skips."""
import re
import subprocess
import time

import pytest
import zxingcpp
from itsdangerous import URLSafeSerializer
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.units import mm

from kiosk.extensions import db
from tests import cups
from tests.support import csrf_token, fill_birth, make_app, sign_in, submit

APPLICANT = "Trần Thị Mai"


@pytest.fixture(scope="module")
def queue():
    return cups.start_queue()


@pytest.fixture
def printing_app(tmp_path, queue, request):
    app = make_app(tmp_path, PRINTER=queue, RECEIPT_PAPER=getattr(request, "param", "roll80"))
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()
    cups.enable()


def _filed(client):
    fill_birth(client)
    response, _ = submit(client)
    return response.headers["Location"].split("/")[2]


def _print_receipt(client, code):
    return client.post(f"/dossiers/{code}/receipt/print", data={"csrf_token": csrf_token(client, f"/dossiers/{code}/done")})


def _job_token(html):
    start = html.index('data-print-job="/print-jobs/') + len('data-print-job="/print-jobs/')
    return html[start:html.index('"', start)]


def _wait_for(client, token, wanted, timeout=60):
    deadline = time.monotonic() + timeout
    state = None
    while time.monotonic() < deadline:
        state = client.get(f"/print-jobs/{token}").get_json()["state"]
        if state == wanted:
            return
        time.sleep(0.3)
    raise AssertionError(f"the job stayed {state!r}, not {wanted!r}")


def _job_number(app, token):
    return URLSafeSerializer(app.secret_key, salt="print-job").loads(token)[1]


def _names(text, name):
    """Whether the printed text carries the name. cups-pdf prints through PostScript, which loses the
    map from glyphs back to Vietnamese letters (the paper shows them; the text layer keeps only ASCII),
    so the name is matched letter by letter with its accented letters as any single character or none."""
    pattern = "".join(re.escape(c) if c.isascii() else ".?" for c in name)
    return re.search(pattern, text) is not None


def _qr_texts(pdf_path, tmp_path):
    subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", str(pdf_path), str(tmp_path / "page")], check=True)
    return [barcode.text for barcode in zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))]


@pytest.mark.parametrize("printing_app", ["roll80", "a5"], indirect=True)
def test_the_receipt_comes_out_of_the_printer(printing_app, queue, tmp_path):
    client = printing_app.test_client()
    code = _filed(client)
    printed = _print_receipt(client, code)
    assert printed.status_code == 302 and printed.headers["Location"] == f"/dossiers/{code}/done#print-status"
    page = client.get(f"/dossiers/{code}/done").get_data(as_text=True)
    assert "Đang in giấy tiếp nhận" in page or "Giấy tiếp nhận đã in xong" in page
    token = _job_token(page)
    _wait_for(client, token, "printed")
    page = client.get(f"/dossiers/{code}/done").get_data(as_text=True)
    assert 'class="print-status print-status--printed"' in page and "Lấy giấy ở khe bên dưới" in page

    pdf_path = cups.printed_pdf(_job_number(printing_app, token))
    box = PdfReader(pdf_path).pages[0].mediabox
    if printing_app.config["RECEIPT_PAPER"] == "roll80":
        assert abs(float(box.width) - 80 * mm) < 1.5 and float(box.height) > 120 * mm
    else:
        assert abs(float(box.width) - 148 * mm) < 1.5 and abs(float(box.height) - 210 * mm) < 1.5
    text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    assert _names(text, APPLICANT) and not _names(text, "Nguyễn Văn Hùng") and code in text
    assert "B N SAO" not in text
    links = [t for t in _qr_texts(pdf_path, tmp_path) if f"/l/{code}?s=" in t]
    assert links, "the receipt's QR code did not decode to the dossier's signed link"
    status = client.get(links[0][links[0].index("/l/"):])
    assert status.status_code == 200 and code in status.get_data(as_text=True)

    # It printed: finishing does not ask again.
    finish = client.post("/finish", data={"csrf_token": csrf_token(client, f"/dossiers/{code}/done")})
    assert finish.status_code == 302 and finish.headers["Location"] == "/ended"


def test_a_stopped_queue_asks_for_the_guide_who_prints_it_again(printing_app, queue, guide):
    client = printing_app.test_client()
    code = _filed(client)
    cups.disable()
    token = _job_token(client.get(_print_receipt(client, code).headers["Location"]).get_data(as_text=True))
    _wait_for(client, token, "problem")
    page = client.get(f"/dossiers/{code}/done").get_data(as_text=True)
    assert 'class="print-status print-status--problem"' in page
    assert "nhờ cán bộ hướng dẫn" in page and "In lại giấy tiếp nhận" in page
    # Finishing now asks whether the receipt came out, and offers to print it.
    ask = client.post("/finish", data={"csrf_token": csrf_token(client, f"/dossiers/{code}/done")})
    assert ask.status_code == 303 and ask.headers["Location"] == "/finish"
    assert "Ông/bà đã nhận được giấy tiếp nhận chưa?" in client.get("/finish").get_data(as_text=True)

    cups.enable()  # the guide fixed the printer, then taps "print again" on the same page
    again = _job_token(client.get(_print_receipt(client, code).headers["Location"]).get_data(as_text=True))
    _wait_for(client, again, "printed")
    text = subprocess.run(["pdftotext", str(cups.printed_pdf(_job_number(printing_app, again))), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert code in text and "B N SAO" not in text  # still the resident's own receipt, not a copy

    # A guide's reprint from the dossier's page is a copy, and the page follows that job too.
    sign_in(client)
    reprint = client.post(f"/staff/dossiers/{code}/receipt/print", data={"csrf_token": csrf_token(client, "/staff/")})
    assert reprint.headers["Location"].startswith(f"/staff/dossiers/{code}?job=")
    staff_token = _job_token(client.get(reprint.headers["Location"]).get_data(as_text=True))
    _wait_for(client, staff_token, "printed")
    text = subprocess.run(["pdftotext", str(cups.printed_pdf(_job_number(printing_app, staff_token))), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "B N SAO" in text and "2" in text.split("B N SAO")[1][:40]


def test_a_queue_that_does_not_exist_is_a_problem_at_once(tmp_path, queue):
    app = make_app(tmp_path, PRINTER="no-such-queue", RECEIPT_PAPER="a5")
    with app.app_context():
        db.create_all()
    client = app.test_client()
    code = _filed(client)
    page = client.get(_print_receipt(client, code).headers["Location"]).get_data(as_text=True)
    assert 'class="print-status print-status--problem"' in page
    assert client.get("/print-jobs/forged-token").status_code == 404

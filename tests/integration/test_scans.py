"""Guides attach scans: checked by content, bounded, re-encoded without metadata, staff-only."""
import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from kiosk.documents.models import DossierDocument
from kiosk.extensions import db
from tests.support import BIRTH, answer, csrf_token, sign_in, start, submit


def photo_with_exif(size=(800, 600), fmt="JPEG"):
    image = Image.new("RGB", size, (200, 180, 160))
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make
    exif[0x0131] = "GPS-leaking-software"  # Software
    out = io.BytesIO()
    image.save(out, fmt, exif=exif.tobytes()) if fmt == "JPEG" else image.save(out, fmt)
    return out.getvalue()


@pytest.fixture
def dossier_code(client, guide):
    start(client)
    for step_id, values in BIRTH.items():
        answer(client, step_id, values)
    response, _ = submit(client)
    sign_in(client)
    return response.headers["Location"].split("/")[2]


def upload(client, code, data, name="scan.jpg"):
    token = csrf_token(client, f"/staff/dossiers/{code}")
    return client.post(f"/staff/dossiers/{code}/documents", content_type="multipart/form-data",
                       data={"csrf_token": token, "document_index": "1", "scan": (io.BytesIO(data), name)})


def stored_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(DossierDocument))


def test_a_photo_is_re_encoded_without_metadata_and_shown_to_staff_only(client, app, dossier_code):
    assert upload(client, dossier_code, photo_with_exif()).status_code == 302
    html = client.get(f"/staff/dossiers/{dossier_code}").get_data(as_text=True)
    link = re.search(r'href="(/staff/documents/\d+)"', html).group(1)
    served = client.get(link)
    assert served.mimetype == "image/jpeg"
    assert b"SecretCamera" not in served.data and b"Exif" not in served.data
    assert Image.open(io.BytesIO(served.data)).size == (800, 600)
    with app.app_context():
        document = db.session.scalar(select(DossierDocument))
    # The file lives in the instance folder, under a random name, out of reach of the static route.
    on_disk = Path(app.instance_path) / "documents" / document.stored_name
    assert document.stored_name != "scan.jpg" and on_disk.read_bytes() == served.data
    assert Path(app.static_folder).resolve() not in on_disk.resolve().parents
    for url in (f"/static/{document.stored_name}", f"/static/documents/{document.stored_name}",
                f"/static/../instance/documents/{document.stored_name}"):
        assert client.get(url).status_code == 404, url
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client, "/staff/")})
    assert client.get(link).status_code == 302  # to the sign-in page


def test_a_disguised_file_is_refused_and_nothing_is_stored(client, app, dossier_code):
    response = upload(client, dossier_code, b"%PDF-1.4 not really a photo" * 10, name="photo.jpg")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "không phải ảnh JPEG, PNG hoặc WebP" in html and 'class="error-summary"' in html
    assert stored_count(app) == 0


def test_an_oversized_file_is_refused_with_a_clear_message(client, app, dossier_code):
    app.config["SCAN_MAX_BYTES"] = 10_000
    response = upload(client, dossier_code, photo_with_exif(size=(2000, 2000), fmt="PNG"))
    assert "lớn hơn 10 KB" in response.get_data(as_text=True)  # the configured limit, not a fixed one
    assert stored_count(app) == 0


def png_header_only(width, height):
    """A PNG that announces its size and carries no pixels: it can only be refused from the header."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", b"") + chunk(b"IEND", b""))


def test_too_many_pixels_is_refused_before_decoding(monkeypatch):
    from PIL import ImageFile

    from kiosk.documents import scans

    def no_decoding(self):
        raise AssertionError("the scan was decoded before its size was checked")
    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    with pytest.raises(scans.ScanRefused, match="too_many_pixels"):
        scans.clean(png_header_only(4000, 3000), max_pixels=1_000_000)


def test_the_scan_is_listed_on_the_reprinted_receipt(client, dossier_code, monkeypatch):
    upload(client, dossier_code, photo_with_exif())
    captured = {}
    import kiosk.printing.receipt as receipt

    real = receipt.render_slip
    monkeypatch.setattr(receipt, "render_slip", lambda slip, paper: captured.setdefault("slip", slip) and real(slip, paper))
    client.get(f"/staff/dossiers/{dossier_code}/receipt.pdf")
    assert any(item.startswith("Đã quét: Giấy chứng sinh") for item in captured["slip"].list_items)

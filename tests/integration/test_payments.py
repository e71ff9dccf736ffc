"""A stage-4 fee: VietQR shown to the resident, confirmed by the guide once, a numbered fee receipt."""
import base64
import re
import subprocess

import zxingcpp
from PIL import Image
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.payments import vietqr
from kiosk.payments.models import Payment
from tests.support import (
    BIRTH,
    answer,
    csrf_token,
    file_marital_status,
    pdf_text,
    require_tool,
    sign_in,
    start,
    submit,
)


def test_the_resident_sees_a_vietqr_for_the_fee(client, app, tmp_path):
    app.config.update(BANK_BIN="970436", BANK_ACCOUNT="0011001234567")
    done = file_marital_status(client)
    code = done.split("/")[2]
    html = client.get(done).get_data(as_text=True)
    data_uri = re.search(r'src="data:image/png;base64,([^"]+)"', html).group(1)
    (tmp_path / "qr.png").write_bytes(base64.b64decode(data_uri))
    [text] = [r.text for r in zxingcpp.read_barcodes(Image.open(tmp_path / "qr.png"))]
    fields = vietqr.parse(text)
    assert fields["54"] == "15000" and fields["62"].endswith(code)


def test_no_qr_without_a_bank_account(client):
    assert "data:image/png" not in client.get(file_marital_status(client)).get_data(as_text=True)


def test_guide_confirms_once_and_prints_a_numbered_receipt(client, app, guide, tmp_path):
    code = file_marital_status(client).split("/")[2]
    sign_in(client)
    token = csrf_token(client, f"/staff/dossiers/{code}")
    asked = client.post(f"/staff/dossiers/{code}/payment", data={"csrf_token": token, "method": "cash"})
    assert asked.status_code == 200 and 'data-confirm="amount">15.000' in asked.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Payment)).all() == []  # nothing recorded before the guide confirms
    client.post(f"/staff/dossiers/{code}/payment",
                data={"csrf_token": token, "method": "cash", "amount": "1", "confirmed": "yes"})
    again = client.post(f"/staff/dossiers/{code}/payment", data={"csrf_token": token, "method": "transfer"},
                        follow_redirects=True)
    assert "không thể thu hai lần" in again.get_data(as_text=True)
    assert "15000 đ (Tiền mặt)" in again.get_data(as_text=True)  # the history's note, stored with "(cash)"
    with app.app_context():
        [payment] = db.session.scalars(select(Payment)).all()
        assert payment.amount == 15000 and payment.method == "cash"  # the browser's amount is ignored
        assert re.fullmatch(r"BL-09556-\d{4}-000001", payment.receipt_no)
    text = pdf_text(client.get(f"/staff/dossiers/{code}/fee-receipt.pdf").data, tmp_path)
    assert "BIÊN LAI THU PHÍ" in text and "15.000 ₫" in text and payment.receipt_no in text


def test_a_free_dossier_cannot_be_paid(client, app, guide):
    start(client)
    for step_id, values in BIRTH.items():
        answer(client, step_id, values)
    response, _ = submit(client)
    code = response.headers["Location"].split("/")[2]
    sign_in(client)
    token = csrf_token(client, f"/staff/dossiers/{code}")
    page = client.post(f"/staff/dossiers/{code}/payment", data={"csrf_token": token, "method": "cash"},
                       follow_redirects=True)
    assert "không phải nộp phí" in page.get_data(as_text=True)


def _codes_on(pdf, tmp_path, name):
    """Every QR code on a printed PDF, read back from a 200 dpi rendering."""
    require_tool("pdftoppm")
    (tmp_path / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)], check=True)
    return {r.text for page in sorted(tmp_path.glob(f"{name}*.png")) for r in zxingcpp.read_barcodes(Image.open(page))}


def test_the_receipt_carries_the_vietqr_until_paid(client, app, guide, tmp_path):
    app.config.update(BANK_BIN="970436", BANK_ACCOUNT="0011001234567")
    code = file_marital_status(client).split("/")[2]
    found = _codes_on(client.get(f"/dossiers/{code}/receipt.pdf").data, tmp_path, "unpaid")
    vietqrs = [text for text in found if text.startswith("000201")]
    assert len(vietqrs) == 1 and vietqr.parse(vietqrs[0])["54"] == "15000"
    assert any(f"/l/{code}" in text for text in found)

    sign_in(client)
    token = csrf_token(client, f"/staff/dossiers/{code}")
    client.post(f"/staff/dossiers/{code}/payment", data={"csrf_token": token, "method": "cash", "confirmed": "yes"})
    reprint = client.get(f"/staff/dossiers/{code}/receipt.pdf")
    assert reprint.status_code == 200
    found = _codes_on(reprint.data, tmp_path, "paid")
    assert not [text for text in found if text.startswith("000201")]  # nothing left to pay: no payment QR
    assert any(f"/l/{code}" in text for text in found)  # the lookup QR stays

def test_a_supervisor_voids_a_fee_receipt_with_a_reason_after_confirming(client, app, guide):
    from kiosk.auth.services import create_user
    from kiosk.dossiers.models import Dossier, DossierEvent
    from kiosk.payments.models import VoidedFeeReceipt

    with app.app_context():
        create_user("mai", "supervisor password 1", "Đỗ Thị Mai", "supervisor", "09556").ward_code = "09556"
        db.session.commit()
    code = file_marital_status(client).split("/")[2]
    sign_in(client)
    token = csrf_token(client, f"/staff/dossiers/{code}")
    client.post(f"/staff/dossiers/{code}/payment", data={"csrf_token": token, "method": "cash", "confirmed": "yes"})
    page = client.get(f"/staff/dossiers/{code}").get_data(as_text=True)
    assert "/payment/void" not in page  # a guide cannot void
    assert client.post(f"/staff/dossiers/{code}/payment/void",
                       data={"csrf_token": token, "reason": "x", "confirmed": "yes"}).status_code == 403
    client.post("/staff/sign-out", data={"csrf_token": token})
    sign_in(client, "mai", "supervisor password 1")
    token = csrf_token(client, f"/staff/dossiers/{code}")
    assert "/payment/void" in client.get(f"/staff/dossiers/{code}").get_data(as_text=True)
    no_reason = client.post(f"/staff/dossiers/{code}/payment/void", data={"csrf_token": token, "confirmed": "yes"},
                            follow_redirects=True)
    assert "Ghi lý do hủy biên lai" in no_reason.get_data(as_text=True)
    asked = client.post(f"/staff/dossiers/{code}/payment/void", data={"csrf_token": token, "reason": "Thu nhầm hồ sơ"})
    body = asked.get_data(as_text=True)
    assert 'data-confirm="amount">15.000' in body and 'data-confirm="reason">Thu nhầm hồ sơ<' in body
    with app.app_context():
        assert db.session.scalar(select(Payment)) is not None  # not yet
    client.post(f"/staff/dossiers/{code}/payment/void",
                data={"csrf_token": token, "reason": "Thu nhầm hồ sơ", "confirmed": "yes"})
    with app.app_context():
        assert db.session.scalar(select(Payment)) is None
        voided = db.session.scalar(select(VoidedFeeReceipt))
        assert voided.amount == 15000 and voided.reason == "Thu nhầm hồ sơ" and voided.voided_by == "supervisor:mai"
        dossier = db.session.scalar(select(Dossier).where(Dossier.code == code))
        event = db.session.scalar(select(DossierEvent).where(DossierEvent.dossier_id == dossier.id,
                                                             DossierEvent.kind == "fee_receipt_voided"))
        assert event.reason == f"{voided.receipt_no}: Thu nhầm hồ sơ"
    page = client.get(f"/staff/dossiers/{code}").get_data(as_text=True)
    assert "Đã hủy biên lai" in page and "Hủy biên lai thu phí" in page  # the line, and the history's label
    # paid again: a new receipt number, the voided one is never reused
    client.post(f"/staff/dossiers/{code}/payment", data={"csrf_token": token, "method": "transfer", "confirmed": "yes"})
    with app.app_context():
        assert db.session.scalar(select(Payment)).receipt_no.endswith("000002")

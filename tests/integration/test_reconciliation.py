"""A supervisor reconciles a bank statement: matched, unmatched and wrong-amount transfers."""
import io
import re

from sqlalchemy import select

from kiosk.auth.services import create_user
from kiosk.extensions import db
from kiosk.payments.models import Payment
from tests.support import csrf_token, file_marital_status, sign_in


def file_fee_dossier(client):
    code = file_marital_status(client).split("/")[2]
    client.post("/finish", data={"csrf_token": csrf_token(client, "/lookup")})
    return code


def upload(client, text):
    token = csrf_token(client, "/staff/reconciliation")
    return client.post("/staff/reconciliation", content_type="multipart/form-data",
                       data={"csrf_token": token, "statement": (io.BytesIO(text.encode()), "sao-ke.csv")})


def test_statement_lines_are_matched_by_dossier_code(client, app):
    first, second = file_fee_dossier(client), file_fee_dossier(client)
    with app.app_context():
        create_user("thu", "supervisor password", "Đỗ Thị Thu", "supervisor")
    sign_in(client, "thu", "supervisor password")
    statement = ("date,amount,description\n"
                 f"22/11/2026,15000,CK le phi {first.replace('-', '')}\n"
                 f"22/11/2026,\"10.000\",NOP PHI {second}\n"
                 "22/11/2026,50000,Chuyen tien an trua\n")
    html = upload(client, statement).get_data(as_text=True)
    assert html.count("Khớp") >= 1 and "Lệch số tiền" in html and "phải là 15.000 ₫" in html
    assert "Không có hồ sơ" in html and first in html


def test_a_bad_statement_is_explained(client, app):
    with app.app_context():
        create_user("thu", "supervisor password", "Đỗ Thị Thu", "supervisor")
    sign_in(client, "thu", "supervisor password")
    response = upload(client, "ngay;tien\n1;2\n")
    assert response.status_code == 400 and "Ngày giao dịch" in response.get_data(as_text=True)


def test_guides_cannot_reconcile(client, guide):
    sign_in(client)
    assert client.get("/staff/reconciliation").status_code == 403


def test_a_vietnamese_bank_statement_is_read_and_matched_rows_confirmed_as_paid(client, app):
    first, second = file_fee_dossier(client), file_fee_dossier(client)
    with app.app_context():
        create_user("thu", "supervisor password", "Đỗ Thị Thu", "supervisor")
    sign_in(client, "thu", "supervisor password")
    # as a Vietnamese-locale bank export: semicolons, accented headers, amounts with a decimal comma
    statement = ("STT;Ngày giao dịch;Số tham chiếu;Số tiền;Mô tả\n"
                 f"1;22/11/2026;FT2632600001;15.000,00;CK le phi {first}\n"
                 f"2;22/11/2026;FT2632600002;10.000,00;NOP PHI {second}\n")
    html = upload(client, statement).get_data(as_text=True)
    assert "FT2632600001" in html and "Lệch số tiền" in html
    ticked = re.findall(r'<input type="checkbox" name="code" value="([^"]+)"', html)
    assert ticked == [f"{first}|15000"]  # only the matched row can be recorded
    token = csrf_token(client, "/staff/reconciliation")
    done = client.post("/staff/reconciliation/confirm",
                       data={"csrf_token": token, "code": [f"{first}|15000", f"{second}|10000"]},
                       follow_redirects=True).get_data(as_text=True)
    assert "Đã ghi nhận đã nộp qua chuyển khoản: BL-09556-" in done
    with app.app_context():
        [payment] = db.session.scalars(select(Payment)).all()
        assert payment.method == "transfer" and payment.amount == 15000
    again = upload(client, statement).get_data(as_text=True)
    assert 'name="code"' not in again and "đã nộp" in again


def test_statement_columns_in_vietnamese_and_english():
    from kiosk.payments.reconciliation import StatementError, reconcile

    for header in ("Ngày giao dịch,Số tiền,Nội dung", "ngay giao dich,so tien,noi dung giao dich",
                   "Date,Amount,Description", "Ngày GD;Số tiền ghi có;Diễn giải"):
        sep = ";" if ";" in header else ","
        [line] = reconcile(f"{header}\n01/11/2026{sep}15.000{sep}x\n".encode(), find=lambda code: None)
        assert line.amount == 15000 and line.outcome == "unmatched"
    try:
        reconcile("Ngày;Tiền\n1;2\n".encode(), find=lambda code: None)
    except StatementError as error:
        assert error.reason == "columns"
    else:
        raise AssertionError("a statement without its columns must be refused")

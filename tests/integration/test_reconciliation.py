"""A supervisor reconciles a bank statement: matched, unmatched and wrong-amount transfers."""
import io

from kiosk.auth.services import create_user
from tests.support import csrf_token, file_marital_status, sign_in


def file_fee_dossier(client):
    code = file_marital_status(client).split("/")[2]
    client.post("/finish", data={"csrf_token": csrf_token(client, "/")})
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
    assert response.status_code == 400 and "date, amount và description" in response.get_data(as_text=True)


def test_guides_cannot_reconcile(client, guide):
    sign_in(client)
    assert client.get("/staff/reconciliation").status_code == 403

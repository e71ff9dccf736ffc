"""Each event keeps typed data, read by kind in the reader's language; nothing is parsed back from sentences."""
from sqlalchemy import select

from kiosk.auth.services import create_user
from kiosk.dossiers.models import Dossier, DossierEvent
from kiosk.extensions import db
from tests.support import csrf_token, file_marital_status, pdf_text, sign_in


def act(client, code, action, **data):
    token = csrf_token(client, f"/office/dossiers/{code}")
    fields = {f"{action}-{name}": value for name, value in data.items()}  # each action's form is prefixed
    return client.post(f"/office/dossiers/{code}/{action}",
                       data={"csrf_token": token, f"{action}-confirmed": "yes", **fields})


def events_of(app, code):
    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.code == code))
        return [(e.kind, e.data) for e in dossier.events if e.kind != "viewed"]


def test_every_operation_records_its_data_and_the_history_reads_it_in_each_language(client, app, guide,
                                                                                     tmp_path):
    with app.app_context():
        create_user("hoa", "officer password 1", "Nguyễn Thị Hoa", "officer", "09556")
    code = file_marital_status(client).split("/")[2]
    client.post("/finish", data={"csrf_token": csrf_token(client, "/lookup"), "confirmed": "1"})
    sign_in(client, "hoa", "officer password 1")
    act(client, code, "receive")
    act(client, code, "supplement", reason="Thiếu ảnh 4x6", deadline="2026-12-05")
    act(client, code, "receive")
    act(client, code, "ready", reason="Giấy xác nhận số 7/2026")
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client, "/office/")})
    sign_in(client)
    token = csrf_token(client, f"/staff/dossiers/{code}")
    client.post(f"/staff/dossiers/{code}/receipt/print", data={"csrf_token": token})  # the first paper
    client.post(f"/staff/dossiers/{code}/receipt/print", data={"csrf_token": token})  # a guide's reprint: a copy
    client.post(f"/staff/dossiers/{code}/payment", data={"csrf_token": token, "method": "transfer", "confirmed": "yes"})
    client.post(f"/staff/dossiers/{code}/hand-over", data={
        "csrf_token": token, "collector": "authorised", "name": "Nguyễn Văn Hùng", "id_number": "001092054321"})

    data = dict(events_of(app, code))
    assert data["receipt_reprinted"] == {"copy": 1}
    assert data["supplement_requested"] == {"items": "Thiếu ảnh 4x6", "deadline": "2026-12-05"}
    assert data["fee_paid"]["amount"] == 15000 and data["fee_paid"]["method"] == "transfer"
    assert data["returned"] == {"on_time": True, "collector": {"kind": "authorised", "name": "Nguyễn Văn Hùng",
                                                                "id_last4": "4321"}}

    # The sentences stored beside the data are not what readers read: garble them, the history and slip hold.
    with app.app_context():
        for event in db.session.scalars(select(DossierEvent)):
            event.reason = "???" if event.data else event.reason
        db.session.commit()
    html = client.get(f"/staff/dossiers/{code}").get_data(as_text=True)
    for note in ("bản sao 1", "Thiếu ảnh 4x6 — trước ngày 05/12/2026", "15000 đ (Chuyển khoản",
                 "Đúng hạn; người nhận: Nguyễn Văn Hùng (ID …4321) — người được ủy quyền"):
        assert note in html, note
    assert "???" not in html
    client.get(f"/lang/en?next=/staff/dossiers/{code}")
    html = client.get(f"/staff/dossiers/{code}").get_data(as_text=True)
    for note in ("copy 1", "Thiếu ảnh 4x6 — by 05/12/2026", "15000 đ (Bank transfer",
                 "On time; collected by Nguyễn Văn Hùng (ID …4321) — an authorised person"):
        assert note in html, note
    slip = pdf_text(client.get(f"/staff/dossiers/{code}/result-slip.pdf").data, tmp_path)
    assert "Nguyễn Văn Hùng (ID …4321)" in slip and "Đúng hạn" in " ".join(slip.split())

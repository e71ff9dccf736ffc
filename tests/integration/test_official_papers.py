"""The two one-stop papers the product lacked: the process control slip (Mẫu 02) a guide prints for a
dossier, and the dossier logbook (Mẫu 06) a supervisor exports for a ward and period."""
import csv
import io
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from kiosk.auth.services import create_user
from kiosk.catalogue import load_catalogue
from kiosk.dossiers import services
from kiosk.dossiers.models import DossierEvent
from kiosk.dossiers.states import Status
from kiosk.extensions import db
from kiosk.printing.official import slip_template
from tests.support import pdf_text, sign_in

CATALOGUE = load_catalogue()
ANSWERS = {"full_name": "Lê Thị Hoa", "phone": "0987654321", "residence": "12 Đội Cấn, Hà Nội",
           "requester_full_name": "Lê Văn An", "requester_phone": "0912345678"}


def _clock_at(monkeypatch, moment):
    for module in ("kiosk.core.clock", "kiosk.dossiers.services"):
        monkeypatch.setattr(f"{module}.utcnow", lambda: moment)


def _file(monkeypatch, ward, at, key, then=()):
    _clock_at(monkeypatch, at)
    dossier = services.submit(CATALOGUE.get("xac-nhan-tinh-trang-hon-nhan"), ANSWERS, submission_key=key,
                              terminal=services.Terminal(ward, 1), actor="resident")
    for hours, status in then:
        _clock_at(monkeypatch, at + timedelta(hours=hours))
        services.transition(dossier, status, "officer:binh",
                            reason="Giấy tờ không thuộc thẩm quyền của phường" if status == Status.REJECTED else None)
    return dossier.code


@pytest.fixture
def filed(app, monkeypatch):
    with app.app_context():
        create_user("lan", "correct horse battery", "Trần Thị Lan")
        create_user("thu", "supervisor password", "Đỗ Thị Thu", "supervisor", "09556")
        create_user("binh", "officer password 1", "Phạm Văn Bình", "officer", "09556")
        codes = {
            "returned": _file(monkeypatch, "09556", datetime(2026, 11, 3, 2), "a",
                              ((2, Status.RECEIVED), (26, Status.RESULT_READY), (50, Status.RETURNED))),
            "open": _file(monkeypatch, "09556", datetime(2026, 11, 20, 2), "b"),
            "other_ward": _file(monkeypatch, "00004", datetime(2026, 11, 4, 2), "c"),
            "rejected": _file(monkeypatch, "09556", datetime(2026, 11, 5, 2), "e",
                              ((2, Status.RECEIVED), (3, Status.REJECTED))),
            "october": _file(monkeypatch, "09556", datetime(2026, 10, 30, 2), "d"),
        }
    monkeypatch.undo()
    return codes


def test_a_guide_prints_the_process_control_slip_with_the_hand_offs(app, client, filed, tmp_path):
    sign_in(client)
    code = filed["returned"]
    assert "/slips/control-slip" in client.get(f"/staff/dossiers/{code}").get_data(as_text=True)  # in the app, same tab
    response = client.get(f"/staff/dossiers/{code}/control-slip.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    page = " ".join(pdf_text(response.data, tmp_path).split())
    for expected in ("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "Mẫu số 02 - Thông tư 01/2018/TT-VPCP",
                     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", f"Số: {code}", "NGƯỜI GIAO", "NGƯỜI NHẬN",
                     "03/11/2026 11:00", "03/11/2026 09:00", "bởi Phạm Văn Bình", "Sớm hạn", "Cơ quan giải quyết"):
        assert expected in page, expected
    assert "binh" not in page and "officer:" not in page  # the officer's full name, never the username and page.count("Đã trả kết quả") == 1  # events that only saw a status: not hand-offs
    with app.app_context():
        kinds = db.session.scalars(select(DossierEvent.kind).join(DossierEvent.dossier)
                                   .where(DossierEvent.kind == "control_slip_printed")).all()
    assert kinds == []  # a GET changes nothing, not even the history (issue 10)


def test_a_guide_prints_the_refusal_slip_of_a_rejected_dossier_only(app, client, filed, tmp_path):
    sign_in(client)
    response = client.get(f"/staff/dossiers/{filed['rejected']}/refusal-slip.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    page = " ".join(pdf_text(response.data, tmp_path).split())
    for expected in ("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "Mẫu số 04 - Thông tư 01/2018/TT-VPCP",
                     "Giấy tờ không thuộc thẩm quyền của phường", "NGƯỜI TIẾP NHẬN HỒ SƠ", "Hà Nội, ngày"):
        assert expected in page, expected
    refused = client.get(f"/staff/dossiers/{filed['open']}/refusal-slip.pdf")
    assert refused.status_code == 302 and refused.headers["Location"].endswith(f"/staff/dossiers/{filed['open']}")


def _sheet_rows(data):
    rows = [list(r) for r in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]
    start = next(i for i, row in enumerate(rows) if "Mã hồ sơ" in row)  # past any title rows
    return rows[start], rows[start + 1:]


def test_a_supervisor_exports_the_logbook_of_their_ward_and_period(client, filed):
    sign_in(client, "thu", "supervisor password")
    period = "from=01/11/2026&to=30/11/2026&ward=00004"  # a supervisor gets their own ward whatever is asked
    xlsx = client.get(f"/reports/logbook.xlsx?{period}")
    assert xlsx.status_code == 200 and "so-theo-doi-09556-20261101-20261130.xlsx" in xlsx.headers["Content-Disposition"]
    header, rows = _sheet_rows(xlsx.data)
    assert header == [c["vi"] for c in slip_template("logbook")["columns"]]
    assert [row[1] for row in rows] == [filed["returned"], filed["rejected"], filed["open"]]
    returned = dict(zip(header, rows[0], strict=True))
    assert returned["STT"] == 1 and returned["Số lượng hồ sơ (bộ)"] == 1
    assert returned["Tên cá nhân, tổ chức"] == "Lê Thị Hoa" and "…4321" in returned["Địa chỉ, số điện thoại"]
    assert returned["Nhận hồ sơ vào (giờ, ngày)"] == "03/11/2026 09:00"
    assert returned["Chuyển hồ sơ đến cơ quan giải quyết"] == "03/11/2026 11:00"
    assert returned["Trả kết quả (giờ, ngày)"] == "05/11/2026 11:00"
    assert dict(zip(header, rows[2], strict=True))["Trả kết quả (giờ, ngày)"] in ("", None)
    text = client.get(f"/reports/logbook.csv?{period}").data.decode("utf-8-sig")
    assert filed["returned"] in text and filed["open"] in text
    assert filed["other_ward"] not in text and filed["october"] not in text
    assert "Cơ quan chủ trì giải quyết" in next(csv.reader(io.StringIO(text), delimiter=";" if ";" in text.split("\n")[0] else ","))[6]
    assert client.get("/reports/logbook.pdf").status_code == 404


def test_guides_may_not_export_the_logbook(client, filed):
    sign_in(client)
    assert client.get("/reports/logbook.csv").status_code == 403

"""Figures on a generated data set, against expectations counted independently; exports match the screen."""
import io
import random
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook

from kiosk.auth.services import create_user
from kiosk.catalogue import load_catalogue
from kiosk.dossiers import services
from kiosk.dossiers.states import Status
from kiosk.extensions import db
from kiosk.payments.models import Payment
from kiosk.ratings.models import Rating
from kiosk.reports.figures import compute
from tests.support import sign_in

CATALOGUE = load_catalogue()
ANSWERS = {"full_name": "Lê Thị Hoa", "phone": "0987654321", "requester_full_name": "Lê Văn An",
           "requester_phone": "0912345678"}


@pytest.fixture
def data_set(app):
    """60 dossiers over November 2026 in two wards, some returned on time, some late, some open."""
    rng = random.Random(7)
    expected = {"total": 0, "returned": 0, "on_time": 0, "fees": 0, "scores": [], "by_status": {}}
    with app.app_context():
        for n in range(60):
            ward = "09556" if n % 3 else "00004"
            procedure = CATALOGUE.get("xac-nhan-tinh-trang-hon-nhan" if n % 2 else "khai-sinh")
            dossier = services.submit(procedure, ANSWERS, submission_key=f"k{n}",
                                      terminal=services.Terminal(ward, 1), actor="resident")
            filed = datetime(2026, 11, 2, 2) + timedelta(days=n % 20)
            dossier.submitted_at, dossier.due_on = filed, filed.date() + timedelta(days=3)
            outcome = rng.choice(["open", "on_time", "late"])
            if outcome != "open":
                for status in (Status.RECEIVED, Status.RESULT_READY, Status.RETURNED):
                    event = services.transition(dossier, status, "officer:x", commit=False)
                event.at = filed + timedelta(days=2 if outcome == "on_time" else 6)
            if dossier.fee and n % 4 == 1:
                db.session.add(Payment(dossier_id=dossier.id, method="cash", amount=dossier.fee,
                                       receipt_no=f"BL-{n}", received_by="x", paid_at=filed))
            if n % 5 == 0:
                db.session.add(Rating(occasion_key=f"r{n}", occasion="handover", procedure_code=procedure.code,
                                      ward_code=ward, channel="self_service", score=1 + n % 5, reasons=[],
                                      rated_on=filed.date()))
            db.session.commit()
            if ward == "09556":
                expected["total"] += 1
                expected["by_status"][dossier.status] = expected["by_status"].get(dossier.status, 0) + 1
                expected["returned"] += outcome != "open"
                expected["on_time"] += outcome == "on_time"
                expected["fees"] += dossier.fee if dossier.fee and n % 4 == 1 else 0
                if n % 5 == 0:
                    expected["scores"].append(1 + n % 5)
    return expected


def test_ward_figures_match_an_independent_count(app, data_set):
    with app.app_context():
        figures = compute(date(2026, 11, 1), date(2026, 11, 30), "09556", today=date(2026, 12, 31))
    assert figures.total == data_set["total"]
    assert figures.by_status == data_set["by_status"]
    assert figures.returned == data_set["returned"] and figures.returned_on_time == data_set["on_time"]
    assert figures.on_time_rate == pytest.approx(100 * data_set["on_time"] / data_set["returned"])
    assert figures.fees_collected == data_set["fees"]
    scores = data_set["scores"]
    assert figures.satisfaction_index == pytest.approx(20 * sum(scores) / len(scores))
    assert len(figures.overdue) == data_set["by_status"].get("submitted", 0)
    assert set(figures.by_ward) == {"09556"}


def test_the_city_compares_wards(app, data_set):
    with app.app_context():
        figures = compute(date(2026, 11, 1), date(2026, 11, 30))
    assert set(figures.by_ward) == {"09556", "00004"} and sum(figures.by_ward.values()) == 60


def test_pages_and_exports_agree(client, app, data_set):
    with app.app_context():
        create_user("thu", "supervisor password", "Đỗ Thị Thu", "supervisor", "09556")
    assert sign_in(client, "thu", "supervisor password").headers["Location"] == "/reports/"
    html = client.get("/reports/?from=01/11/2026&to=30/11/2026").get_data(as_text=True)
    assert f'<dd class="strong">{data_set["total"]}</dd>' in html and "<svg" in html
    xlsx = client.get("/reports/export/status.xlsx?from=01/11/2026&to=30/11/2026")
    rows = list(load_workbook(io.BytesIO(xlsx.data)).active.iter_rows(values_only=True))
    csv_rows = client.get("/reports/export/status.csv?from=01/11/2026&to=30/11/2026").data.decode("utf-8-sig")
    assert rows[0] == ("Tình trạng", "Số hồ sơ")
    assert sum(count for _, count in rows[1:]) == data_set["total"]
    for label, count in rows[1:]:
        assert f"{label},{count}" in csv_rows and label in html


def test_guides_see_no_figures(client, guide):
    sign_in(client)
    assert client.get("/reports/").status_code == 403

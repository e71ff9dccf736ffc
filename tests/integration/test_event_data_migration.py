"""Migration tests11_1 fills the typed data of events kept before it, from the sentences the software wrote."""
import json
from datetime import date, datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from kiosk.database import migrations
from kiosk.dossiers.labels import event_note
from kiosk.extensions import db
from tests.support import make_app, postgres_url

OLD_EVENTS = [  # (kind, reason as written before tests11_1, the data expected after it)
    ("submitted", None, None),
    ("receipt_reprinted", "copy 2", {"copy": 2}),
    ("document_attached", "document 1", {"document": 1}),
    ("document_viewed", "scan 7", {"scan": 7}),
    ("fee_paid", "BL-09556-2026-000001: 15000 đ (cash)",
     {"receipt_no": "BL-09556-2026-000001", "amount": 15000, "method": "cash"}),
    ("fee_receipt_printed", "BL-09556-2026-000001", {"receipt_no": "BL-09556-2026-000001"}),
    ("supplement_requested", "Thiếu giấy chứng sinh bản chính — trước ngày 30/11/2026",
     {"items": "Thiếu giấy chứng sinh bản chính", "deadline": "2026-11-30"}),
    ("supplement_requested", "Bổ sung bản sao CCCD", {"items": "Bổ sung bản sao CCCD", "deadline": None}),
    ("apology_issued", "2026-12-31: Chờ xác minh tại nơi cư trú",
     {"new_date": "2026-12-31", "reason": "Chờ xác minh tại nơi cư trú"}),
    ("returned", "late; collected by authorised: Nguyễn Văn Hùng (ID …4321)",
     {"on_time": False, "collector": {"kind": "authorised", "name": "Nguyễn Văn Hùng", "id_last4": "4321"}}),
    ("rejected", "Không thuộc thẩm quyền", None),  # typed by an officer: stays prose
]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kiosk.db'}"
    url = postgres_url()
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return url


def test_existing_events_get_their_data_and_read_the_same(tmp_path, database):
    app = migrations(make_app(tmp_path, SQLALCHEMY_DATABASE_URI=database))
    with app.app_context():
        upgrade(revision="access_1")
        with db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO dossiers (id, code, submission_key, procedure_code, ward_code, terminal_no, agency_code,"
                " status, channel, applicant_name, phone_last4, answers, fee, locale, submitted_at, due_on,"
                " receipt_copies) VALUES (1, '09556-01-261123-0001-K', 'k1', 'khai-sinh', '09556', 1, '09556',"
                " 'returned', 'counter', 'Trần Thị Mai', '5678', '{}', 15000, 'vi', :at, :due, 1)"),
                {"at": datetime(2026, 11, 23, 2), "due": date(2026, 11, 24)})
            for n, (kind, reason, _data) in enumerate(OLD_EVENTS, 1):
                connection.execute(sa.text(
                    "INSERT INTO dossier_events (id, dossier_id, at, kind, actor, reason) "
                    "VALUES (:id, 1, :at, :kind, 'guide:lan', :reason)"),
                    {"id": n, "at": datetime(2026, 11, 23, 2, n), "kind": kind, "reason": reason})
        upgrade(revision="tests11_1")
        with db.engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT kind, reason, data FROM dossier_events ORDER BY id")).all()
        stored = [(kind, reason, json.loads(data) if isinstance(data, str) else data) for kind, reason, data in rows]
        assert stored == OLD_EVENTS

        with app.test_request_context():  # read in Vietnamese from the data, as they read before from prose
            notes = {kind: event_note(kind, reason, data) for kind, reason, data in stored}
            assert notes["fee_paid"] == "BL-09556-2026-000001: 15000 đ (Tiền mặt)"
            assert notes["receipt_reprinted"] == "bản sao 2" and notes["document_viewed"] == "bản quét 7"
            assert notes["returned"].startswith("Trễ hạn") and "Nguyễn Văn Hùng (ID …4321)" in notes["returned"]
            assert notes["rejected"] == "Không thuộc thẩm quyền"
        downgrade(revision="access_1")
        assert "data" not in {c["name"] for c in sa.inspect(db.engine).get_columns("dossier_events")}
        db.engine.dispose()

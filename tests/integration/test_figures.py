"""Figures on a generated data set, against expectations counted independently; exports match the screen."""
import csv
import io
import random
import re
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from kiosk.auth.services import create_user
from kiosk.catalogue import load_catalogue
from kiosk.core.clock import local
from kiosk.dossiers import services
from kiosk.dossiers.states import Status
from kiosk.extensions import db
from kiosk.payments import services as payments
from kiosk.ratings import services as ratings
from kiosk.ratings.models import Rating
from kiosk.reports.figures import compute
from kiosk.reports.models import DailyTally
from kiosk.reports.tallies import rebuild
from tests.support import ready_app, set_clock, sign_in

CATALOGUE = load_catalogue()
ANSWERS = {"full_name": "Lê Thị Hoa", "phone": "0987654321", "requester_full_name": "Lê Văn An",
           "requester_phone": "0912345678"}


def _weekdays_after(start: date, end: date) -> int:
    """Working days counted independently: weekends and the one holiday of Nov-Dec 2026 (Culture Day, 24/11)."""
    days = (start + timedelta(days=n) for n in range(1, (end - start).days + 1))
    return sum(day.weekday() < 5 and day != date(2026, 11, 24) for day in days)


@pytest.fixture
def data_set(app, time_machine):
    """60 dossiers filed through the services over November 2026 in two wards, on three channels;
    some returned on time, some late, some open; some paid, some rated."""
    rng = random.Random(7)
    expected = {"total": 0, "returned": 0, "on_time": 0, "days": 0, "fees": 0, "scores": [], "by_status": {},
                "channels": {}}
    with app.app_context():
        for n in range(60):
            ward = "09556" if n % 3 else "00004"
            procedure = CATALOGUE.get("xac-nhan-tinh-trang-hon-nhan" if n % 2 else "khai-sinh")
            filed = datetime(2026, 11, 2, 2) + timedelta(days=n % 20)  # 09:00 in Hanoi
            channel = ("self_service", "assisted", "counter", "counter")[n % 4]
            set_clock(time_machine, filed)
            dossier = services.submit(procedure, ANSWERS, submission_key=f"k{n}", channel=channel,
                                      terminal=services.Terminal(ward, 1), actor="resident")
            outcome = rng.choice(["open", "on_time", "late"])
            if outcome != "open":
                back = filed + timedelta(days=1) if outcome == "on_time" else \
                    datetime.combine(dossier.due_on + timedelta(days=2), filed.time())
                set_clock(time_machine, back)
                for status in (Status.RECEIVED, Status.RESULT_READY, Status.RETURNED):
                    services.transition(dossier, status, "officer:x")
            if dossier.fee and n % 4 == 1:
                payments.confirm(dossier, "cash", "guide:x")
            if n % 5 == 0:
                ratings.rate(dossier, "handover", 1 + n % 5, [])
            if ward == "09556":
                expected["total"] += 1
                expected["by_status"][dossier.status] = expected["by_status"].get(dossier.status, 0) + 1
                expected["channels"][channel] = expected["channels"].get(channel, 0) + 1
                if outcome != "open":
                    expected["returned"] += 1
                    expected["on_time"] += back.date() <= dossier.due_on
                    expected["days"] += _weekdays_after(filed.date(), back.date())
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
    assert figures.average_working_days == pytest.approx(data_set["days"] / data_set["returned"])
    channels = data_set["channels"]
    assert figures.channels_by_ward == {"09556": channels}
    online = channels["self_service"] + channels["assisted"]
    assert figures.online_share == pytest.approx(100 * online / data_set["total"])
    assert figures.fees_collected == data_set["fees"]
    scores = data_set["scores"]
    assert figures.satisfaction_index == pytest.approx(20 * sum(scores) / len(scores))
    assert len(figures.overdue) == figures.overdue_count == data_set["by_status"].get("submitted", 0)
    assert set(figures.by_ward) == {"09556"}


def test_the_city_compares_wards(app, data_set):
    with app.app_context():
        figures = compute(date(2026, 11, 1), date(2026, 11, 30))
    assert set(figures.by_ward) == {"09556", "00004"} and sum(figures.by_ward.values()) == 60


def test_tallies_kept_in_step_equal_a_recount(app, data_set):
    def snapshot():
        return sorted((t.day, t.ward_code, t.measure, t.value, t.count, t.total)
                      for t in db.session.scalars(select(DailyTally)) if t.count or t.total)

    with app.app_context():
        kept = snapshot()  # a status every dossier of a day has left stays as a zero row: no matter
        assert rebuild() == len(kept)
        assert snapshot() == kept


@pytest.mark.parametrize("role", ["standalone", "terminal", "central"])
def test_every_role_counts_what_it_records(tmp_path, role):
    """The tallies are a subscriber of each role (kiosk/roles.py): a role without it would show no figures."""
    with ready_app(tmp_path, ROLE=role, CENTRAL_URL="http://127.0.0.1:9") as app, app.app_context():
        dossier = services.submit(CATALOGUE.get("khai-sinh"), ANSWERS, submission_key="k", actor="resident",
                                  terminal=services.Terminal("09556", 1))
        db.session.add(Rating(occasion_key="a rating taken from a terminal", occasion="submission", score=4,
                              procedure_code=dossier.procedure_code, ward_code="09556", channel=dossier.channel,
                              reasons=[], rated_on=local(dossier.submitted_at).date()))
        db.session.commit()
        day = local(dossier.submitted_at).date()
        figures = compute(day, day, "09556")
        assert (figures.total, figures.by_status, figures.ratings) == (1, {"submitted": 1}, 1)


def test_pages_and_exports_agree(client, app, data_set):
    with app.app_context():
        create_user("thu", "supervisor password", "Đỗ Thị Thu", "supervisor", "09556")
    assert sign_in(client, "thu", "supervisor password").headers["Location"] == "/reports/"
    html = client.get("/reports/?from=01/11/2026&to=30/11/2026").get_data(as_text=True)
    total = f'{data_set["total"]:,}'.replace(",", ".")  # thousands as Vietnamese write them
    assert f'<dd class="strong">{total}</dd>' in html and "<svg" in html
    on_time = f"{100 * data_set['on_time'] / data_set['returned']:.2f}".replace(".", ",")
    assert f"{on_time}% ({data_set['on_time']}/{data_set['returned']})" in html  # a Vietnamese decimal comma
    xlsx = client.get("/reports/export/status.xlsx?from=01/11/2026&to=30/11/2026")
    rows = list(load_workbook(io.BytesIO(xlsx.data)).active.iter_rows(values_only=True))
    csv_text = client.get("/reports/export/status.csv?from=01/11/2026&to=30/11/2026").data.decode("utf-8-sig")
    csv_rows = list(csv.reader(io.StringIO(csv_text), delimiter=";"))
    assert rows[0][0] == "Tình trạng — Phường Ba Đình — 01/11/2026 đến 30/11/2026"  # the title row
    assert rows[1] == ("Tình trạng", "Số hồ sơ")
    assert sum(count for _, count in rows[2:]) == data_set["total"]
    for label, count in rows[2:]:
        assert [label, str(count)] in csv_rows and label in html


def test_guides_see_no_figures(client, guide):
    sign_in(client)
    assert client.get("/reports/").status_code == 403


def test_exports_read_right_in_a_vietnamese_spreadsheet(client, app, data_set):
    with app.app_context():
        create_user("thu", "supervisor password", "Đỗ Thị Thu", "supervisor", "09556")
    sign_in(client, "thu", "supervisor password")
    period = "from=01/11/2026&to=30/11/2026"
    raw = client.get(f"/reports/export/online.csv?{period}").data
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: read as UTF-8
    text = raw.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.count(";") == 3 and "," not in header
    name, filed, online, share = row.split(";")
    assert name == "Phường Ba Đình" and "09556" not in text  # ward names, not codes
    assert re.fullmatch(r"\d+,\d", share)  # a decimal comma
    book = load_workbook(io.BytesIO(client.get(f"/reports/export/overdue.xlsx?{period}").data))
    sheet = book.active
    assert sheet["A1"].value.startswith("Mã hồ sơ — Phường Ba Đình — 01/11/2026") and sheet["A1"].font.b
    assert all(cell.font.b for cell in sheet[2])
    due = sheet.cell(row=3, column=3)
    assert isinstance(due.value, datetime) and due.number_format == "DD/MM/YYYY"
    assert sheet.column_dimensions["A"].width >= len("09556-01-261101-0001-K")
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["C"].width


def test_the_figures_page_shows_ward_names_a_monthly_trend_and_local_numbers(client, app, data_set):
    with app.app_context():
        create_user("admin", "admin password 1", "Quản trị", "admin")
    sign_in(client, "admin", "admin password 1")
    html = client.get("/reports/?from=01/11/2026&to=30/11/2026").get_data(as_text=True)
    assert "Phường Ba Đình" in html and "Phường Giảng Võ" in html
    assert not re.search(r">\s*(09556|00004)\s*<", html)  # no bare code as a label
    trend = re.search(r'<figure class="chart chart--trend">(.*?)</figure>', html, re.S).group(1)
    assert "Số hồ sơ nộp theo tháng" in trend and ">11/2026<" in trend and ">12/2025<" in trend
    assert ">60<" in trend and ">0<" in trend  # November's column (every ward's 60), and empty months


def test_numbers_are_written_in_the_readers_locale(app):
    from flask_babel import force_locale

    from kiosk.reports.views import number

    with app.test_request_context():
        with force_locale("vi"):
            assert (number(1234567), number(12.5), number(date(2026, 11, 3))) == ("1.234.567", "12,5", "03/11/2026")
        with force_locale("en"):
            assert (number(1234567), number(12.5)) == ("1,234,567", "12.5")

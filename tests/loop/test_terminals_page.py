"""The centre's view of its terminals, from what they report over real HTTP: a page for administrators,
the same figures for Prometheus at /metrics, readable only from allowed addresses."""
import re

import requests
from sqlalchemy import update

from kiosk.auth.services import create_user
from kiosk.central.models import RegisteredTerminal
from kiosk.central.terminals import register_terminal
from kiosk.extensions import db
from kiosk.maintenance import restore
from tests.loop.test_sync import file_dossiers
from tests.support import sign_in


def _report(terminal_app):
    with terminal_app.app_context():
        return restore.check_with_centre(terminal_app.config)


def test_administrators_see_each_terminal_and_the_silent_ones(terminal_app, central_app, central):
    file_dossiers(terminal_app, 2)  # waiting to be sent: the outbox depth the terminal reports
    assert _report(terminal_app)["status"] == 200
    with central_app.app_context():
        register_terminal("09556", 2)  # never heard from: silent
        create_user("admin", "correct horse battery", "Quản trị", role="admin")
        create_user("hoa", "correct horse battery", "Nguyễn Thị Hoa", role="officer", agency_code="09556")

    officer = central_app.test_client()
    sign_in(officer, "hoa")
    assert officer.get("/office/terminals").status_code == 403
    assert central_app.test_client().get("/office/terminals").status_code in (302, 401)

    admin = central_app.test_client()
    sign_in(admin, "admin")
    page = admin.get("/office/terminals")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    first = re.search(r'<tr class="" data-terminal="09556-01">(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r"<td>(.*?)</td>", first, re.S)
    assert cells[0] == "09556" and cells[1].startswith("01") and cells[4] == "2"  # ward, number, outbox depth
    assert cells[2] == restore.version() and re.fullmatch(r"-?[01] giây", cells[6])  # version, clock difference
    assert 'class="row--overdue" data-terminal="09556-02"' in html  # silent: highlighted

    metrics = requests.get(f"{central.url}/metrics", timeout=5)
    assert metrics.status_code == 200
    text = metrics.text
    assert 'kiosk_terminal_outbox_depth{terminal="09556-01",ward="09556"} 2.0' in text
    assert 'kiosk_terminal_silent{terminal="09556-02",ward="09556"} 1.0' in text
    assert 'kiosk_terminal_silent{terminal="09556-01",ward="09556"} 0.0' in text
    assert "kiosk_terminal_last_contact_timestamp_seconds" in text and "kiosk_terminal_clock_skew_seconds" in text


def test_a_silent_terminal_after_the_configured_time(terminal_app, central_app, monkeypatch):
    _report(terminal_app)
    monkeypatch.setitem(central_app.config, "TERMINAL_SILENT_S", 60)  # KIOSK_TERMINAL_SILENT_S, read at start
    with central_app.app_context():
        from datetime import timedelta

        from kiosk.core.clock import utcnow
        from kiosk.maintenance.models import TerminalReport

        db.session.execute(update(RegisteredTerminal).values(last_seen_at=utcnow() - timedelta(minutes=5)))
        db.session.execute(update(TerminalReport).values(reported_at=utcnow() - timedelta(minutes=5)))
        db.session.commit()
    text = central_app.test_client().get("/metrics").get_data(as_text=True)
    assert 'kiosk_terminal_silent{terminal="09556-01",ward="09556"} 1.0' in text


def test_metrics_only_from_allowed_addresses(central_app, monkeypatch):
    client = central_app.test_client()
    assert client.get("/metrics").status_code == 200  # the test client comes from 127.0.0.1
    monkeypatch.setitem(central_app.config, "METRICS_ALLOW", "10.0.0.0/8")  # KIOSK_METRICS_ALLOW, read at start
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200

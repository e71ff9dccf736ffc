"""Residents are texted at receipt, on a supplement request and when the result is ready — never an ID number."""
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import select

from kiosk.auth.services import create_user
from kiosk.extensions import db
from kiosk.notify.delivery import deliver_pending
from kiosk.notify.gateways import HttpGateway
from kiosk.notify.models import TextMessage
from tests.support import BIRTH, answer, office_act, sign_in, start, submit


def file_birth(client):
    start(client)
    for step_id, values in BIRTH.items():
        answer(client, step_id, values)
    response, _ = submit(client)
    return response.headers["Location"].split("/")[2]


def bodies(app):
    with app.app_context():
        return [(m.phone, m.body) for m in db.session.scalars(select(TextMessage).order_by(TextMessage.id))]


def test_receipt_supplement_and_result_are_texted_in_the_residents_language(client, app):
    code = file_birth(client)
    with app.app_context():
        create_user("hoa", "officer password 1", "Nguyễn Thị Hoa", "officer", "09556")
    sign_in(client, "hoa", "officer password 1")
    for action, reason in (("receive", ""), ("supplement", "Thiếu giấy chứng sinh"), ("receive", ""),
                           ("ready", "Giấy khai sinh số 1")):
        office_act(client, code, action, reason=reason)
    texts = bodies(app)
    assert [phone for phone, _ in texts] == ["0912345678"] * 3
    assert "đã tiếp nhận hồ sơ" in texts[0][1] and "cần bổ sung" in texts[1][1] and "đã có kết quả" in texts[2][1]
    for _, body in texts:
        assert code in body
        assert "001195012345" not in body and "001092054321" not in body


def test_file_gateway_delivers_and_marks_sent(client, app):
    file_birth(client)
    with app.app_context():
        assert deliver_pending() == 1
        assert deliver_pending() == 0
    with open(f"{app.instance_path}/sms.log", encoding="utf-8") as log:
        line = json.loads(log.readline())
    assert line["to"] == "0912345678" and "Phường Ba Đình" in line["text"]


@pytest.fixture
def provider():
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the http.server API)
            query = parse_qs(urlparse(self.path).query)
            received.append((query["to"][0], query["text"][0]))
            self.send_response(500 if query["to"][0] == "0900000000" else 200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/send?to={{phone}}&text={{message}}", received
    server.shutdown()


def test_http_gateway_sends_by_url_template_and_keeps_failures_queued(client, app, provider):
    template, received = provider
    file_birth(client)
    with app.app_context():
        db.session.add(TextMessage(dossier_code="X", phone="0900000000", body="thử"))
        db.session.commit()
        assert deliver_pending(HttpGateway(template)) == 1
        failed = db.session.scalar(select(TextMessage).where(TextMessage.phone == "0900000000"))
        assert failed.sent_at is None and "500" in failed.last_error
    assert received[0][0] == "0912345678" and "đã tiếp nhận" in received[0][1]

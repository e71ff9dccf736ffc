"""The logs of a resident's whole walk, the guide's work and the sync to the centre: one line per request
and per sync attempt, each with time, level and request id; none of the applicant's personal data."""
import io
import logging
import re

import pytest
import requests

from kiosk import logs
from kiosk.sync import worker
from tests.loop.test_sync import file_dossiers
from tests.support import BIRTH, MARITAL_PERSON, csrf_token, file_marital_status

PERSONAL = ["Trần Thị Mai", "Nguyễn Thị Hồng Nhung", "Nguyễn Văn Hùng", "Lê Thị Hoa", "001195012345",
            "001092054321", "001188004512", "0912 345 678", "0912345678", "0987654321", "Đội Cấn"]
LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (INFO|WARNING|ERROR) \[[\w.\-]+\] [\w.]+: ")


@pytest.fixture
def log_text():
    stream = io.StringIO()
    handler = logs.configure(stream=stream)
    yield stream
    logging.getLogger().removeHandler(handler)


def test_a_resident_walk_leaves_request_lines_and_no_personal_data(terminal_app, guide_on_terminal, central,
                                                                   log_text):
    assert BIRTH["requester"]["requester_phone"] == "0912 345 678" and MARITAL_PERSON["id_number"] == "001188004512"
    [code] = file_dossiers(terminal_app, 1)
    resident = terminal_app.test_client()
    confirmation = file_marital_status(resident)
    resident.get(confirmation)
    resident.post("/finish", data={"csrf_token": csrf_token(resident, "/lookup")})
    guide_on_terminal.get("/staff/")
    guide_on_terminal.get(f"/staff/dossiers/{code}")
    with terminal_app.app_context():
        worker.sync_once()
        logging.getLogger("kiosk.test").error("a failure quoting %s and %s", "001195012345", "0912 345 678")

    text = log_text.getvalue()
    for personal in PERSONAL:
        assert personal not in text, personal
    lines = text.splitlines()
    assert all(LINE.match(line) for line in lines if not line.startswith((" ", "Traceback"))), text[:2000]
    assert re.search(r"INFO \[\w+\] kiosk.request: POST /apply/submit 302 \d+ms", text)
    assert re.search(r"kiosk.request: GET /dossiers/[\w-]+/receipt.pdf 200", text)
    assert re.search(r"kiosk.request: POST /api/v1/batch 200", text)  # the centre's side of the sync
    assert re.search(r"INFO \[-\] kiosk.sync.worker: sync attempt: sent=2 held=0 applied=0 link=answered waiting=0", text)
    assert "ERROR [-] kiosk.test: a failure quoting [number hidden] and [number hidden]" in text


def test_the_request_id_is_kept_from_the_caller_or_made(client):
    given = client.get("/", headers={"X-Request-ID": "proxy-1234.abc"})
    assert given.headers["X-Request-ID"] == "proxy-1234.abc"
    for unfit in ("bad id <script>", "x" * 65, "0912345678"):  # not a token, too long, a phone number
        made = client.get("/", headers={"X-Request-ID": unfit}).headers["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{16}", made)


def test_the_request_id_reaches_the_centre_log_over_http(central, log_text):
    answer = requests.get(f"{central.url}/api/v1/openapi.json", headers={"X-Request-ID": "t-42"}, timeout=5)
    assert answer.headers["X-Request-ID"] == "t-42"
    assert "INFO [t-42] kiosk.request: GET /api/v1/openapi.json 200" in log_text.getvalue()

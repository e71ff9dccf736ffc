"""Two centre machines behind a load balancer, one PostgreSQL: whichever machine a request reaches, it finds what
the other wrote — sign-ins, throttles, idempotency records, the installation key, the text-message queue.
These tests choose the machine of each request; every other loop test goes through the balancer, which
alternates (tests/loop/conftest.py)."""
import json
import re
import threading
import time
from datetime import date
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from kiosk.auth.services import create_user
from kiosk.core.codes import make_code
from kiosk.core.request_signing import headers, private_key
from kiosk.dossiers.models import Dossier
from kiosk.extensions import db
from kiosk.notify.delivery import deliver_pending
from kiosk.notify.models import TextMessage
from kiosk.security.signing import keyring
from tests.loop.test_terminal_trust import dossier_body

PASSWORD = "officer password 1"


@pytest.fixture
def machines(central):
    """The two centre machines, each reached directly rather than through the balancer."""
    return central.machines


def sign_in_over_http(server, password):
    browser = requests.Session()
    page = browser.get(f"{server.url}/staff/sign-in", timeout=10).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    answer = browser.post(f"{server.url}/staff/sign-in", timeout=10, allow_redirects=False,
                          data={"csrf_token": token, "username": "hoa", "password": password})
    return browser, answer


LOCKED = "Đăng nhập sai quá nhiều lần"  # "Too many failed attempts for this account"


def test_the_centre_s_requests_alternate_between_its_machines(central):
    """What every loop test relies on: with one machine down, every other request through the balancer fails."""
    central.machines[1].stop()
    try:
        answers = [requests.get(f"{central.url}/healthz", timeout=10).status_code for _ in range(4)]
    finally:
        central.machines[1].start()
    assert sorted(answers) == [200, 200, 502, 502]


def test_a_sign_in_at_one_machine_holds_at_the_other(machines, central_app):
    first, second = machines
    with central_app.app_context():
        create_user("hoa", PASSWORD, "Nguyễn Thị Hoa", "officer", "09556")
    browser, answer = sign_in_over_http(first, PASSWORD)
    assert answer.status_code == 302
    # The same cookie at the other machine (no sticky sessions): the same key signs it, the session row is shared.
    page = browser.get(f"{second.url}/office/", timeout=10, allow_redirects=False)
    assert page.status_code == 200 and "Nguyễn Thị Hoa" in page.text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    browser.post(f"{second.url}/staff/sign-out", data={"csrf_token": token}, timeout=10)
    assert browser.get(f"{first.url}/office/", timeout=10, allow_redirects=False).status_code == 302  # ended on both


def test_sign_in_failures_at_one_machine_lock_the_account_at_the_other(machines, central_app):
    first, second = machines
    with central_app.app_context():
        create_user("hoa", PASSWORD, "Nguyễn Thị Hoa", "officer", "09556")
        failures = central_app.config["SIGN_IN_MAX_FAILURES"]
    for attempt in range(failures):  # spread over both machines, as a load balancer would
        _browser, answer = sign_in_over_http((first, second)[attempt % 2], "wrong password")
        assert answer.status_code == 401 and LOCKED not in answer.text
    for machine in (first, second):  # the right password, too late, at either machine
        _browser, answer = sign_in_over_http(machine, PASSWORD)
        assert answer.status_code == 401 and LOCKED in answer.text


def test_a_request_replayed_at_the_other_machine_stores_nothing_twice(machines, central_app, terminal_key):
    first, second = machines
    code = make_code("09556", 1, date.today(), 1)
    body = json.dumps(dossier_body(code), ensure_ascii=False).encode()
    key = f"dossier:{code}"
    signed = {"Content-Type": "application/json", "Idempotency-Key": key,
              **headers("09556-01", private_key(terminal_key), "POST", "/api/v1/dossiers", body, time.time(),
                        idempotency_key=key)}
    original = requests.post(f"{first.url}/api/v1/dossiers", data=body, headers=signed, timeout=10)
    replayed = requests.post(f"{second.url}/api/v1/dossiers", data=body, headers=signed, timeout=10)
    assert original.status_code == 201 and (replayed.status_code, replayed.json()) == (201, original.json())
    altered = body.replace("Lê Thị Hoa".encode(), "Lê Thị Hòa".encode())  # captured, then changed: its signature fails
    assert requests.post(f"{second.url}/api/v1/dossiers", data=altered, headers=signed,
                         timeout=10).status_code == 401
    stale = {**signed, **headers("09556-01", private_key(terminal_key), "POST", "/api/v1/dossiers", body,
                                 time.time() - 3600, idempotency_key=key)}
    assert requests.post(f"{second.url}/api/v1/dossiers", data=body, headers=stale,
                         timeout=10).status_code == 401
    with central_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Dossier)) == 1


def test_a_terminal_revoked_re_keyed_or_restored_at_one_machine_is_so_at_the_other_at_once(machines, central_app,
                                                                                        terminal_key):
    from kiosk.central import terminals
    from tests.loop.test_sync import signed

    first, second = machines
    assert [signed(machine, "09556-01", terminal_key).status_code for machine in machines] == [200, 200]
    with central_app.app_context():  # as `kiosk terminals revoke` does, in yet another process
        terminals.revoke_terminal("09556-01", "anh@centre", "laptop missing")
    assert signed(second, "09556-01", terminal_key).status_code == 403  # not seconds later: at once
    with central_app.app_context():
        new_key = terminals.restore_terminal("09556-01", "anh@centre", "found", new_key=True)
    assert signed(second, "09556-01", new_key).status_code == 200
    assert signed(second, "09556-01", terminal_key).status_code == 401  # the old key signs for nobody now
    assert signed(first, "09556-01", terminal_key).status_code == 401


def test_a_look_up_link_signed_at_one_machine_verifies_at_the_other(central_app, second_central_app):
    code = make_code("09556", 1, date.today(), 7)
    with central_app.app_context():
        signature = keyring().sign(code)  # as a receipt's QR link carries it
    with second_central_app.app_context():
        assert keyring().verify(code, signature)  # one installation key, made by the first machine to need it
        assert not keyring().verify(make_code("09556", 1, date.today(), 8), signature)
    for app in (central_app, second_central_app):
        assert not (Path(app.instance_path) / "keys").exists()  # on neither machine's disk


class Gateway:
    """An SMS provider that holds each machine's first message until both machines are sending."""

    def __init__(self):
        self.sent, self.lock, self.both_sending = [], threading.Lock(), threading.Barrier(2, timeout=10)
        self.waited = threading.local()

    def send(self, phone, body):
        if not getattr(self.waited, "done", False):
            self.waited.done = True
            self.both_sending.wait()
        with self.lock:
            self.sent.append(phone)


def test_two_machines_delivering_at_once_send_each_text_message_once(central_app, second_central_app):
    with central_app.app_context():
        db.session.add_all(TextMessage(dossier_code=f"D{n}", phone=f"09{n:08d}", body="Hồ sơ đã có kết quả") for n in range(20))
        db.session.commit()
    gateway = Gateway()

    def deliver(app):
        with app.app_context():
            deliver_pending(gateway)

    machines = [threading.Thread(target=deliver, args=(app,)) for app in (central_app, second_central_app)]
    for machine in machines:
        machine.start()
    for machine in machines:
        machine.join(30)
    assert sorted(gateway.sent) == sorted(f"09{n:08d}" for n in range(20))  # each once, none twice
    with central_app.app_context():
        assert db.session.scalar(select(func.count()).where(TextMessage.sent_at.is_(None))) == 0

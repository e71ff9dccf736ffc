"""The centre answers for every dossier (issue 13), over real HTTP: a receipt's QR opens on a phone at the centre,
a terminal of another ward asks the centre about a dossier it does not hold, an unreachable centre is said
as such, and a receipt signed by the wrong terminal is refused everywhere."""
import re
from urllib.parse import urlparse

import pytest
import requests
from sqlalchemy import func, select

from kiosk.central.terminals import register_terminal
from kiosk.core import receipt_signing
from kiosk.core.request_signing import private_key
from kiosk.dossiers import services
from kiosk.extensions import db
from kiosk.security.models import FailedAttempt
from kiosk.security.signing import keyring, lookup_url
from tests.loop.test_sync import file_dossiers, make_ready_at_the_centre, sync
from tests.support import csrf_token, ready_app

PERSONAL = ("Trần Thị Mai", "Nguyễn Thị Hồng Nhung", "001195012345")  # BIRTH's: never on a look-up page
UNREACHABLE = "The central dossier system cannot be reached right now"
CENTRE_ANSWERED = "the central dossier system answered"


@pytest.fixture
def second_key(central_app):
    with central_app.app_context():
        _terminal, key = register_terminal("09557", 1)
    return key


@pytest.fixture
def other_ward(tmp_path, central, second_key):
    """A terminal of another ward: it holds none of the first terminal's dossiers."""
    with ready_app(tmp_path / "other", ROLE="terminal", WARD_CODE="09557", WARD_NAME="Phường Ngọc Hà",
                   CENTRAL_URL=central.url, TERMINAL_KEY=second_key) as app:
        yield app


@pytest.fixture
def filed(terminal_app, central_app):
    """A dossier filed at terminal 09556-01 and sent to the centre: its code, phone digits and receipt link."""
    [code] = file_dossiers(terminal_app)
    assert sync(terminal_app)["sent"] == 1
    with terminal_app.app_context():
        digits = services.find_by_code(code).phone_last4
        with terminal_app.test_request_context():
            link = lookup_url(code)
    return code, digits, link


def english(session, base):
    session.get(f"{base}/lang/en")
    return session


def phone_post_lookup(session, base, code, digits):
    html = session.get(f"{base}/lookup").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    return session.post(f"{base}/lookup", data={"csrf_token": token, "code": code, "phone_last4": digits})


def kiosk_lookup(client, code, digits):
    client.get("/lang/en")
    return client.post("/lookup", data={"csrf_token": csrf_token(client, "/lookup"), "code": code, "phone_last4": digits})


def failures(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(FailedAttempt))


def test_the_receipt_qr_opens_at_the_centre_on_a_phone(filed, central):
    code, digits, link = filed
    assert link.startswith(central.url + f"/l/{code}?s=e.")  # KIOSK_LOOKUP_URL unset: the centre's address
    assert len(urlparse(link).query) == len("s=e.") + 86  # the compact Ed25519 signature, no key id
    phone = english(requests.Session(), central.url)
    page = phone.get(link)
    assert page.status_code == 200, page.text
    assert code in page.text and "Submitted" in page.text
    assert not any(data in page.text for data in PERSONAL)
    # code + the last 4 phone digits, at the centre's own look-up page
    found = phone_post_lookup(phone, central.url, code, digits)
    assert found.status_code == 200 and code in found.text and "Results due on" in found.text
    wrong = phone_post_lookup(phone, central.url, code, "0000")
    assert "No dossier matches this code and phone number." in wrong.text and "Results due on" not in wrong.text


def test_a_terminal_of_another_ward_asks_the_centre(filed, other_ward, terminal_app):
    code, digits, link = filed
    client = other_ward.test_client()
    page = kiosk_lookup(client, code, digits)
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert code in body and "Results due on" in body and CENTRE_ANSWERED in body
    assert "What has happened" in body  # the centre's answer carries the events a resident may read
    assert not any(data in body for data in PERSONAL)
    # the receipt's QR held under this terminal's scanner: the kiosk follows the link's path on itself
    scanned = client.get(link[link.index("/l/"):])
    assert scanned.status_code == 200 and code in scanned.get_data(as_text=True)
    assert CENTRE_ANSWERED in scanned.get_data(as_text=True)
    # a wrong guess asked through the centre counts here as it would for a dossier held here
    refused = kiosk_lookup(client, code, "0000").get_data(as_text=True)
    assert "No dossier matches this code and phone number." in refused and failures(other_ward) == 2
    # the dossier's own terminal answers from what it holds, without asking
    own = kiosk_lookup(terminal_app.test_client(), code, digits).get_data(as_text=True)
    assert code in own and CENTRE_ANSWERED not in own


def test_an_unreachable_centre_is_said_never_not_found(filed, other_ward, central):
    code, digits, link = filed
    central.stop()
    try:
        client = other_ward.test_client()
        page = kiosk_lookup(client, code, digits)
        body = page.get_data(as_text=True)
        assert page.status_code == 503 and UNREACHABLE in body
        assert "No dossier matches" not in body and "Results due on" not in body
        scanned = client.get(link[link.index("/l/"):])
        assert scanned.status_code == 503 and UNREACHABLE in scanned.get_data(as_text=True)
        assert failures(other_ward) == 0  # a question nobody answered is no wrong guess
    finally:
        central.start()


def test_a_receipt_signed_by_another_terminal_is_refused_everywhere(filed, other_ward, central, terminal_app,
                                                                   second_key, guide_on_terminal, central_app):
    code, digits, link = filed
    forged = receipt_signing.sign(private_key(second_key), code)  # terminal 09557-01's signature, 09556-01's code
    path = f"/l/{code}?s={forged}"
    phone = english(requests.Session(), central.url)
    at_centre = phone.get(central.url + path)
    assert at_centre.status_code == 404 and "could not be verified" in at_centre.text and "Results due on" not in at_centre.text
    other = other_ward.test_client()
    other.get("/lang/en")
    at_other = other.get(path)
    assert at_other.status_code == 404 and "could not be verified" in at_other.get_data(as_text=True)
    own = terminal_app.test_client()
    own.get("/lang/en")
    assert own.get(path).status_code == 404
    assert own.get(link[link.index("/l/"):]).status_code == 200
    # the guide's hand-over: the genuine receipt finds the dossier, the forged one is refused
    make_ready_at_the_centre(central_app, code)
    sync(terminal_app)
    guide = guide_on_terminal
    guide.get("/lang/en")

    def scan(text):
        return guide.post("/staff/hand-over", data={"csrf_token": csrf_token(guide, "/staff/hand-over"),
                                                   "receipt": text})

    refused = scan(central.url + path)
    assert refused.status_code == 400 and "is not genuine" in refused.get_data(as_text=True)
    accepted = scan(link)
    assert accepted.status_code == 302 and accepted.headers["Location"].endswith(f"/dossiers/{code}/hand-over")


def test_receipts_printed_before_keep_verifying_where_they_did(filed, terminal_app, other_ward):
    code, _digits, _link = filed
    with terminal_app.test_request_context():
        old = keyring().sign(code)  # an HMAC receipt, as terminals printed them before
    own = terminal_app.test_client()
    assert own.get(f"/l/{code}?s={old}").status_code == 200
    with other_ward.test_request_context():
        stranger = keyring().sign(code)  # the other terminal's own keyring signing a code not its own
    own.get("/lang/en")
    assert own.get(f"/l/{code}?s={stranger}").status_code == 404


def test_a_rekeyed_terminals_receipts_stay_genuine_and_its_old_key_signs_nothing_new(filed, central, central_app,
                                                                                    terminal_key):
    from datetime import timedelta

    from kiosk.central.terminals import rekey_terminal
    from kiosk.core.clock import local_today
    from kiosk.core.codes import make_code

    code, _digits, link = filed
    with central_app.app_context():
        rekey_terminal("09556-01", reason="PC replaced")
    phone = english(requests.Session(), central.url)
    assert phone.get(link).status_code == 200  # printed before the re-key: still genuine
    old_key = private_key(terminal_key)
    earlier = make_code("09556", 1, local_today() - timedelta(days=3), 42)
    later = make_code("09556", 1, local_today() + timedelta(days=1), 1)
    before = phone.get(f"{central.url}/l/{earlier}?s={receipt_signing.sign(old_key, earlier)}")
    assert before.status_code == 404 and "No dossier matches" in before.text  # genuine, but no such dossier
    after = phone.get(f"{central.url}/l/{later}?s={receipt_signing.sign(old_key, later)}")
    assert after.status_code == 404 and "could not be verified" in after.text


def test_wrong_guesses_at_the_centre_count_per_phone_and_per_address(filed, central, central_app, other_ward):
    code, digits, _link = filed
    for machine in central.machines:  # the address's budget, small for the test, set as a deployment would
        machine.app.config["LOOKUP_TERMINAL_MAX_FAILURES"] = 3
    for _ in range(3):  # a fresh browser each time: the cookie's budget alone would never lock
        phone_post_lookup(english(requests.Session(), central.url), central.url, code, "0000")
    locked = phone_post_lookup(english(requests.Session(), central.url), central.url, code, digits)
    assert "Too many unsuccessful attempts" in locked.text and "Results due on" not in locked.text
    # a phone on another network is not locked out by this one's guesses
    elsewhere = central_app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    elsewhere.get("/lang/en")
    answered = elsewhere.post("/lookup", data={"csrf_token": csrf_token(elsewhere, "/lookup"), "code": code,
                                               "phone_last4": digits}).get_data(as_text=True)
    assert "Results due on" in answered
    # a terminal asking for its visitor spends its own budget, not the phones' address's
    asked = kiosk_lookup(other_ward.test_client(), code, digits).get_data(as_text=True)
    assert "Results due on" in asked


def test_a_supplement_request_reaches_the_terminal_with_what_is_missing_and_by_when(filed, central, central_app,
                                                                                    terminal_app):
    from datetime import timedelta

    from kiosk.auth.services import create_user
    from kiosk.core.clock import local_today
    from kiosk.notify.models import TextMessage
    from tests.loop.test_two_centres import PASSWORD, sign_in_over_http

    code, digits, link = filed
    missing = "Bản chính giấy chứng sinh"
    deadline = local_today() + timedelta(days=9)
    with central_app.app_context():
        create_user("hoa", PASSWORD, "Nguyễn Thị Hoa", "officer", "09556")
    officer, _answer = sign_in_over_http(central, PASSWORD)  # the officer's pages, over the balancer
    for action, fields in (("receive", {}), ("supplement", {"reason": missing, "deadline": deadline.isoformat()})):
        page = officer.get(f"{central.url}/office/dossiers/{code}", timeout=10).text
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        done = officer.post(f"{central.url}/office/dossiers/{code}/{action}", allow_redirects=False, timeout=10,
                            data={"csrf_token": token, **{f"{action}-{k}": v for k, v in fields.items()}})
        assert done.status_code == 302, done.text
    assert sync(terminal_app)["applied"] == 2
    by_when = f"Bring them to the ward by {deadline:%d/%m/%Y}"  # said only from the deadline itself
    at_centre = english(requests.Session(), central.url).get(link).text
    at_terminal = kiosk_lookup(terminal_app.test_client(), code, digits).get_data(as_text=True)
    for page in (at_centre, at_terminal):
        assert "Documents still needed" in page and missing in page and by_when in page
    with terminal_app.app_context():  # and the resident's text message, sent by the terminal, says both too
        body = db.session.scalars(select(TextMessage.body).order_by(TextMessage.id.desc())).first()
    assert missing in body and body.endswith(f"chậm nhất ngày {deadline:%d/%m/%Y}.")


def test_the_centre_s_look_up_is_headed_by_the_city_s_service_or_the_dossier_s_ward(central, central_app, other_ward):
    centre_name, default_ward = central_app.config["CENTRE_NAME"], central_app.config["WARD_NAME"]
    [code] = file_dossiers(other_ward)  # a dossier of Phường Ngọc Hà
    assert sync(other_ward)["sent"] == 1
    with other_ward.test_request_context():
        link = lookup_url(code)
    phone = english(requests.Session(), central.url)
    blank = phone.get(f"{central.url}/lookup").text
    shown = phone.get(link).text
    assert centre_name in blank and code in shown and "Phường Ngọc Hà" in shown
    for page in (blank, shown):  # the centre has no ward of its own: the setting's default is nobody's
        assert default_ward not in page and "Ward online services" not in page

"""What a resident leaves behind, and what a stranger can do with it: Clear-Site-Data, a saved draft after the
terminal is wiped, the language switch's redirect, the public look-up's throttle."""
import re
from urllib.parse import quote, urlsplit

import pytest

from kiosk.security.signing import lookup_url
from tests.support import BIRTH, answer, csrf_token, fill_birth, move_clock, sign_in, start, submit

# --- Clear-Site-Data ---------------------------------------------------------------------------------------


def finish(client):
    # "confirmed": the resident answered "yes, I have my receipt" (no printer here reported it printed)
    return client.post("/finish", data={"csrf_token": csrf_token(client, "/lookup"), "confirmed": "1"})


def test_finish_tells_the_browser_to_forget_the_visit(client):
    fill_birth(client)
    submit(client)
    assert finish(client).headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'


def test_the_idle_wipe_page_tells_the_browser_to_forget_the_visit(client):
    start(client)
    assert client.get("/ended").headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'


def test_a_guide_beside_the_resident_stays_signed_in(client, guide):
    sign_in(client)
    start(client)
    response = finish(client)
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert client.get("/staff/").status_code == 200


def test_ordinary_pages_clear_nothing(client):
    assert "Clear-Site-Data" not in client.get("/procedures").headers


# --- a saved draft, then the terminal is wiped -------------------------------------------------------------

def save_draft(client):
    start(client)
    answer(client, "child", BIRTH["child"])
    answer(client, "mother", BIRTH["mother"])
    response = client.post("/apply/save", data={"csrf_token": csrf_token(client, "/apply/save")})
    assert response.headers["Location"] == "/drafts/saved"
    html = client.get("/drafts/saved").get_data(as_text=True)
    return re.search(r'class="dossier-code">([^<]+)<', html).group(1)


def assert_nothing_of_them(client, code):
    page = client.get("/drafts/saved")
    assert page.status_code == 404 and code not in page.get_data(as_text=True)
    slip = client.get("/drafts/saved/slip.pdf")
    assert slip.status_code == 404 and not slip.data.startswith(b"%PDF")


def test_after_the_idle_wipe_the_saved_page_shows_nothing(client, time_machine):
    code = save_draft(client)
    assert 'data-idle-wipe="240"' in client.get("/drafts/saved").get_data(as_text=True)  # the page is wiped too
    move_clock(time_machine, 241)
    assert_nothing_of_them(client, code)


def test_after_finish_the_saved_page_shows_nothing(client):
    code = save_draft(client)
    finish(client)
    assert_nothing_of_them(client, code)


def test_the_saved_page_lives_as_long_as_the_terminal_is_in_use(client, time_machine):
    code = save_draft(client)
    move_clock(time_machine, 200)
    assert code in client.get("/drafts/saved").get_data(as_text=True)


# --- the language switch redirects inside the site only ----------------------------------------------------

OPEN_REDIRECTS = [
    "/%09/evil.example", "/%0a/evil.example", "/%0d/evil.example", "%09//evil.example", "//evil.example",
    "///evil.example", "/\\evil.example", "\\\\evil.example", "/%5Cevil.example", "https://evil.example",
    "http:evil.example", "%2F%2Fevil.example", "//evil.example/%2F..", "javascript:alert(1)",
    "JaVaScRiPt:alert(1)", "/%00/evil.example", "%20//evil.example", "evil.example", "//%09evil.example",
    "/%E2%80%8B/evil.example", "data:text/html,<script>alert(1)</script>", "//evil.example@motcua",
]


@pytest.mark.parametrize("payload", OPEN_REDIRECTS)
def test_the_language_switch_never_leads_off_the_site(client, payload):
    response = client.get(f"/lang/en?next={payload}")
    if "%00" in payload:  # a NUL anywhere in a request is refused before any view (kiosk/security/nul.py)
        assert response.status_code == 400 and "Location" not in response.headers
        return
    assert response.status_code == 302
    location = response.headers["Location"]
    # What a browser would follow: tabs and newlines dropped, backslashes read as slashes.
    followed = re.sub(r"[\t\n\r]", "", location).replace("\\", "/")
    parts = urlsplit(followed)
    assert not parts.scheme and not parts.netloc and followed.startswith("/") and not followed.startswith("//")
    assert "evil" not in location.lower() or location.startswith("/%E2")


@pytest.mark.parametrize("target", ["/procedures?q=khai+sinh", "/procedures/khai-sinh", "/lookup"])
def test_the_language_switch_returns_to_the_page_it_came_from(client, target):
    assert client.get(f"/lang/en?next={quote(target)}").headers["Location"] == target


# --- the public look-up cannot lock a stranger's dossier ---------------------------------------------------

def file_dossier(app, phone):
    client = app.test_client()
    fill_birth(client, {**BIRTH, "requester": {**BIRTH["requester"], "requester_phone": phone}})
    response, _ = submit(client)
    code = response.headers["Location"].split("/")[2]
    finish(client)
    with app.test_request_context():
        return code, lookup_url(code)


def lookup(client, code, digits):
    return client.post("/lookup", data={"csrf_token": csrf_token(client, "/lookup"), "code": code,
                                        "phone_last4": digits}).get_data(as_text=True)


FOUND, NOT_FOUND, LOCKED = "Đã nộp, chờ tiếp nhận", "Không tìm thấy hồ sơ", "Thử sai quá nhiều lần"


def test_wrong_guesses_slow_the_guesser_never_the_owner_or_the_qr_link(app):
    first, first_url = file_dossier(app, "0912 345 678")
    second, second_url = file_dossier(app, "0987 654 321")
    stranger, owner, other_owner = app.test_client(), app.test_client(), app.test_client()
    for _attempt in range(app.config["LOOKUP_MAX_FAILURES"]):
        assert NOT_FOUND in lookup(stranger, first, "0000")
    assert LOCKED in lookup(stranger, first, "5678")  # this visitor waits, even with the right digits
    assert LOCKED in lookup(stranger, second, "4321")  # and on every other dossier
    assert FOUND in lookup(owner, first, "5678")  # the owner of the dossier guessed at does not
    assert FOUND in lookup(other_owner, second, "4321")
    for url in (first_url, second_url):
        assert stranger.get(url.replace("http://localhost", "")).status_code == 200


def test_a_guesser_changing_browsers_is_slowed_by_the_terminal_not_the_dossier(app):
    app.config["LOOKUP_TERMINAL_MAX_FAILURES"] = 8
    code, url = file_dossier(app, "0912 345 678")
    for _attempt in range(8):  # a fresh browser each time: no visit, no cookie to count against
        assert NOT_FOUND in lookup(app.test_client(), code, "0000")
    assert LOCKED in lookup(app.test_client(), code, "5678")  # this terminal now waits
    assert app.test_client().get(url.replace("http://localhost", "")).status_code == 200  # the QR link does not


def test_a_visit_is_counted_on_its_own(app):
    code, _ = file_dossier(app, "0912 345 678")
    visitor = app.test_client()
    start(visitor)  # a resident in the middle of a form looks a dossier up
    for _attempt in range(app.config["LOOKUP_MAX_FAILURES"]):
        lookup(visitor, code, "0000")
    assert LOCKED in lookup(visitor, code, "5678")
    assert FOUND in lookup(app.test_client(), code, "5678")

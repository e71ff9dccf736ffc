"""Public lookup: by the QR's signed URL or by code + phone digits; never personal data."""
from urllib.parse import urlparse

import pytest

from kiosk.security.signing import lookup_url
from tests.support import csrf_token, fill_birth, submit


def file_one(client, app):
    """File a birth registration and end the visit; returns its code and signed lookup URL."""
    fill_birth(client)
    response, _ = submit(client)
    code = response.headers["Location"].split("/")[2]
    client.post("/finish", data={"csrf_token": csrf_token(client, "/lookup")})
    with app.test_request_context():
        url = lookup_url(code)
    return code, url


@pytest.fixture
def filed(client, app):
    return file_one(client, app)


@pytest.fixture
def second(client, app, filed):
    """Another real dossier, filed after `filed`."""
    return file_one(client, app)


def lookup(client, code, digits):
    token = csrf_token(client, "/lookup")
    return client.post("/lookup", data={"csrf_token": token, "code": code, "phone_last4": digits})


def assert_no_personal_data(html):
    for personal in ("Trần Thị Mai", "Nguyễn Thị Hồng Nhung", "001195012345", "0912345678", "Đội Cấn"):
        assert personal not in html


def test_signed_url_shows_status_without_personal_data(client, filed):
    code, url = filed
    parsed = urlparse(url)
    response = client.get(f"{parsed.path}?{parsed.query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert code in html and "Đăng ký khai sinh" in html and "Đã nộp, chờ tiếp nhận" in html
    assert_no_personal_data(html)


def test_altered_signature_or_code_fails(client, filed, second):
    code, url = filed
    other_code, other_url = second
    parsed = urlparse(url)
    assert client.get(f"{parsed.path}?{parsed.query}").status_code == 200
    assert client.get(urlparse(other_url).path + "?" + urlparse(other_url).query).status_code == 200
    forged = parsed.query[:-1] + ("A" if parsed.query[-1] != "A" else "B")
    assert client.get(f"{parsed.path}?{forged}").status_code == 404
    # A's genuine signature on B's real code: B exists, so only the signature check can refuse it.
    refused = client.get(f"/l/{other_code}?{parsed.query}")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 404 and "Không xác thực được mã QR" in html
    assert "Đăng ký khai sinh" not in html and "Đã nộp, chờ tiếp nhận" not in html


def test_lookup_by_code_and_phone(client, filed):
    code, _ = filed
    html = lookup(client, code.lower(), "5678").get_data(as_text=True)
    assert "Đăng ký khai sinh" in html and code in html
    assert_no_personal_data(html)


def test_mistyped_code_is_caught_by_its_check_character(client, filed):
    code, _ = filed
    typo = code[:-3] + ("9" if code[-3] != "9" else "8") + code[-2:]
    html = lookup(client, typo, "5678").get_data(as_text=True)
    assert "Mã hồ sơ có chỗ gõ nhầm" in html


def test_wrong_phone_digits_slow_down_whoever_guesses_never_the_owner(client, filed, second, app):
    """Issue 10: a wrong guess slows down this visit and terminal, never the dossier's owner or its QR link."""
    code, _ = filed
    other_code, _ = second
    for _attempt in range(5):
        assert "Không tìm thấy hồ sơ" in lookup(client, code, "0000").get_data(as_text=True)
    assert "Thử sai quá nhiều lần" in lookup(client, code, "5678").get_data(as_text=True)  # the guesser waits
    assert "Thử sai quá nhiều lần" in lookup(client, other_code, "5678").get_data(as_text=True)  # on every code
    owner = app.test_client()  # another visit: the dossier's owner looking it up
    html = lookup(owner, code, "5678").get_data(as_text=True)
    assert "Thử sai quá nhiều lần" not in html and code in html and "Đăng ký khai sinh" in html


def test_lookup_form_errors_beside_fields(client):
    html = lookup(client, "", "12").get_data(as_text=True)
    assert 'class="error-summary"' in html and "Nhập mã hồ sơ" in html and "Nhập đúng 4 chữ số" in html

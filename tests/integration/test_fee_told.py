"""What the resident is told about a dossier's fee: free only when the law says so, a city's rate is left to
the officer (never "free"), and copies of the birth extract beyond the first are charged (issue 16)."""
import re

import pytest
from sqlalchemy import select

from kiosk.catalogue import load_catalogue
from kiosk.dossiers.models import Dossier
from kiosk.extensions import db
from kiosk.payments import vietqr
from kiosk.payments.services import transfer_qr
from tests.support import BIRTH, csrf_token, fill_birth, fill_procedure, pdf_text, sign_in, submit

CATALOGUE = load_catalogue()
RATE = "Lệ phí theo mức của thành phố, cán bộ sẽ báo số tiền"
FREE = "Miễn phí"


def file_and_print(client):
    response, _ = submit(client)
    code = response.headers["Location"].split("/")[2]
    return code, client.get(f"/dossiers/{code}/receipt.pdf").data


def flat(text: str) -> str:
    return " ".join(text.split())  # a receipt's cell wraps its words over lines


@pytest.mark.parametrize("code", ["dang-ky-lai-khai-sinh", "dang-ky-lai-ket-hon", "cap-phep-su-dung-tam-thoi-via-he"])
def test_a_fee_at_the_citys_rate_is_never_called_free(client, tmp_path, code):
    check = fill_procedure(client, CATALOGUE.get(code)).get_data(as_text=True)
    assert RATE in check and FREE not in check
    dossier_code, pdf = file_and_print(client)
    receipt = flat(pdf_text(pdf, tmp_path))
    assert RATE in receipt and FREE not in receipt
    done = client.get(f"/dossiers/{dossier_code}/done").get_data(as_text=True)
    assert RATE in done and FREE not in done


def test_an_exemption_makes_a_rate_fee_free(client):
    check = fill_procedure(client, CATALOGUE.get("dang-ky-lai-khai-sinh"), fee_exemption="poor_household")
    html = check.get_data(as_text=True)
    assert FREE in html and RATE not in html


def test_a_birth_registered_on_time_with_one_copy_is_free(client, tmp_path):
    assert FREE in fill_birth(client).get_data(as_text=True)
    _, pdf = file_and_print(client)
    assert FREE in pdf_text(pdf, tmp_path)


def with_copies(copies: str, exemption="none"):
    requester = {**BIRTH["requester"], "copies_wanted": copies, "fee_exemption": exemption}
    return {**BIRTH, "requester": requester}


@pytest.mark.parametrize("exemption", ["none", "poor_household"])
def test_three_copies_of_the_birth_extract_cost_16000_whatever_the_exemption(client, app, tmp_path, exemption):
    app.config.update(BANK_BIN="970436", BANK_ACCOUNT="0011001234567")
    check = fill_birth(client, with_copies("3", exemption)).get_data(as_text=True)
    assert "16.000 ₫" in check and FREE not in check
    assert "gồm 2 bản sao thêm, mỗi bản 8.000 ₫" in check
    code, pdf = file_and_print(client)
    receipt = flat(pdf_text(pdf, tmp_path))
    assert "16.000 ₫" in receipt and FREE not in receipt
    with app.test_request_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.code == code))
        assert dossier.fee == 16_000
        assert vietqr.parse(transfer_qr(dossier))["54"] == "16000"  # the QR the receipt carries


def test_the_staff_pages_say_what_the_resident_was_told(client, app, guide):
    fill_procedure(client, CATALOGUE.get("dang-ky-lai-khai-sinh"))
    response, _ = submit(client)
    code = response.headers["Location"].split("/")[2]
    client.post("/finish", data={"csrf_token": csrf_token(client, "/lookup")})
    sign_in(client)
    page = client.get(f"/staff/dossiers/{code}").get_data(as_text=True)
    assert re.search(r"Lệ phí:\s*" + RATE, page)


def test_the_procedure_page_prices_the_extra_copies(client):
    page = client.get("/procedures/khai-sinh").get_data(as_text=True)
    assert "Bản sao trích lục khai sinh: 1 bản đầu không mất phí, mỗi bản sau 8.000 ₫" in page


def test_the_office_says_it_too(client, app):
    from kiosk.auth.services import create_user

    with app.app_context():
        create_user("hoa", "officer password 1", "Nguyễn Thị Hoa", "officer", app.config["WARD_CODE"])
    fill_procedure(client, CATALOGUE.get("dang-ky-lai-ket-hon"))
    response, _ = submit(client)
    code = response.headers["Location"].split("/")[2]
    client.post("/finish", data={"csrf_token": csrf_token(client, "/lookup")})
    sign_in(client, "hoa", "officer password 1")
    page = client.get(f"/office/dossiers/{code}").get_data(as_text=True)
    assert RATE in page and FREE not in page


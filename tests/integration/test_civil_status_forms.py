"""Civil-status forms ask what the law asks and block nobody it covers (Law on Civil Status; Decree 123/2015)."""
from sqlalchemy import select

from kiosk.dossiers.models import Dossier
from kiosk.extensions import db
from tests.support import BIRTH, MARITAL_PERSON, answer, start, submit


def file_birth(client, mother, requester=None):
    start(client)
    answer(client, "child", BIRTH["child"])
    response = answer(client, "mother", mother)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    answer(client, "father", {"father_declared": "no"})
    answer(client, "requester", requester or BIRTH["requester"])
    return submit(client)[0]


def test_an_abandoned_child_is_registered_without_a_mother(client, app):
    caregiver = {**BIRTH["requester"], "requester_relation": "caregiver"}
    assert file_birth(client, {"mother_declared": "unknown"}, caregiver).status_code == 302
    with app.app_context():
        answers = db.session.scalar(select(Dossier.answers))
    assert answers["mother_declared"] == "unknown" and not answers.get("mother_full_name")
    assert answers["child_hometown"] == "Nam Định"


def test_a_foreign_mother_gives_her_passport_not_a_cccd(client, app):
    foreign = {"mother_declared": "foreign", "mother_full_name": "Kim Ji Woo", "mother_birth_date": "02/02/1994",
               "mother_nationality": "Hàn Quốc", "mother_passport": "M12345678",
               "mother_residence": "Số 5 Phố Kim Mã, Hà Nội"}
    assert file_birth(client, foreign).status_code == 302
    with app.app_context():
        answers = db.session.scalar(select(Dossier.answers))
    assert answers["mother_passport"] == "M12345678" and not answers.get("mother_id_number")


def test_a_foreign_mother_without_her_passport_is_asked_for_it(client):
    start(client)
    answer(client, "child", BIRTH["child"])
    response = answer(client, "mother", {"mother_declared": "foreign", "mother_full_name": "Kim Ji Woo",
                                         "mother_birth_date": "02/02/1994", "mother_nationality": "Hàn Quốc",
                                         "mother_residence": "Hà Nội"})
    assert response.status_code != 302
    html = response.get_data(as_text=True)
    assert 'href="#mother_passport"' in html  # in the error summary, linked to the field


def test_a_certificate_to_marry_names_the_intended_spouse(client, app):
    start(client, "xac-nhan-tinh-trang-hon-nhan")
    answer(client, "person", MARITAL_PERSON)
    response = answer(client, "status", {"marital_status": "single", "purpose": "Để đăng ký kết hôn",
                                         "for_marriage": "yes", "spouse_full_name": "Trần Văn Bình",
                                         "spouse_birth_date": "01/01/1990", "spouse_nationality": "Việt Nam",
                                         "spouse_document": "001090012345", "marriage_place": "Phường Ba Đình"})
    assert response.status_code == 302
    answer(client, "contact", {"phone": "0987654321", "fee_exemption": "none"})
    assert submit(client)[0].status_code == 302
    with app.app_context():
        answers = db.session.scalar(select(Dossier.answers))
    assert answers["spouse_full_name"] == "Trần Văn Bình" and answers["marriage_place"] == "Phường Ba Đình"


def test_the_marital_status_form_offers_currently_married_and_refuses_an_old_cmnd(client):
    start(client, "xac-nhan-tinh-trang-hon-nhan")
    response = answer(client, "person", {**MARITAL_PERSON, "id_number": "012345678"})  # a 9-digit CMND
    assert response.status_code != 302  # CMND cards stopped being valid on 1 January 2025
    answer(client, "person", MARITAL_PERSON)
    html = client.get("/apply/status").get_data(as_text=True)
    assert 'value="married"' in html and "Đang có vợ/chồng" in html


def test_the_page_says_the_old_certificate_is_handed_back_and_lasts_six_months(client):
    html = client.get("/procedures/xac-nhan-tinh-trang-hon-nhan").get_data(as_text=True)
    assert "đã được cấp trước đây" in html and "6 tháng" in html

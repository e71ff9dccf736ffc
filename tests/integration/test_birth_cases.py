"""A birth registration never blocks an abandoned child or a foreign mother (Law on Civil Status art. 15-16)."""
from sqlalchemy import select

from kiosk.dossiers.models import Dossier
from kiosk.extensions import db
from tests.support import BIRTH, answer, start, submit


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

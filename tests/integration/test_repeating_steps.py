"""A step that applies only for some answers, and a step filled in once per item."""
from sqlalchemy import select

from kiosk.dossiers.models import Dossier
from kiosk.extensions import db
from tests.support import answer, csrf_token, start, submit

PERSON = {"full_name": "Lê Thị Hoa", "birth_date": "12/04/1988", "sex": "female",
          "id_number": "001188004512", "residence": "Hà Nội"}
MARRIAGE = {"items-0-former_spouse_name": "Trần Văn Bình", "items-0-ended_by": "divorce",
            "items-0-ended_reference": "12/2020/QĐST-HNGĐ", "items-0-ended_on": "01/06/2020"}


def to_status(client, status):
    start(client, "xac-nhan-tinh-trang-hon-nhan")
    answer(client, "person", PERSON)
    return answer(client, "status", {"marital_status": status, "purpose": "Để kết hôn"})


def act(client, data):
    token = csrf_token(client, "/apply/previous_marriages")
    return client.post("/apply/previous_marriages", data={"csrf_token": token, **data})


def test_the_step_is_skipped_for_a_single_person(client):
    assert to_status(client, "single").headers["Location"] == "/apply/contact"
    html = client.get("/apply/contact").get_data(as_text=True)
    assert 'class="progress">Bước 3 ·' in html and 'href="/apply/status"' in html


def test_divorced_person_lists_previous_marriages(client):
    assert to_status(client, "divorced").headers["Location"] == "/apply/previous_marriages"
    html = client.get("/apply/previous_marriages").get_data(as_text=True)
    assert 'class="progress">Bước 3 ·' in html and "Lần kết hôn 1" in html

    added = act(client, {**MARRIAGE, "action": "add"}).get_data(as_text=True)
    assert "Lần kết hôn 2" in added and 'value="Trần Văn Bình"' in added  # nothing typed is lost

    missing = act(client, {**MARRIAGE, "items-1-former_spouse_name": ""}).get_data(as_text=True)
    assert 'class="error-summary"' in missing and 'href="#items-1-former_spouse_name"' in missing

    removed = act(client, {**MARRIAGE, "items-1-former_spouse_name": "", "action": "remove-1"})
    assert "Lần kết hôn 2" not in removed.get_data(as_text=True)

    second = {"items-1-former_spouse_name": "Đỗ Văn Cường", "items-1-ended_by": "death",
              "items-1-ended_reference": "TL-05/2023", "items-1-ended_on": "03/03/2023"}
    assert act(client, {**MARRIAGE, **second}).headers["Location"] == "/apply/contact"
    answer(client, "contact", {"phone": "0987654321", "fee_exemption": "none"})
    check = client.get("/apply/check").get_data(as_text=True)
    assert "Lần kết hôn 1 — Họ, chữ đệm và tên người vợ/chồng trước" in check
    assert "Đỗ Văn Cường" in check and "Vợ/chồng chết" in check


def test_answers_of_a_step_that_no_longer_applies_are_not_filed(client, app):
    to_status(client, "divorced")
    act(client, MARRIAGE)
    answer(client, "status", {"marital_status": "single", "purpose": "Để kết hôn"})
    answer(client, "contact", {"phone": "0987654321", "fee_exemption": "none"})
    assert "Trần Văn Bình" not in client.get("/apply/check").get_data(as_text=True)
    submit(client)
    with app.app_context():
        dossier = db.session.scalar(select(Dossier))
        assert "previous_marriages" not in dossier.answers and dossier.answers["marital_status"] == "single"

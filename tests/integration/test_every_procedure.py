"""Every procedure of the catalogue, walked through the test client with valid answers, files a dossier."""
import pytest
from sqlalchemy import select

from kiosk.catalogue import load_catalogue
from kiosk.dossiers.models import Dossier
from kiosk.extensions import db
from kiosk.forms.builder import is_shown
from tests.support import csrf_token, pdf_text, start, submit

CATALOGUE = load_catalogue()
FILED_ONLINE = [code for code, p in sorted(CATALOGUE.procedures.items()) if p.stage >= 3]
SAMPLE = {"name": "Nguyễn Văn An", "date": "15/05/1990", "phone": "0912345678", "text": "Số 1 Phố Huế, Hà Nội",
          "textarea": "Để làm thủ tục theo quy định", "number": "2"}


def valid_value(definition, values):
    if definition.type == "choice":
        return definition.choices[0].value
    if definition.type == "cccd":
        holder = definition.holder
        sex = (values.get(holder.sex, holder.sex) if holder and holder.sex else None) or "male"
        born = values.get(holder.birth_date, "") if holder and holder.birth_date else ""
        year = int(born[-4:]) if born else 1990
        marker = 2 * ((year - 1900) // 100) + (sex == "female")
        return f"001{marker}{year % 100:02d}012345"
    return SAMPLE[definition.type]


def step_data(step, answers):
    values, data = dict(answers), {}
    for definition in step.fields:
        if not step.repeat and not is_shown(definition, values):
            continue
        value = valid_value(definition, values)
        values[definition.name] = value
        data[f"items-0-{definition.name}" if step.repeat else definition.name] = value
    return data, values


@pytest.mark.parametrize("code", FILED_ONLINE)
def test_procedure_files_with_valid_answers(client, app, code):
    procedure = CATALOGUE.get(code)
    location, answers = start(client, code), {}
    for _ in range(len(procedure.steps)):
        if location == "/apply/check":
            break
        step = procedure.steps[procedure.step_index(location.rsplit("/", 1)[1])]
        data, answers = step_data(step, answers)
        response = client.post(location, data={"csrf_token": csrf_token(client, location), **data})
        assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
        location = response.headers["Location"]
    assert location == "/apply/check"
    response, _ = submit(client)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Dossier.procedure_code)) == code


SEED_PROCEDURES = {
    "khai-sinh", "khai-tu", "ket-hon", "dang-ky-lai-ket-hon", "dang-ky-giam-ho", "cham-dut-giam-ho",
    "xac-nhan-tinh-trang-hon-nhan", "cap-ban-sao-trich-luc-ho-tich", "chung-thuc-ban-sao",
    "cap-phep-su-dung-tam-thoi-via-he", "cap-giay-phep-xay-dung-nha-o-rieng-le",
    "cap-giay-chung-nhan-diem-cung-cap-tro-choi-dien-tu", "cap-the-huong-dan-vien-du-lich", "thong-bao-khuyen-mai",
    "cap-chung-chi-hanh-nghe-kham-chua-benh", "doi-giay-phep-lai-xe",
}


def test_the_catalogue_covers_the_seed_procedures():
    assert set(CATALOGUE.procedures) >= SEED_PROCEDURES
    assert {p.stage for p in CATALOGUE.procedures.values()} == {1, 2, 3, 4}


@pytest.mark.parametrize("code", sorted(c for c, p in CATALOGUE.procedures.items() if p.stage < 3))
def test_information_only_procedures_offer_the_blank_form_not_filing(client, code, tmp_path):
    html = client.get(f"/procedures/{code}").get_data(as_text=True)
    assert f"/procedures/{code}/form/print" in html and f"/procedures/{code}/start" not in html
    text = " ".join(pdf_text(client.get(f"/procedures/{code}/form.pdf").data, tmp_path).split())
    procedure = CATALOGUE.get(code)
    assert "TỜ KHAI" in text and procedure.name.vi.upper() in text.upper()
    labels = [field.label.vi for step in procedure.steps for field in step.fields]
    assert labels and all(label in text for label in labels), [label for label in labels if label not in text]

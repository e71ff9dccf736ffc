"""Every procedure of the catalogue, walked through the test client with valid answers, files a dossier."""
import pytest
from sqlalchemy import select

from kiosk.catalogue import load_catalogue
from kiosk.dossiers.models import Dossier
from kiosk.extensions import db
from tests.support import fill_procedure, pdf_text, submit

CATALOGUE = load_catalogue()
FILED_ONLINE = [code for code, p in sorted(CATALOGUE.procedures.items()) if p.stage >= 3]

@pytest.mark.parametrize("code", FILED_ONLINE)
def test_procedure_files_with_valid_answers(client, app, code):
    fill_procedure(client, CATALOGUE.get(code))
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

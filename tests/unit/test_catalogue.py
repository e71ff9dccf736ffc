import shutil
from pathlib import Path

import pytest

from kiosk.catalogue import CatalogueError, load_catalogue
from kiosk.catalogue.loader import DEFAULT_FOLDER


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def test_seed_procedures_load(catalogue):
    assert {"khai-sinh", "ket-hon", "xac-nhan-tinh-trang-hon-nhan"} <= set(catalogue.procedures)


@pytest.mark.parametrize("query", ["khai sinh", "KHAI SINH", "Khai Sinh", "đăng ký khai sinh", "dang ky khai sinh"])
def test_search_ignores_accents_and_case(catalogue, query):
    assert catalogue.search(query)[0].code == "khai-sinh"


def test_search_ranks_the_name_match_first(catalogue):
    assert catalogue.search("ket hon")[0].code == "ket-hon"


def test_empty_query_lists_everything(catalogue):
    assert len(catalogue.search("")) == len(catalogue.procedures)


def test_invalid_file_names_file_and_field(tmp_path):
    for source in Path(DEFAULT_FOLDER).glob("*.yaml"):
        shutil.copy(source, tmp_path)
    broken = tmp_path / "khai-sinh.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("stage: 4", "stage: 7"), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"khai-sinh\.yaml: stage: .*less than or equal to 4"):
        load_catalogue(tmp_path)


def test_applicant_must_name_a_field(tmp_path):
    source = (Path(DEFAULT_FOLDER) / "ket-hon.yaml").read_text(encoding="utf-8")
    (tmp_path / "ket-hon.yaml").write_text(source.replace("phone: contact_phone", "phone: nope"), encoding="utf-8")
    with pytest.raises(CatalogueError, match="ket-hon.yaml: .*applicant.phone names no field"):
        load_catalogue(tmp_path)


@pytest.mark.parametrize("query,code", [
    ("xac nhan doc than", "xac-nhan-tinh-trang-hon-nhan"),
    ("giấy độc thân", "xac-nhan-tinh-trang-hon-nhan"),
    ("hon ket", "ket-hon"),  # word order
    ("kêt hôn", "ket-hon"),  # a wrong tone mark
    ("lay vo", "ket-hon"),  # a synonym
])
def test_search_as_residents_type(catalogue, query, code):
    assert catalogue.search(query)[0].code == code


def test_words_match_at_word_starts_only(catalogue):
    assert catalogue.search("inh") == []


def test_browse_by_field(catalogue):
    assert {p.field for p in catalogue.search("", field="civil_status")} == {"civil_status"}
    assert "civil_status" in catalogue.fields()


def test_fees_come_from_the_rule(catalogue):
    from kiosk.dossiers.services import fee_for

    assert fee_for(catalogue.get("khai-sinh"), {}) == 0
    assert fee_for(catalogue.get("xac-nhan-tinh-trang-hon-nhan"), {}) == 15000
    per_copy = catalogue.get("xac-nhan-tinh-trang-hon-nhan").model_copy(
        update={"fee": catalogue.get("xac-nhan-tinh-trang-hon-nhan").fee.model_copy(
            update={"kind": "per_copy", "amount": 8000, "copies_field": "copies"})})
    assert fee_for(per_copy, {"copies": "3"}) == 24000


def test_late_band_and_exemption_fees(catalogue):
    from datetime import date

    from kiosk.dossiers.services import fee_for

    birth = catalogue.get("khai-sinh")
    on_time = {"child_birth_date": "2026-10-01", "fee_exemption": "none"}
    assert fee_for(birth, on_time, date(2026, 11, 22)) == 0
    late = {"child_birth_date": "2026-08-01", "fee_exemption": "none"}
    assert fee_for(birth, late, date(2026, 11, 22)) == 5000
    assert fee_for(birth, {**late, "fee_exemption": "poor_household"}, date(2026, 11, 22)) == 0

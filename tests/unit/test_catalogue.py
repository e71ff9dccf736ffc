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
    civil = catalogue.search("", field="civil_status")
    assert {p.field for p in civil} == {"civil_status"}
    assert len(civil) == sum(p.field == "civil_status" for p in catalogue.procedures.values()) >= 8
    assert "civil_status" in catalogue.fields()
    # a query within a field: its matches only, best first
    assert [p.code for p in catalogue.search("giam ho", field="civil_status")] == ["dang-ky-giam-ho",
                                                                                  "cham-dut-giam-ho"]
    assert catalogue.search("giam ho", field="transport") == []


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


# -- search as residents type (issue 15) -------------------------------------------------------------------
@pytest.mark.parametrize("query,code", [
    ("khaisinh", "khai-sinh"),  # words run together
    ("dang ki ket hon", "ket-hon"),  # kí / ký
    ("ket hn", "ket-hon"),  # a letter missing
    ("khai sinj", "khai-sinh"),  # one wrong letter in a word of four
    ("lam giay khai sinh cho con", "khai-sinh"),  # filler words around the meaning
    ("ddang kys keets hoon", "ket-hon"),  # Telex keys left in
    ("dangkykethonn", "ket-hon"),  # run together, with a letter too many
    ("photo cong chung", "chung-thuc-ban-sao"),  # what people say at the counter (spoken:)
    ("side walk", "cap-phep-su-dung-tam-thoi-via-he"),  # a word typed apart ("sidewalk" is a keyword)
    ("bac sy", "cap-chung-chi-hanh-nghe-kham-chua-benh"),  # sỹ / sĩ
])
def test_the_issue_examples_come_first(catalogue, query, code):
    assert catalogue.search(query)[0].code == code


def test_khai_sinh_does_not_list_the_driving_licence(catalogue):
    found = [p.code for p in catalogue.search("khai sinh")]
    assert found[0] == "khai-sinh" and "doi-giay-phep-lai-xe" not in found


def test_short_words_are_not_corrected(catalogue):
    assert catalogue.search("hin") == []  # three letters: "hôn", "hình" or "hin"? Not guessed


def test_a_query_of_unknown_words_finds_nothing_rather_than_filler_matches(catalogue):
    assert catalogue.search("lam cccd") == []  # "làm" alone must not list every procedure holding it
    assert catalogue.search("zzzz") == []


def test_spoken_names_are_data_searched_below_the_name():
    from kiosk.catalogue.search import SearchIndex

    real = load_catalogue().procedures
    recognised = real["khai-sinh"].model_copy(update={
        "code": "nhan-cha-me-con", "name": real["khai-sinh"].name.model_copy(update={"vi": "Đăng ký nhận cha, mẹ, con"}),
        "keywords": (), "spoken": ("nhận con", "nhận bố cho con")})
    index = SearchIndex([*real.values(), recognised])
    assert index.search("nhan cha me con")[0].code == "nhan-cha-me-con"
    assert index.search("nhan con")[0].code == "nhan-cha-me-con"  # "con" weighs, though lightly
    assert index.search("nhan bo cho con")[0].code == "nhan-cha-me-con"
    assert [p.code for p in index.search("khai sinh")][0] == "khai-sinh"


def test_spoken_must_be_a_list_of_phrases(tmp_path):
    source = (Path(DEFAULT_FOLDER) / "ket-hon.yaml").read_text(encoding="utf-8")
    (tmp_path / "ket-hon.yaml").write_text(source + "\nspoken: {a: b}\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="ket-hon.yaml: spoken"):
        load_catalogue(tmp_path)


def test_every_procedure_has_spoken_names(catalogue):
    assert all(p.spoken for p in catalogue.procedures.values())


def test_a_field_keeps_only_its_real_matches(catalogue):
    assert catalogue.search("khai sinh", field="construction") == []
    assert [p.code for p in catalogue.search("bang lai", field="transport")] == ["doi-giay-phep-lai-xe"]


def test_closest_names_when_nothing_matches(catalogue):
    assert catalogue.search("khaisinn") == []
    assert "khai-sinh" in [p.code for p in catalogue.closest("khaisinn")[:2]]  # re-registration is close too
    assert catalogue.closest("qqqq zzzz") == []


def test_the_shipped_featured_procedures_exist(catalogue):
    from kiosk.catalogue.featured import DEFAULT_FILE, read_codes

    codes = read_codes(DEFAULT_FILE)
    assert codes[:4] == ["khai-sinh", "ket-hon", "xac-nhan-tinh-trang-hon-nhan", "chung-thuc-ban-sao"]
    assert all(code in catalogue.procedures for code in codes)

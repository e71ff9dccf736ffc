"""What the published legal texts say, held in the catalogue: every fact of these procedures names its source,
and the corrections made when the texts were read stay made (issue 16)."""
import pytest

from kiosk.catalogue import load_catalogue
from kiosk.catalogue.schema import FACTS

CATALOGUE = load_catalogue()

CITED = ["chung-thuc-ban-sao", "chung-thuc-chu-ky", "chung-thuc-hop-dong", "cap-giay-phep-xay-dung-nha-o-rieng-le",
         "cap-phep-su-dung-tam-thoi-via-he", "cap-the-huong-dan-vien-du-lich", "doi-giay-phep-lai-xe",
         "dang-ky-ho-kinh-doanh", "dang-ky-tam-tru", "dang-ky-thuong-tru",
         "cap-giay-chung-nhan-diem-cung-cap-tro-choi-dien-tu", "cap-chung-chi-hanh-nghe-kham-chua-benh",
         "thong-bao-khuyen-mai"]


@pytest.mark.parametrize("code", CITED)
def test_every_fact_names_its_source_and_an_unread_one_says_so(code):
    sources = CATALOGUE.get(code).sources
    assert set(sources) == set(FACTS)
    for fact, source in sources.items():
        assert source.note, f"{code} {fact}: say where it was read, or why not"
        if source.checked_on is None:
            assert "not checked" in source.note.lower() or "unverified" in source.note.lower(), (code, fact)


def test_certified_copies_are_charged_by_page_with_a_cap_per_copy():
    fee = CATALOGUE.get("chung-thuc-ban-sao").fee
    assert fee.amount_for({"pages": "10", "copies_wanted": "3"}) == 36_000  # (2 x 2.000 + 8 x 1.000) x 3
    assert fee.per_copy(500) == 200_000
    contract = CATALOGUE.get("chung-thuc-hop-dong").fee
    assert contract.amount == 50_000 and "không tính theo giá trị" in contract.note.vi  # a flat fee, houses included


def test_time_limits_count_as_the_law_counts():
    guide = CATALOGUE.get("cap-the-huong-dan-vien-du-lich")
    assert (guide.processing_days, guide.time_unit, guide.national_code) == (15, "days", "1.004623")
    practice = CATALOGUE.get("cap-chung-chi-hanh-nghe-kham-chua-benh")
    assert (practice.processing_days, practice.time_unit, practice.fee.amount) == (30, "days", 430_000)
    game = CATALOGUE.get("cap-giay-chung-nhan-diem-cung-cap-tro-choi-dien-tu")
    assert (game.processing_days, game.time_unit, game.national_code) == (15, "days", "2.001885")
    assert CATALOGUE.get("dang-ky-ho-kinh-doanh").processing_days == 3


def test_papers_are_those_the_current_decrees_ask_for():
    household = CATALOGUE.get("dang-ky-ho-kinh-doanh")
    assert not any("Biên bản họp" in d.name.vi for d in household.documents)  # Decree 01/2021 asked; 168/2025 does not
    assert "Nghị định số 168/2025/NĐ-CP" in " ".join(household.legal_basis)
    kinds = {c.value for c in CATALOGUE.get("thong-bao-khuyen-mai").fields["promotion_kind"].choices}
    assert kinds == {"contest", "regular_customers"}  # Decree 128/2024: discounts and gifts are no longer notified
    building = CATALOGUE.get("cap-giay-phep-xay-dung-nha-o-rieng-le")
    assert "thuộc dự án" in building.not_needed.vi  # the 1/500 exemption is for houses inside a project only


def test_residence_fees_are_the_national_rate():
    for code in ("dang-ky-tam-tru", "dang-ky-thuong-tru"):
        note = CATALOGUE.get(code).fee.note.vi
        assert "75/2022/TT-BTC" in note and "Hà Nội" not in note

"""Fees as the law charges them: pages in bands, a cap per copy, times the copies (Circular 226/2016/TT-BTC)."""
from datetime import date

import pytest
from pydantic import ValidationError

from kiosk.catalogue.facts import fee_lines
from kiosk.catalogue.loader import DEFAULT_FOLDER, load_catalogue
from kiosk.catalogue.schema import Fee
from kiosk.payments.fees import fee_for
from tests.support import make_app


@pytest.fixture(scope="module")
def certified_copy():
    return load_catalogue(DEFAULT_FOLDER).get("chung-thuc-ban-sao")


def test_ten_pages_in_three_copies_cost_36000(certified_copy):
    # 2 pages at 2.000 + 8 pages at 1.000 = 12.000 per copy, three copies.
    assert fee_for(certified_copy, {"pages": "10", "copies_wanted": "3"}) == 36_000


@pytest.mark.parametrize(("pages", "copies", "fee"), [("1", "1", 2_000), ("2", "1", 4_000), ("3", "1", 5_000),
                                                       ("3", "2", 10_000)])
def test_the_bands_start_at_the_third_page(certified_copy, pages, copies, fee):
    assert fee_for(certified_copy, {"pages": pages, "copies_wanted": copies}) == fee


def test_a_long_paper_costs_at_most_200000_per_copy(certified_copy):
    assert fee_for(certified_copy, {"pages": "500", "copies_wanted": "1"}) == 200_000
    assert fee_for(certified_copy, {"pages": "500", "copies_wanted": "2"}) == 400_000


def test_bands_must_start_at_page_one_and_rise():
    with pytest.raises(ValidationError):
        Fee(kind="per_page", pages_field="pages", page_bands=[{"from_page": 3, "amount": 1000}])
    with pytest.raises(ValidationError):
        Fee(kind="per_page", pages_field="pages",
            page_bands=[{"from_page": 1, "amount": 2000}, {"from_page": 1, "amount": 1000}])
    with pytest.raises(ValidationError):
        Fee(kind="flat", amount=1, page_bands=[{"from_page": 1, "amount": 2000}])


def test_the_fee_reads_as_the_law_writes_it(tmp_path, certified_copy):
    with make_app(tmp_path).test_request_context():
        text = " ".join(fee_lines(certified_copy.fee, "vi"))
    assert "2.000 ₫" in text and "1.000 ₫" in text and "200.000 ₫" in text and "3" in text
    assert "Miễn phí" not in text


CIVIL_STATUS_WITH_A_FEE = ("khai-sinh", "khai-tu", "xac-nhan-tinh-trang-hon-nhan")


@pytest.mark.parametrize("code", CIVIL_STATUS_WITH_A_FEE)
def test_the_civil_status_exemptions_are_one_shared_set(code):
    """Law on Civil Status art. 11(1)(a): families with meritorious service, poor households, disabilities."""
    procedure = load_catalogue(DEFAULT_FOLDER).get(code)
    choices = {c.value for c in procedure.fields["fee_exemption"].choices}
    assert choices == {"none", "revolution_family", "poor_household", "disability"}
    (exemption,) = procedure.fee.exemptions
    assert set(exemption.equals) == choices - {"none"}


def test_an_exempt_family_pays_nothing_even_when_late():
    catalogue = load_catalogue(DEFAULT_FOLDER)
    marital = catalogue.get("xac-nhan-tinh-trang-hon-nhan")
    assert fee_for(marital, {"fee_exemption": "none"}) == 15_000
    assert fee_for(marital, {"fee_exemption": "revolution_family"}) == 0


def test_a_set_needs_the_field_that_asks(tmp_path):
    from kiosk.catalogue.loader import CatalogueError, load_procedure

    source = (DEFAULT_FOLDER / "xac-nhan-tinh-trang-hon-nhan.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "xac-nhan-tinh-trang-hon-nhan.yaml"
    broken.write_text(source.replace("choices_from: civil_status", "choices_from: nothing"), encoding="utf-8")
    with pytest.raises(CatalogueError, match="choices_from"):
        load_procedure(broken)
    broken.write_text(source.replace("  exemption_set: civil_status\n", "  exemption_set: unknown\n")
                      .replace("choices_from: civil_status", "choices_from: unknown"), encoding="utf-8")
    with pytest.raises(CatalogueError, match="exemption_set"):
        load_procedure(broken)


@pytest.fixture(scope="module")
def birth():
    return load_catalogue(DEFAULT_FOLDER).get("khai-sinh")


@pytest.mark.parametrize(("copies", "fee"), [("3", 16_000), ("2", 8_000), ("1", 0), ("", 0), (None, 0)])
def test_copies_of_the_birth_extract_beyond_the_first_cost_8000_each(birth, copies, fee):
    assert fee_for(birth, {"copies_wanted": copies, "fee_exemption": "none"}) == fee


def test_an_exemption_waives_the_registration_not_the_copies(birth):
    late = {"child_birth_date": "2026-01-05", "copies_wanted": "3"}
    assert fee_for(birth, {**late, "fee_exemption": "none"}, date(2026, 11, 22)) == 5_000 + 16_000
    assert fee_for(birth, {**late, "fee_exemption": "poor_household"}, date(2026, 11, 22)) == 16_000


def _with_fee(procedure, **fee):
    data = procedure.model_dump()
    data["fee"] = {**data["fee"], **fee}
    return data


def test_extra_copies_name_a_number_field_of_their_own(birth):
    from kiosk.catalogue.schema import Procedure

    copies = {"amount": 8000, "free": 1, "label": {"vi": "Bản sao", "en": "Copies"}}
    with pytest.raises(ValidationError, match="names no field"):
        Procedure.model_validate(_with_fee(birth, extra_copies={**copies, "field": "nothing"}))
    with pytest.raises(ValidationError, match="number field"):
        Procedure.model_validate(_with_fee(birth, extra_copies={**copies, "field": "child_full_name"}))
    with pytest.raises(ValidationError, match="already prices"):
        Fee(kind="per_copy", amount=8000, copies_field="copies", extra_copies={**copies, "field": "copies"})
    with pytest.raises(ValidationError):
        Fee(kind="free", extra_copies={**copies, "field": "copies", "amount": 0})


def test_what_the_resident_is_told(tmp_path, birth):
    from flask_babel import force_locale

    from kiosk.payments.fees import fee_told

    catalogue = load_catalogue(DEFAULT_FOLDER)
    rate, marital = catalogue.get("dang-ky-lai-khai-sinh"), catalogue.get("xac-nhan-tinh-trang-hon-nhan")
    copies = {**birth.fee.model_dump(), "kind": "rate", "note": {"vi": "Theo mức.", "en": "At the rate."},
              "late_bands": ()}
    rate_with_copies = birth.model_copy(update={"fee": Fee.model_validate(copies)})
    with make_app(tmp_path).test_request_context(), force_locale("en"):
        assert fee_told(rate, 0, {"fee_exemption": "none"}) == (
            "Fee at the city's rate; the officer will tell you the amount")
        assert fee_told(rate, 0, {"fee_exemption": "disability"}) == "Free of charge"
        assert fee_told(marital, 15_000, {"fee_exemption": "none"}) == "15.000 ₫"
        assert fee_told(birth, 0, {"copies_wanted": "1"}) == "Free of charge"
        assert fee_told(birth, 16_000, {"copies_wanted": "3"}) == (
            "16.000 ₫, including 2 extra copies at 8.000 ₫ each")
        assert fee_told(rate_with_copies, 8_000, {"copies_wanted": "2", "fee_exemption": "none"}) == (
            "Fee at the city's rate; the officer will tell you the amount; plus 8.000 ₫ for the copies")
        assert "Copies of the birth extract: 1 copy free, then 8.000 ₫ each" in fee_lines(birth.fee, "en")

"""Fees as the law charges them: pages in bands, a cap per copy, times the copies (Circular 226/2016/TT-BTC)."""
import pytest
from pydantic import ValidationError

from kiosk.catalogue.fees import fee_lines
from kiosk.catalogue.loader import DEFAULT_FOLDER, load_catalogue
from kiosk.catalogue.schema import Fee
from kiosk.dossiers.services import fee_for
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

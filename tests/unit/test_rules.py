from datetime import date

import pytest

from kiosk.core.text import fold, nfc
from kiosk.forms import rules

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize("value", ["001204012345", "001 204 012 345", "001.204.012.345"])
def test_cccd_accepts_twelve_digits(value):
    assert rules.cccd(value) == "001204012345"


@pytest.mark.parametrize("value", ["00120401234", "0012040123456", "00120401234A", "123456789"])
def test_cccd_refuses_anything_but_twelve_digits(value):
    with pytest.raises(rules.RuleError, match="cccd_digits"):
        rules.cccd(value)


@pytest.mark.parametrize("value", ["0912345678", "091 234 5678", "+84912345678", "0987654321"])
def test_mobile_numbers(value):
    assert rules.phone(value).startswith("09")


@pytest.mark.parametrize("value", ["12345", "02438253536", "0912", "abc", "+12025550123"])
def test_non_mobile_or_foreign_numbers_refused(value):
    with pytest.raises(rules.RuleError):
        rules.phone(value)


def test_names_are_nfc_and_keep_vietnamese_letters():
    decomposed = "Nguye\u0302\u0303n Thi\u0323 Ho\u0302\u0300ng"
    assert rules.person_name(decomposed) == nfc("Nguyễn Thị Hồng")
    assert rules.person_name("  Lê   Văn-An ") == "Lê Văn-An"


@pytest.mark.parametrize("value", ["A", "Nguyễn 2", "Lê <b>", "Trần_Văn"])
def test_bad_names_refused(value):
    with pytest.raises(rules.RuleError, match="name"):
        rules.person_name(value)


def test_dates_parse_day_first():
    assert rules.parse_date("05/09/2024", TODAY) == date(2024, 9, 5)
    assert rules.parse_date("5-9-2024", TODAY) == date(2024, 9, 5)


@pytest.mark.parametrize("value,code", [("2024-09-05", "date_format"), ("31/02/2024", "date_invalid"),
                                        ("01/01/1800", "date_invalid"), ("23/11/2026", "date_future")])
def test_bad_dates(value, code):
    with pytest.raises(rules.RuleError, match=code):
        rules.parse_date(value, TODAY, not_future=True)


def test_future_date_allowed_when_not_restricted():
    assert rules.parse_date("23/11/2026", TODAY) == date(2026, 11, 23)


def test_fold_removes_tones_and_d_stroke():
    assert fold("Đăng ký KHAI SINH") == "dang ky khai sinh"


def test_cccd_province_sex_and_century():
    assert rules.cccd("001195012345", sex="female", birth_year=1995) == "001195012345"
    assert rules.cccd("079203012345", sex="male", birth_year=2003) == "079203012345"
    with pytest.raises(rules.RuleError, match="cccd_province"):
        rules.cccd("003195012345")
    with pytest.raises(rules.RuleError, match="cccd_sex"):
        rules.cccd("001095012345", sex="female")
    with pytest.raises(rules.RuleError, match="cccd_year"):
        rules.cccd("001195012345", birth_year=1996)
    with pytest.raises(rules.RuleError, match="cccd_year"):
        rules.cccd("001195012345", birth_year=2095)  # right last digits, wrong century


def test_old_cmnd_only_where_allowed():
    assert rules.cccd("012345678", allow_cmnd=True) == "012345678"
    with pytest.raises(rules.RuleError, match="cccd_digits"):
        rules.cccd("012345678")


def test_minimum_age_on_the_day():
    assert rules.parse_date("22/11/2006", TODAY, min_age=20) == date(2006, 11, 22)
    with pytest.raises(rules.RuleError, match="too_young"):
        rules.parse_date("23/11/2006", TODAY, min_age=20)
    assert rules.parse_date("22/11/2008", TODAY, min_age=18) == date(2008, 11, 22)


def test_read_date_accepts_stored_and_typed():
    assert rules.read_date("2024-09-05") == rules.read_date("05/09/2024") == date(2024, 9, 5)
    assert rules.read_date("nonsense") is None

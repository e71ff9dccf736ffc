from datetime import date

import pytest

from kiosk.core import codes


def test_code_shape_follows_ward_terminal_date_sequence():
    code = codes.make_code("09556", 2, date(2026, 11, 22), 7)
    assert code.startswith("09556-02-261122-0007-")
    assert len(code.rsplit("-", 1)[1]) == 1


def test_parse_round_trip_and_tolerates_spaces_and_case():
    code = codes.make_code("09556", 1, date(2026, 11, 22), 42)
    parsed = codes.parse(" " + code.lower() + " ")
    assert parsed == codes.ParsedCode("09556", 1, "261122", 42)


@pytest.mark.parametrize("position", range(17))
def test_every_single_digit_typo_is_caught(position):
    code = codes.make_code("09556", 1, date(2026, 11, 22), 1234)
    digits = [i for i, ch in enumerate(code) if ch.isdigit()]
    index = digits[position]
    for replacement in "0123456789":
        if replacement == code[index]:
            continue
        typo = code[:index] + replacement + code[index + 1:]
        with pytest.raises(codes.CodeError) as caught:
            codes.parse(typo)
        assert caught.value.reason == "check"


def test_swapping_neighbouring_digits_is_caught():
    code = codes.make_code("09556", 3, date(2026, 1, 5), 9087)
    body = code.replace("-", "")[:-1]
    for i in range(len(body) - 1):
        if body[i] == body[i + 1]:
            continue
        swapped = body[:i] + body[i + 1] + body[i] + body[i + 2:]
        assert codes.check_character(swapped) != codes.check_character(body)


def test_check_alphabet_has_no_ambiguous_characters():
    assert not set("01OI") & set(codes.CHECK_ALPHABET)
    assert len(set(codes.CHECK_ALPHABET)) == 31


@pytest.mark.parametrize("raw", ["", "09556-01-261122-0007", "ABC", "9556-01-261122-0007-K"])
def test_wrong_shape_is_reported_as_shape(raw):
    with pytest.raises(codes.CodeError) as caught:
        codes.parse(raw)
    assert caught.value.reason == "shape"

"""Pure rules for what residents type. Each returns the cleaned value or raises RuleError(code)."""
import re
from datetime import date

import phonenumbers

from kiosk.core.text import nfc

_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
# Letters of any script (Vietnamese included), spaces, hyphens and apostrophes between letters.
_NAME = re.compile(r"^[^\W\d_]+(?:[ '\-][^\W\d_]+)*$")


class RuleError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def cccd(value: str) -> str:
    digits = re.sub(r"[\s.]", "", value)
    if not re.fullmatch(r"\d{12}", digits):
        raise RuleError("cccd_digits")
    return digits


def phone(value: str) -> str:
    """A Vietnamese mobile number, returned in national form: 0912345678."""
    try:
        number = phonenumbers.parse(value, "VN")
    except phonenumbers.NumberParseException as exc:
        raise RuleError("phone") from exc
    mobile = phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    if number.country_code != 84 or not phonenumbers.is_valid_number(number) or not mobile:
        raise RuleError("phone")
    return "0" + str(number.national_number)


def person_name(value: str) -> str:
    name = nfc(value)
    if len(name) < 2 or not _NAME.match(name):
        raise RuleError("name")
    return name


def parse_date(value: str, today: date, not_future: bool = False) -> date:
    match = _DATE.match(value.strip())
    if not match:
        raise RuleError("date_format")
    day, month, year = (int(part) for part in match.groups())
    try:
        parsed = date(year, month, day)
    except ValueError as exc:
        raise RuleError("date_invalid") from exc
    if parsed.year < 1900:
        raise RuleError("date_invalid")
    if not_future and parsed > today:
        raise RuleError("date_future")
    return parsed


def one_of(value: str, allowed: list[str]) -> str:
    if value not in allowed:
        raise RuleError("choice")
    return value


def count(value: str, maximum: int = 100) -> int:
    """A number of copies or people: a whole number from 1."""
    if not value.isdigit() or not 1 <= int(value) <= maximum:
        raise RuleError("count")
    return int(value)

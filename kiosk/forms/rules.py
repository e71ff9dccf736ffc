"""Pure rules for what residents type. Each returns the cleaned value or raises RuleError(code)."""
import re
from datetime import date

import phonenumbers

from kiosk.core.text import nfc

from .provinces import PROVINCE_CODES

_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_SHORT_YEAR = re.compile(r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}$")
# Letters of any script (Vietnamese included), spaces, hyphens and apostrophes between letters.
_NAME = re.compile(r"^[^\W\d_]+(?:[ '\-][^\W\d_]+)*$")


class RuleError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def cccd(value: str, sex: str | None = None, birth_year: int | None = None, allow_cmnd: bool = False) -> str:
    """A 12-digit CCCD: province code, then sex-and-century digit, then the year of birth's last two
    digits. There is no check digit, so none is invented. `allow_cmnd` accepts an old 9-digit CMND."""
    digits = re.sub(r"[\s.]", "", value)
    if allow_cmnd and re.fullmatch(r"\d{9}", digits):
        return digits
    if not re.fullmatch(r"\d{12}", digits):
        raise RuleError("cccd_digits_or_cmnd" if allow_cmnd else "cccd_digits")
    if digits[:3] not in PROVINCE_CODES:
        raise RuleError("cccd_province")
    marker = int(digits[3])
    if sex is not None and ("male", "female")[marker % 2] != sex:
        raise RuleError("cccd_sex")
    if birth_year is not None and (1900 + 100 * (marker // 2) > birth_year
                                   or birth_year >= 2000 + 100 * (marker // 2)
                                   or digits[4:6] != f"{birth_year % 100:02d}"):
        raise RuleError("cccd_year")
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


def read_date(value: str) -> date | None:
    """A date as stored (ISO) or as typed (d/m/y), or None: for cross-field checks only."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return parse_date(value, date.max)
    except RuleError:
        return None  # the date's own field reports the problem


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def parse_date(value: str, today: date, not_future: bool = False, min_age: int | None = None) -> date:
    match = _DATE.match(value.strip())
    if not match:
        # "05/09/95": 1995 or 2095? A birth date is no place to guess, so the resident is asked.
        raise RuleError("date_year" if _SHORT_YEAR.match(value.strip()) else "date_format")
    day, month, year = (int(part) for part in match.groups())
    try:
        parsed = date(year, month, day)
    except ValueError as exc:
        raise RuleError("date_invalid") from exc
    if parsed.year < 1900:
        raise RuleError("date_invalid")
    if not_future and parsed > today:
        raise RuleError("date_future")
    if min_age is not None and age_on(parsed, today) < min_age:
        raise RuleError("too_young")
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

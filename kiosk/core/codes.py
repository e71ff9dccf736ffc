"""Dossier codes: <ward>-<terminal>-<yymmdd>-<sequence>-<check>, made offline.

The check character is a weighted sum of the digits modulo 31 (a prime), so any single
mistyped digit and any swap of two neighbouring digits changes it. It is drawn from an
alphabet without 0/O/1/I so it cannot itself be misread.
"""
import re
from dataclasses import dataclass
from datetime import date

CHECK_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXY"  # 31 unambiguous characters
_SHAPE = re.compile(r"^(\d{5})-(\d{2})-(\d{6})-(\d{4})-([0-9A-Z])$")


class CodeError(ValueError):
    """A string that cannot be a dossier code; `reason` is 'shape' or 'check'."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def check_character(digits: str) -> str:
    total = sum(int(d) * weight for weight, d in enumerate(digits, start=1))
    return CHECK_ALPHABET[total % 31]


def make_code(ward_code: str, terminal_no: int, day: date, sequence: int) -> str:
    body = f"{ward_code}-{terminal_no:02d}-{day:%y%m%d}-{sequence:04d}"
    return f"{body}-{check_character(body.replace('-', ''))}"


def normalise(raw: str) -> str:
    """What a resident typed, as a canonical code: spaces dropped, dashes unified, upper case."""
    cleaned = re.sub(r"\s+", "", (raw or "").upper())
    return re.sub(r"[‐-―_.]", "-", cleaned)


@dataclass(frozen=True)
class ParsedCode:
    ward_code: str
    terminal_no: int
    day: str
    sequence: int


def parse(raw: str) -> ParsedCode:
    code = normalise(raw)
    match = _SHAPE.match(code)
    if not match:
        raise CodeError("shape")
    ward, terminal, day, sequence, check = match.groups()
    if check_character(ward + terminal + day + sequence) != check:
        raise CodeError("check")
    return ParsedCode(ward, int(terminal), day, int(sequence))

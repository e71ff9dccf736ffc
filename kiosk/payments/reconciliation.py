"""Match a bank statement's transfers to dossiers by the code in their description."""
import csv
import io
import re
from dataclasses import dataclass

from kiosk.core import codes
from kiosk.dossiers import services as dossiers

CODE_IN_TEXT = re.compile(r"\d{5}[-\s]?\d{2}[-\s]?\d{6}[-\s]?\d{4}[-\s]?[0-9A-Z]", re.IGNORECASE)


@dataclass(frozen=True)
class Line:
    row: int
    day: str
    amount: int
    description: str
    outcome: str  # matched | amount_mismatch | unmatched
    code: str | None = None
    expected: int | None = None


class StatementError(ValueError):
    def __init__(self, reason: str, row: int = 0):
        super().__init__(reason)
        self.reason, self.row = reason, row  # encoding | columns | amount


def _amount(raw: str) -> int:
    digits = re.sub(r"[^\d-]", "", raw or "")
    if not digits or digits == "-":
        raise StatementError("amount")
    return int(digits)


def _code_in(description: str) -> str | None:
    for candidate in CODE_IN_TEXT.findall(description or ""):
        digits = re.sub(r"[-\s]", "", candidate.upper())
        code = f"{digits[:5]}-{digits[5:7]}-{digits[7:13]}-{digits[13:17]}-{digits[17]}"
        try:
            codes.parse(code)
        except codes.CodeError:
            continue
        return code
    return None


def reconcile(statement: bytes, find=dossiers.find_by_code) -> list[Line]:
    """Rows of a CSV with columns date, amount, description (a header row naming them); `find` a code's
    dossier among those the reader may see."""
    try:
        text = statement.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise StatementError("encoding") from error
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"date", "amount", "description"} <= {f.strip().lower() for f in reader.fieldnames}:
        raise StatementError("columns")
    lines = []
    for number, raw in enumerate(reader, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        try:
            amount = _amount(row["amount"])
        except StatementError as error:
            raise StatementError("amount", number) from error
        code = _code_in(row["description"])
        dossier = find(code) if code else None
        if dossier is None:
            outcome, expected = "unmatched", None
        else:
            expected = dossier.fee
            outcome = "matched" if amount == dossier.fee else "amount_mismatch"
        lines.append(Line(number, row["date"], amount, row["description"], outcome, code if dossier else None,
                          expected))
    return lines

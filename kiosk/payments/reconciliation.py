"""Match a bank statement's transfers to dossiers by the code in their description."""
import csv
import io
import re
from dataclasses import dataclass

from kiosk.core import codes
from kiosk.core.text import fold
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
    reference: str = ""


class StatementError(ValueError):
    def __init__(self, reason: str, row: int = 0):
        super().__init__(reason)
        self.reason, self.row = reason, row  # encoding | columns | amount


# The column names banks in Vietnam write in their statements (Vietcombank, VietinBank, BIDV, Techcombank,
# MB, Agribank…), compared without accents or case; the English names of the first version still work.
COLUMNS = {
    "date": ("date", "ngay giao dich", "ngay gd", "ngay", "ngay hieu luc", "ngay hach toan", "thoi gian giao dich",
             "transaction date", "posting date"),
    "amount": ("amount", "so tien", "so tien ghi co", "ghi co", "phat sinh co", "so tien (vnd)", "credit",
               "credit amount", "so tien giao dich"),
    "description": ("description", "noi dung", "mo ta", "noi dung giao dich", "dien giai", "chi tiet giao dich",
                    "noi dung chi tiet", "details", "remark"),
    "reference": ("reference", "so tham chieu", "ma giao dich", "so but toan", "ma gd", "so ct", "so chung tu",
                  "ref no", "reference no"),
}
_ALIASES = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}


def _column(header: str) -> str | None:
    key = re.sub(r"\s+", " ", fold(header or "")).strip(" :")
    return _ALIASES.get(key)


def _amount(raw: str) -> int:
    raw = re.sub(r"[.,]\d{1,2}$", "", (raw or "").strip())  # "15.000,00" or "15,000.00": the đồng have no cents
    digits = re.sub(r"[^\d-]", "", raw)
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
    """Rows of a CSV whose header names a date, an amount and a description (in English or as Vietnamese banks
    write them, see COLUMNS; a reference if any), separated by commas or semicolons; `find` a code's dossier
    among those the reader may see."""
    try:
        text = statement.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise StatementError("encoding") from error
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)  # Vietnamese-locale spreadsheets save CSV with semicolons
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None) or []
    names = [_column(h) for h in header]
    if not {"date", "amount", "description"} <= set(names):
        raise StatementError("columns")
    lines = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row = {name: cell.strip() for name, cell in zip(names, cells, strict=False) if name}
        try:
            amount = _amount(row.get("amount", ""))
        except StatementError as error:
            raise StatementError("amount", number) from error
        row.setdefault("description", "")
        row.setdefault("date", "")
        code = _code_in(row["description"])
        dossier = find(code) if code else None
        if dossier is None:
            outcome, expected = "unmatched", None
        else:
            expected = dossier.fee
            outcome = "matched" if amount == dossier.fee else "amount_mismatch"
        lines.append(Line(number, row["date"], amount, row["description"], outcome, code if dossier else None,
                          expected, row.get("reference", "")))
    return lines

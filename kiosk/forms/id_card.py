"""The QR code on a chip ID card (CCCD): `ID|old ID|full name|ddmmyyyy|sex|address|ddmmyyyy`.

Read on the server, turned into the answers of the step being filled in, and forgotten: the page fills
its fields and the resident checks them before going on. Nothing of the raw scan is kept.
"""
from dataclasses import dataclass
from datetime import date

from kiosk.core.text import nfc

from . import rules

SEXES = {"nam": "male", "nữ": "female", "nu": "female"}
ADDRESS_WORDS = ("residence", "address")


@dataclass(frozen=True)
class IdCard:
    id_number: str
    old_id_number: str
    full_name: str
    birth_date: date
    sex: str  # "male" or "female"
    address: str
    issued_on: date


def _day(text: str) -> date:
    if len(text) != 8 or not text.isdigit():
        raise rules.RuleError("card_unreadable")
    try:
        return date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError as exc:
        raise rules.RuleError("card_unreadable") from exc


def read(scan: str) -> IdCard:
    """The card's data; RuleError("card_unreadable") for anything else (a receipt, a bank QR, a URL)."""
    parts = [nfc(part).strip() for part in nfc(scan).strip().split("|")]
    if len(parts) != 7:
        raise rules.RuleError("card_unreadable")
    id_number, old_id, name, born, sex, address, issued = parts
    try:
        id_number = rules.cccd(id_number)
        name = rules.person_name(" ".join(name.split()))
    except rules.RuleError as exc:
        raise rules.RuleError("card_unreadable") from exc
    if old_id and not (len(old_id) == 9 and old_id.isdigit()):
        raise rules.RuleError("card_unreadable")
    if sex.lower() not in SEXES or not address:
        raise rules.RuleError("card_unreadable")
    return IdCard(id_number, old_id, name, _day(born), SEXES[sex.lower()], address, _day(issued))


def answers_for(step, card: IdCard) -> dict[str, str]:
    """The card's data as answers of this step's fields, typed as a resident would type them: the ID
    field and the fields its holder names (date of birth, sex), the step's name field and its address."""
    fields = {d.name: d for d in step.fields}
    id_fields = [d for d in step.fields if d.type == "cccd"]
    if not id_fields:
        raise rules.RuleError("card_not_here")
    holder = id_fields[0].holder
    if holder and holder.sex in ("male", "female") and holder.sex != card.sex:
        raise rules.RuleError("card_sex")  # the mother's step, a man's card
    answers = {id_fields[0].name: card.id_number}
    if holder and holder.birth_date in fields:
        answers[holder.birth_date] = card.birth_date.strftime("%d/%m/%Y")
    if holder and holder.sex in fields:
        answers[holder.sex] = card.sex
    name = next((d for d in step.fields if d.type == "name"), None)
    if name is not None:
        answers[name.name] = card.full_name
    address = next((d for d in step.fields if d.type in ("text", "textarea")
                    and any(word in d.name for word in ADDRESS_WORDS)), None)
    if address is not None:
        answers[address.name] = card.address
    for filled in list(answers):  # a field shown only for one answer ("will you give the father's details?")
        condition = fields[filled].show_if
        if condition is not None and condition.field in fields:
            answers.setdefault(condition.field, condition.equals[0])
    return answers

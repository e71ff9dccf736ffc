"""What a dossier costs and what the resident is told about it, written once: the check page, the done page,
the receipt and the staff pages all say it with `fee_told`. The amount comes from the procedure's rules and
the answers, never from the browser."""
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext

from kiosk.core.clock import local, utcnow
from kiosk.dossiers.lateness import registration_lateness
from kiosk.i18n import format_money


def is_exempt(fee, answers: dict) -> bool:
    """An exemption the answers claim (a poor household…): the registration is free, copies are not."""
    return any(answers.get(e.field) in e.equals for e in fee.exemptions)


def copies_charge(fee, answers: dict) -> int:
    """What the extra copies asked for cost, in đồng: a fee of its own, which no exemption waives."""
    copies = fee.extra_copies
    return copies.amount * copies.charged(answers) if copies else 0


def fee_for(procedure, answers: dict, on: date | None = None) -> int:
    """The fee in đồng for registering `on` a day (today): the registration's (exempted, banded when late, or
    as the kind says) plus the extra copies'."""
    fee = procedure.fee
    registration = 0
    if not is_exempt(fee, answers):
        late = registration_lateness(procedure, answers, on or local(utcnow()).date())
        bands = [b for b in fee.late_bands if late and late.days_after > b.after_days]
        registration = max(bands, key=lambda b: b.after_days).amount if bands else fee.amount_for(answers)
    return registration + copies_charge(fee, answers)


def fee_told(procedure, amount: int, answers: dict) -> str:
    """What the resident is told about the fee of a dossier of `amount` đồng (the dossier's, as filed).

    Free only when the law makes it so (kind free, or an exemption): a fee at the city's rate is worked out
    by the officer, so its 0 đ means "not known yet", never "free"."""
    fee = procedure.fee
    if fee.kind == "rate" and not is_exempt(fee, answers):
        text = _("Fee at the city's rate; the officer will tell you the amount")
        return text + "; " + _("plus %(total)s for the copies", total=format_money(amount)) if amount else text
    if not amount:
        return _("Free of charge")
    copies = fee.extra_copies.charged(answers) if fee.extra_copies else 0
    if not copies:
        return format_money(amount)
    return format_money(amount) + ", " + ngettext("including %(num)d extra copy at %(amount)s",
                                                  "including %(num)d extra copies at %(amount)s each", copies,
                                                  amount=format_money(fee.extra_copies.amount))

"""How a procedure's fee reads, in one place for the procedure page, the checklist and the blank form."""
from flask_babel import gettext as _

from kiosk.i18n import format_money


def fee_lines(fee, locale: str) -> list[str]:
    """One sentence per rule: the base fee, then each late band, exemption and note."""
    if fee.kind == "free":
        lines = [_("Free of charge")]
    elif fee.kind == "per_copy":
        lines = [_("%(amount)s per copy", amount=format_money(fee.amount))]
    elif fee.kind == "per_page":
        first, *later = fee.page_bands
        text = _("%(amount)s per page", amount=format_money(first.amount))
        for band in later:
            text += "; " + _("from page %(page)d, %(amount)s per page", page=band.from_page,
                             amount=format_money(band.amount))
        if fee.cap_per_copy is not None:
            text += "; " + _("at most %(amount)s per copy", amount=format_money(fee.cap_per_copy))
        lines = [text + "."]
    else:
        lines = [format_money(fee.amount)]
    lines += [_("Registered more than %(days)d days after the event: %(amount)s", days=band.after_days,
                amount=format_money(band.amount)) for band in fee.late_bands]
    lines += [exemption.label.get(locale) for exemption in fee.exemptions]
    if fee.note:
        lines.append(fee.note.get(locale))
    return lines


def fee_text(fee, locale: str) -> str:
    return " ".join(line if line.endswith(".") else f"{line}." for line in fee_lines(fee, locale))

"""How a procedure's fee reads, in one place for the procedure page, the checklist and the blank form."""
from flask_babel import gettext as _
from flask_babel import ngettext

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
    elif fee.kind == "rate":
        lines = []  # the note says how it is charged
    else:
        lines = [format_money(fee.amount)]
    lines += [_("Registered more than %(days)d days after the event: %(amount)s", days=band.after_days,
                amount=format_money(band.amount)) for band in fee.late_bands]
    lines += [exemption.label.get(locale) for exemption in fee.exemptions]
    if fee.extra_copies:
        lines.append(extra_copies_line(fee.extra_copies, locale))
    if fee.note:
        lines.append(fee.note.get(locale))
    return lines


def extra_copies_line(copies, locale: str) -> str:
    what, amount = copies.label.get(locale), format_money(copies.amount)
    if not copies.free:
        return _("%(copies)s: %(amount)s each", copies=what, amount=amount)
    return ngettext("%(copies)s: %(num)d copy free, then %(amount)s each",
                    "%(copies)s: %(num)d copies free, then %(amount)s each", copies.free,
                    copies=what, amount=amount)


def fee_text(fee, locale: str) -> str:
    return " ".join(line if line.endswith(".") else f"{line}." for line in fee_lines(fee, locale))


def time_limit_text(procedure) -> str:
    """'In the day', 'N working days' or 'N days' as the law counts them; civil status adds the longer
    limit that applies when the ward must check something first."""
    days = procedure.processing_days
    if days == 0 and procedure.days_when_checked:
        text = _("In the day")  # the receipt promises the longer limit
    elif days == 0:
        text = _("In the day (received after 15:00: the next working day)")
    elif procedure.time_unit == "days":
        text = ngettext("%(num)d day", "%(num)d days", days)
    else:
        text = ngettext("%(num)d working day", "%(num)d working days", days)
    if procedure.days_when_checked:
        text = _("%(limit)s; up to %(num)d working days when checks are needed", limit=text,
                 num=procedure.days_when_checked)
    return text


def online_service_text(procedure) -> str:
    """Decree 42/2022's terms: full-process or partial online service, or information only."""
    if procedure.online_mode == "full":
        return _("Full online service (toàn trình)")
    if procedure.online_mode == "partial":
        return _("Partial online service (một phần)")
    return _("Information only: file it at the office")


def documents_to_hand_in(procedure, filed_here: bool = False) -> list:
    """Papers the resident leaves with the ward; the form's own declaration is not one when filed here."""
    return [d for d in procedure.documents if not d.shown and not (filed_here and d.declaration)]


def documents_to_show(procedure) -> list:
    return [d for d in procedure.documents if d.shown]


def document_counts(document) -> str:
    """'1 original, 2 copies' — never zeros; a paper shown is shown, not counted."""
    counts = []
    if document.originals:
        counts.append(ngettext("%(num)d original", "%(num)d originals", document.originals))
    if document.copies:
        counts.append(ngettext("%(num)d copy", "%(num)d copies", document.copies))
    return ", ".join(counts)


def document_line(document, locale: str) -> str:
    """One line of a printed list: the paper, its alternatives, when it is needed, how many."""
    line = document.name.get(locale)
    if document.alternatives:
        line += " " + _("or %(others)s", others=_(" or ").join(a.get(locale) for a in document.alternatives))
    if document.when:
        line += f" ({document.when.get(locale)})"
    counts = _("show it, it is handed back") if document.shown else document_counts(document)
    return f"{line} — {counts}" if counts else line


def fact_label(fact: str) -> str:
    return {"fee": _("Fee"), "time_limit": _("Processing time"), "documents": _("Documents"),
            "result": _("Result"), "legal_basis": _("Legal basis"), "national_code": _("National procedure code")}[fact]


def unverified_facts(procedure) -> list[str]:
    """The facts of a procedure nobody has checked against the legal text (no source or no date)."""
    from .schema import FACTS

    missing = [fact for fact in FACTS
               if fact not in procedure.sources or procedure.sources[fact].checked_on is None]
    if procedure.national_code is None:
        missing.append("national_code")
    return missing

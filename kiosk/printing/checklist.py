"""'Documents to bring', printed before a resident starts: fewer dossiers come back for a missing paper."""
from flask_babel import gettext as _
from flask_babel import ngettext

from kiosk.i18n import format_money

from .layout import Slip, render_slip
from .receipt import document_line
from .ward_slip import ward_slip


def fee_text(procedure, locale) -> str:
    fee = procedure.fee
    if fee.kind == "free":
        text = _("Free of charge")
    elif fee.kind == "per_copy":
        text = _("%(amount)s per copy", amount=format_money(fee.amount))
    else:
        text = format_money(fee.amount)
    return f"{text}. {fee.note.get(locale)}" if fee.note else text


def checklist_slip(procedure, locale: str) -> Slip:
    return ward_slip(
        heading=_("DOCUMENTS TO BRING"),
        code=procedure.name.get(locale),
        code_label=_("Procedure"),
        qr_payload=None,
        rows=((_("Processing time"), ngettext("%(num)d working day", "%(num)d working days",
                                              procedure.processing_days)),
              (_("Fee"), fee_text(procedure, locale)),
              (_("Collect the result at"), procedure.result.returned_at.get(locale))),
        list_title=_("Documents"),
        list_items=tuple(document_line(d, locale) for d in procedure.documents),
        notes=(_("Bring the originals: the staff check them against the copies and hand them back."),),
    )


def checklist_pdf(procedure, locale: str, paper: str) -> bytes:
    return render_slip(checklist_slip(procedure, locale), paper)

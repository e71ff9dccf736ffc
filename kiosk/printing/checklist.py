"""'Documents to bring', printed before a resident starts: fewer dossiers come back for a missing paper."""
from flask_babel import gettext as _

from kiosk.catalogue.facts import document_line, fee_text, time_limit_text

from .layout import Slip, render_slip
from .ward_slip import ward_slip


def checklist_slip(procedure, locale: str) -> Slip:
    return ward_slip(
        "checklist", number=procedure.national_code or procedure.code,
        code=procedure.name.get(locale),
        code_label=_("Procedure"),
        qr_payload=None,
        rows=((_("Processing time"), time_limit_text(procedure)),
              (_("Fee"), fee_text(procedure.fee, locale)),
              (_("Collect the result at"), procedure.result.returned_at.get(locale))),
        list_title=_("Documents"),
        list_items=tuple(document_line(d, locale) for d in procedure.documents),
        notes=(*(f"{n}. {step.get(locale)}" for n, step in enumerate(procedure.how_to, start=1)),
               _("Bring the originals: the staff check them against the copies and hand them back.")),
    )


def checklist_pdf(procedure, locale: str, paper: str) -> bytes:
    return render_slip(checklist_slip(procedure, locale), paper)

"""The blank declaration form of a procedure, to fill in by hand (stage 1–2: not filed online)."""
from flask_babel import gettext as _

from kiosk.catalogue.facts import document_line, fee_text

from .layout import Slip, render_slip
from .ward_slip import ward_slip


def _label(definition, locale) -> str:
    label = definition.label.get(locale)
    if definition.type == "choice":
        options = " / ".join(c.label.get(locale) for c in definition.choices)
        return f"{label} ({options})"
    if definition.type == "date":
        pattern = _("dd/mm/yyyy")
        return f"{label} ({pattern})"
    return label


def blank_form_slip(procedure, locale: str) -> Slip:
    return ward_slip(
        "declaration", number=procedure.national_code or procedure.code,
        code=procedure.name.get(locale),
        code_label=_("Procedure"),
        qr_payload=None,
        rows=((_("Fee"), fee_text(procedure.fee, locale)),),
        sections=tuple((step.title.get(locale), tuple(_label(d, locale) for d in step.fields))
                       for step in procedure.steps),
        list_title=_("Documents to hand in"),
        list_items=tuple(document_line(d, locale) for d in procedure.documents),
        notes=(_("I declare that the information above is true and I take responsibility for it under the law."),),
    )


def blank_form_pdf(procedure, locale: str, paper: str) -> bytes:
    return render_slip(blank_form_slip(procedure, locale), paper)
